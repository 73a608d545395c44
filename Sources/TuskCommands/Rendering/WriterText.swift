import TuskPipelines
import TuskStore

/// A commit that wrote something, and who made it, as `blame` and `drift` by commit carry it:
/// the commit (64 hex in JSON, 12 in text), its clock and message, and the job (with its
/// pipeline and version) when a pipeline made it; none when it was made by hand.
package struct WriterText: Codable, Sendable, Equatable {
    package let commit: IDText
    package let sequence: Int
    package let message: String
    package let job: IDText?
    package let pipeline: String?
    package let version: Int?

    init(_ commit: CommitInfo, job: JobRecord?) {
        self.commit = IDText(commit.id.hex)
        sequence = commit.sequence
        message = commit.message
        self.job = job.map { IDText($0.id) }
        pipeline = job?.pipeline
        version = job?.version
    }

    /// `job 1a2b3c4d5e6f (income_training v1)`, or `by hand`.
    var madeBy: String {
        guard let job else { return "by hand" }
        return "job \(job) (\(pipeline ?? "?") v\(version ?? 0))"
    }
}
