import TuskCore
import TuskLang
import TuskPipelines

/// `list job [PIPELINE]`: jobs, newest first, with their datums processed and skipped.
package struct ListJob: TuskCommand {
    package static let declaration = CommandDeclaration(
        "list job", "List jobs, newest first: state, datums processed and skipped, output commit.",
        arguments: [.init("PIPELINE", .text, optional: true)], examples: ["list job", "list job income_training"])

    let pipeline: Located<String>?

    package init(_ call: Invocation) throws(Diagnostic) {
        pipeline = call.optionalArgument(0).map { Located($0.text, at: $0.span) }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> JobList {
        do {
            if let pipeline { _ = try context.pipelines.record(named: pipeline.value) }
            return JobList(jobs: try context.pipelines.jobRecords(pipeline: pipeline?.value).map(JobSummary.init))
        } catch {
            throw Diagnose.pipeline(error, at: pipeline?.span)
        }
    }
}

package struct JobList: CommandOutput {
    package let jobs: [JobSummary]

    package func render(_ text: inout TextOutput) {
        guard !jobs.isEmpty else { return text.line("no jobs yet") }
        var table = TextTable("JOB", "PIPELINE", "VERSION", "STATE", "DATUMS", "SKIPPED", "OUTPUT")
        for job in jobs {
            table.add(
                String(job.id.prefix(12)), job.pipeline, "\(job.version)", job.state,
                "\(job.datums.processed + job.datums.skipped)/\(job.datums.total)", "\(job.datums.skipped)",
                job.output.map { String($0.prefix(12)) } ?? "-")
        }
        text.table(table)
    }
}
