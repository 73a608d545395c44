import TuskCore

/// A pipeline as Pachyderm declares it: a name, inputs (`pfs`, `cross`, `union`) and a transform
/// command that reads `/pfs/REPO/…` and writes `/pfs/out/…`.
///
///     {"pipeline": {"name": "income_training"},
///      "input": {"pfs": {"repo": "income_data", "branch": "master", "glob": "/"}},
///      "transform": {"cmd": ["tusk", "train", "logistic", "on", "/pfs/income_data/train.csv",
///                            "--target", "income", "-o", "/pfs/out/model.json"]}}
public struct PipelineSpec: Sendable, Equatable, Codable {
    /// An input, as in Pachyderm's spec.
    public indirect enum Input: Sendable, Equatable, Codable {
        /// A branch of a repo, split into datums by a glob.
        case pfs(PFS)
        /// Every combination of one datum from each input.
        case cross([Input])
        /// The datums of each input, one after another.
        case union([Input])

        public struct PFS: Sendable, Equatable, Codable {
            public let repo: RepoName
            public let branch: BranchName
            public let glob: String
            /// Pachyderm's `empty_files`: mount names without contents (a collector links files).
            public let emptyFiles: Bool

            public init(repo: RepoName, branch: BranchName, glob: String = "/", emptyFiles: Bool = false) {
                self.repo = repo
                self.branch = branch
                self.glob = glob
                self.emptyFiles = emptyFiles
            }
        }

        /// Every `pfs` input below this one, in order.
        public var leaves: [PFS] {
            switch self {
            case .pfs(let pfs): [pfs]
            case .cross(let inputs), .union(let inputs): inputs.flatMap(\.leaves)
            }
        }
    }

    public let name: RepoName
    public let description: String
    public let input: Input
    /// The command line, `tusk` first, as a Pachyderm container would run it.
    public let cmd: [String]
    /// Pachyderm's `reprocess_spec`: `every_job` runs every datum in every job, for steps whose
    /// effect is outside the output repo (a deploy step releases a model); nil (`until_success`)
    /// skips a datum processed before.
    public let reprocessSpec: String?

    public init(name: RepoName, description: String = "", input: Input, cmd: [String], reprocessSpec: String? = nil) {
        self.name = name
        self.description = description
        self.input = input
        self.cmd = cmd
        self.reprocessSpec = reprocessSpec
    }

    /// Whether a datum processed by an earlier job is processed again.
    public var reprocessesEveryJob: Bool { reprocessSpec == Self.everyJob }

    public static let everyJob = "every_job"

    /// The command without the leading `tusk`.
    public var command: [String] { cmd.first == "tusk" ? Array(cmd.dropFirst()) : cmd }

    /// The built-in step that gathers every input file into the output, by reference.
    public static let collect = ["tusk", "collect"]
}
