import Foundation
import TuskCore

/// A pipeline as Pachyderm declares it: a name, inputs (`pfs`, `cross`, `union`) and a transform
/// command that reads `/pfs/NAME/…` (an input's `name`, its repo by default) and writes `/pfs/out/…`.
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
            /// Pachyderm's glob (``Glob``): `/` is one datum, `/*` one per top-level entry.
            public let glob: String
            /// Pachyderm's `empty_files`: mount names without contents (a collector links files).
            public let emptyFiles: Bool
            /// Pachyderm's `name`: the step sees the input at `/pfs/NAME`; nil means the repo's name.
            public let name: String?

            public init(
                repo: RepoName, branch: BranchName, glob: String = "/", emptyFiles: Bool = false, name: String? = nil
            ) {
                self.repo = repo
                self.branch = branch
                self.glob = glob
                self.emptyFiles = emptyFiles
                self.name = name
            }

            /// Where the step sees this input: `/pfs/MOUNT`.
            public var mount: String { name ?? repo.rawValue }
        }

        /// The first mount name two inputs share where Pachyderm refuses it (its `validateNames`):
        /// the inputs of a cross are mounted side by side, so their names must differ; the
        /// branches of a union are never mounted together, so they may share one (a name a
        /// union shows still may not clash with an input crossed with it). `out` is the output.
        public var clashingMount: String? {
            var names = Set<String>()
            return Self.clash(self, &names)
        }

        private static func clash(_ input: Input, _ names: inout Set<String>) -> String? {
            switch input {
            case .pfs(let pfs):
                if pfs.mount == "out" || !names.insert(pfs.mount).inserted { return pfs.mount }
                return nil
            case .cross(let inputs):
                for input in inputs { if let name = clash(input, &names) { return name } }
                return nil
            case .union(let inputs):
                var shown = Set<String>()
                for input in inputs {
                    var branch = names
                    if let name = clash(input, &branch) { return name }
                    shown.formUnion(branch)
                }
                names.formUnion(shown)
                return nil
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
    /// Pachyderm's `transform.stdin`: with `cmd: [tusk]`, a script of tusk commands, one a line,
    /// which `tusk` reads from its standard input in the container and the engine runs in order on
    /// each datum. Empty for a one-command step.
    public let stdin: [String]
    /// Pachyderm's `reprocess_spec`: `every_job` runs every datum in every job, for steps whose
    /// effect is outside the output repo (a deploy step releases a model); nil (`until_success`)
    /// skips a datum processed before.
    public let reprocessSpec: String?

    public init(
        name: RepoName, description: String = "", input: Input, cmd: [String], stdin: [String] = [],
        reprocessSpec: String? = nil
    ) {
        self.name = name
        self.description = description
        self.input = input
        self.cmd = cmd
        self.stdin = stdin
        self.reprocessSpec = reprocessSpec
    }

    enum CodingKeys: String, CodingKey { case name, description, input, cmd, stdin, reprocessSpec }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(RepoName.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        input = try container.decode(Input.self, forKey: .input)
        cmd = try container.decode([String].self, forKey: .cmd)
        // Records written before stdin existed have none.
        stdin = try container.decodeIfPresent([String].self, forKey: .stdin) ?? []
        reprocessSpec = try container.decodeIfPresent(String.self, forKey: .reprocessSpec)
    }

    /// Whether a datum processed by an earlier job is processed again.
    public var reprocessesEveryJob: Bool { reprocessSpec == Self.everyJob }

    public static let everyJob = "every_job"

    /// The command without the leading `tusk` (or the path of the image's `tusk`).
    public var command: [String] { Self.isTusk(cmd.first) ? Array(cmd.dropFirst()) : cmd }

    /// The lines of the `stdin` script that are commands: Pachyderm joins the entries with
    /// newlines, and a piped tusk script skips blank lines and `#` comments.
    public var scriptLines: [String] { Self.scriptLines(stdin) }

    static func scriptLines(_ stdin: [String]) -> [String] {
        stdin.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }.compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.isEmpty || text.hasPrefix("#") ? nil : text
        }
    }

    /// Whether the step is the built-in collector (`tusk collect`).
    public var collects: Bool { stdin.isEmpty && command == ["collect"] }

    /// The deployment a deploy step releases to in every job (`tusk release D /pfs/REPO`, with
    /// `reprocess_spec: every_job`): the one thing outside `/pfs/out` a step may change. Nil
    /// too when the word is no deployment name: the step's own check refuses it, by the DSL's rule.
    public var deployment: DeploymentName? { Self.deployment(cmd: cmd, stdin: stdin, reprocessSpec: reprocessSpec) }

    static func deployment(cmd: [String], stdin: [String], reprocessSpec: String?) -> DeploymentName? {
        guard reprocessSpec == everyJob, stdin.isEmpty, isTusk(cmd.first), cmd.count > 2, cmd[1] == "release" else {
            return nil
        }
        return try? DeploymentName(cmd[2])
    }

    /// `tusk`, or an absolute path to it (`/usr/local/bin/tusk`, where the exported image has it).
    public static func isTusk(_ word: String?) -> Bool {
        guard let word else { return false }
        return word == "tusk" || (word.hasPrefix("/") && word.hasSuffix("/tusk"))
    }

    /// The built-in step that gathers every input file into the output, by reference.
    public static let collect = ["tusk", "collect"]
}
