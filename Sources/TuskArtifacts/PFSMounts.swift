import Synchronization
import TuskCore
import TuskStore

/// Pachyderm's `/pfs` as a step sees it, embedded: `/pfs/NAME/…` (an input's name, its repo's
/// by default) reads the datum's files of an input commit straight from the store, `/pfs/out/…` collects what the step writes. No bytes are
/// copied to disk; the same command line runs in a real Pachyderm container unchanged.
public final class PFSMounts: Sendable {
    /// One input as mounted: its commit and the files of the current datum.
    public struct Input: Sendable, Equatable {
        public let repo: RepoName
        public let commit: CommitID
        /// The files this datum shows, with their contents' hashes.
        public let files: [RepoPath: ContentHash]
        /// Pachyderm's `empty_files`: the files are there, by name, and read as empty (the
        /// built-in collector still links their contents, by hash).
        public let emptyFiles: Bool

        public init(repo: RepoName, commit: CommitID, files: [RepoPath: ContentHash], emptyFiles: Bool = false) {
            self.repo = repo
            self.commit = commit
            self.files = files
            self.emptyFiles = emptyFiles
        }
    }

    /// What a step wrote under `/pfs/out`.
    public enum Output: Sendable, Equatable {
        case bytes([UInt8])
        /// A file the store already holds, by reference (a collector's copy).
        case content(ContentHash)
    }

    /// The pipeline job a step runs in, so what it changes outside its output (a release) can
    /// name its cause.
    public struct Job: Sendable, Equatable {
        public let pipeline: String
        public let id: String
        /// The deployment a deploy step releases to: the one change outside `/pfs/out` its
        /// pipeline declares. Nil for every other step, which changes nothing but its output.
        public let deployment: DeploymentName?

        public init(pipeline: String, id: String, deployment: DeploymentName? = nil) {
            self.pipeline = pipeline
            self.id = id
            self.deployment = deployment
        }
    }

    /// Inputs by the name they are mounted under (the input's name, its repo's by default).
    public let inputs: [String: Input]
    public let job: Job?
    private let written = Mutex<[RepoPath: Output]>([:])

    public init(inputs: [String: Input], job: Job? = nil) {
        self.inputs = inputs
        self.job = job
    }

    /// The files written so far, by path under `/pfs/out`.
    public var outputs: [RepoPath: Output] { written.withLock { $0 } }

    public func write(_ output: Output, to path: RepoPath) { written.withLock { $0[path] = output } }

    /// Splits `/pfs/NAME/rest` into the mount name and the path inside it; nil for other paths.
    public static func split(_ path: String) -> (mount: String, path: RepoPath)? {
        guard path.hasPrefix("/pfs/") else { return nil }
        let rest = path.dropFirst("/pfs/".count)
        let name = rest.prefix { $0 != "/" }
        guard !name.isEmpty, let inner = try? RepoPath(String(rest.dropFirst(name.count))) else { return nil }
        return (String(name), inner)
    }
}
