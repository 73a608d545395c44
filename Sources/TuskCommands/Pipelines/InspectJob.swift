import TuskCore
import TuskLang
import TuskPipelines

/// `inspect job ID`: a job's state, inputs, output, datums and log.
package struct InspectJob: TuskCommand {
    package static let declaration = CommandDeclaration(
        "inspect job", "Show a job: pipeline version, input commits, output commit, datums, log.",
        arguments: [.init("ID", .text)], details: "ID is a unique prefix of 4 digits or more.",
        examples: ["inspect job 3f2a9c"])

    let id: Located<String>

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        id = Located(token.text, at: token.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> JobDetails {
        do { return JobDetails(try context.pipelines.job(id.value), logOnly: false) } catch {
            throw Diagnose.pipeline(error, at: id.span)
        }
    }
}

/// `logs ID`: what a job's datums printed, and the error of a failed one.
package struct Logs: TuskCommand {
    package static let declaration = CommandDeclaration(
        "logs", "Print a job's log: each datum, what its step printed, and any error.",
        arguments: [.init("ID", .text)], examples: ["logs 3f2a9c"])

    let id: Located<String>

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        id = Located(token.text, at: token.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> JobDetails {
        do { return JobDetails(try context.pipelines.job(id.value), logOnly: true) } catch {
            throw Diagnose.pipeline(error, at: id.span)
        }
    }
}

package struct JobDetails: CommandOutput {
    /// A job as recorded, with why it did not succeed as facts (`reason`) rather than the
    /// record's own form.
    package struct Job: Codable, Sendable {
        package let id: String
        package let number: Int
        package let pipeline: String
        package let version: Int
        package let state: String
        package let inputs: [JobRecord.Input]
        package let output: String?
        package let datums: JobRecord.Datums
        package let log: [String]
        package let reason: JobReason?

        init(_ job: JobRecord) {
            id = job.id
            number = job.number
            pipeline = job.pipeline
            version = job.version
            state = job.state.rawValue
            inputs = job.inputs
            output = job.output
            datums = job.datums
            log = job.log
            reason = JobReason.of(job, logged: JobSummary.reasonText(job))
        }
    }

    package let job: Job
    package let logOnly: Bool

    init(_ job: JobRecord, logOnly: Bool) {
        self.job = Job(job)
        self.logOnly = logOnly
    }

    package func render(_ text: inout TextOutput) {
        if logOnly { return text.lines(job.log) }
        var fields = FieldList()
        fields.add("Job", job.id)
        fields.add("Pipeline", "\(job.pipeline) (version \(job.version))")
        fields.add("State", job.state)
        fields.add(
            "Inputs", job.inputs.map { "\($0.repo)@\($0.commit.prefix(12)) (\($0.branch))" }.joined(separator: ", "))
        fields.add("Output", job.output.map { "\(job.pipeline)@\($0.prefix(12))" } ?? "-")
        fields.add(
            "Datums",
            "\(job.datums.total) total, \(job.datums.processed) processed, \(job.datums.skipped) skipped, \(job.datums.failed) failed"
        )
        text.fields(fields)
        text.line("Log:")
        text.lines(job.log.map { "  " + $0 })
    }
}
