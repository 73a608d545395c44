import TuskCore
import TuskPipelines

extension JobsReport {
    /// The error a command ends with when Ctrl-C stopped one of the jobs it ran: the job stays on
    /// record as killed and committed nothing; nil when no job was stopped.
    package static func interruption(_ jobs: [JobRecord], cancelled: Bool) -> Diagnostic? {
        guard cancelled, let job = jobs.last(where: { $0.state == .killed }) else { return nil }
        return Diagnostic(
            "interrupted: job \(job.short) of \(job.pipeline) stopped; nothing of it was committed",
            help: "'list job' shows it killed; 'rerun pipeline \(job.pipeline)' runs it again", category: .cancelled)
    }
}
