import TuskCore
import TuskStore

/// One run of a pipeline on one set of input commits, as Pachyderm's `list job` shows it.
public struct JobRecord: Sendable, Codable, Equatable {
    /// Pachyderm's job states.
    public enum State: String, Sendable, Codable {
        case created, running, success, failure, killed, unrunnable
    }

    /// An input commit of a job.
    public struct Input: Sendable, Codable, Equatable, Hashable {
        public let repo: String
        public let branch: String
        public let commit: String

        public var address: CommitAddress? {
            (try? RepoName(repo)).map { CommitAddress(repo: $0, id: CommitID(hex: commit)) }
        }
    }

    public struct Datums: Sendable, Codable, Equatable {
        public var total = 0
        public var processed = 0
        /// Reused from an earlier job of the same pipeline version with the same input bytes.
        public var skipped = 0
        public var failed = 0
    }

    /// SHA-256 of the pipeline, its version, the inputs and the job's number: the same on every replay.
    public let id: String
    /// The store-wide job counter: orders jobs without a clock.
    public let number: Int
    public let pipeline: String
    public let version: Int
    public var state: State
    public let inputs: [Input]
    /// The output commit, when the job made or reused one.
    public var output: String?
    public var datums = Datums()
    public var log: [String] = []
    /// The process running the job, so another can tell a killed job from a running one.
    public var process: Int32?
    /// Why a job failed, could not run or was killed, as facts (nil in records written before
    /// tusk kept them: their log still says why).
    public var failure: JobFailure? = nil

    public var short: String { String(id.prefix(12)) }
}

/// Why a job did not succeed.
public enum JobFailure: Codable, Sendable, Equatable {
    /// The step failed on datum `datum` (1-based); `error` is nil when the runner gave only text.
    case step(datum: Int, error: StepError?)
    /// Two datums wrote one output path with different bytes.
    case conflictingWrites(path: String)
    /// The step moved a branch its own pipeline reads (`repo@branch`).
    case movedOwnInput(branches: [String])
    /// An upstream job failed, so this one could not run.
    case upstreamFailed(job: String, pipeline: String)
    /// The process running the job ended before the job did.
    case processEnded
    /// The user stopped the job (Ctrl-C) after `datums` of its datums; nothing was committed.
    case interrupted(datums: Int)
}

/// What a processed datum wrote: reused when the same pipeline version sees the same input bytes.
struct DatumRecord: Sendable, Codable {
    let job: String
    /// Output path → content SHA-256.
    let outputs: [String: String]
}

/// A pipeline as the engine keeps it: its spec, its version, and the inputs its last job saw.
public struct PipelineRecord: Sendable, Codable, Equatable {
    public let spec: PipelineSpec
    public let version: Int
    /// The input commits of the pipeline's last job; a head that differs calls for a new job.
    public var lastInputs: [JobRecord.Input]?
}
