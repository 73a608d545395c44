import TuskCore
import TuskLang
import TuskPipelines

/// `rerun pipeline NAME`: a job on the current heads, after a killed or failed one.
package struct RerunPipeline: TuskCommand {
    package static let declaration = CommandDeclaration(
        "rerun pipeline", "Run a pipeline again on its inputs' current heads.", arguments: [.init("NAME", .text)],
        details: """
            Datums already processed by this version with the same input bytes are reused. A job Ctrl-C stopped
            is on record as killed, with nothing committed: this runs it again.
            """,
        examples: ["rerun pipeline income_training"])

    let name: Located<String>

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        name = Located(token.text, at: token.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> JobsReport {
        let jobs: [JobRecord]
        do { jobs = try context.pipelines.rerun(name.value) } catch {
            throw Diagnose.pipeline(error, at: name.span)
        }
        let cancelled = context.cancellation?.isCancelled == true
        if let interruption = JobsReport.interruption(jobs, cancelled: cancelled) { throw interruption }
        return JobsReport(jobs)
    }
}
