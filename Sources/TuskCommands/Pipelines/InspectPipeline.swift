import TuskCore
import TuskLang
import TuskPipelines

/// `inspect pipeline NAME`.
package struct InspectPipeline: TuskCommand {
    package static let declaration = CommandDeclaration(
        "inspect pipeline", "Show a pipeline: version, inputs, command, jobs.", arguments: [.init("NAME", .text)],
        examples: ["inspect pipeline income_training"])

    let name: Located<String>

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        name = Located(token.text, at: token.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> PipelineDetails {
        do {
            let record = try context.pipelines.record(named: name.value)
            let jobs = try context.pipelines.jobRecords(pipeline: name.value)
            let downstream = try context.pipelines.downstream(of: record.spec.name).map(\.spec.name.rawValue)
            return PipelineDetails(
                name: record.spec.name.rawValue, version: record.version, description: record.spec.description,
                input: PipelineText.input(record.spec.input), command: record.spec.cmd,
                script: record.spec.stdin.isEmpty ? nil : record.spec.scriptLines, downstream: downstream,
                jobs: jobs.count, lastJob: jobs.first.map(JobSummary.init))
        } catch {
            throw Diagnose.pipeline(error, at: name.span)
        }
    }
}

package struct PipelineDetails: CommandOutput {
    package let name: String
    package let version: Int
    package let description: String
    package let input: String
    package let command: [String]
    /// The commands of a `transform.stdin` script, one a line; nil for a one-command step.
    package let script: [String]?
    /// Pipelines that read this one's output, directly or not.
    package let downstream: [String]
    package let jobs: Int
    package let lastJob: JobSummary?

    package func render(_ text: inout TextOutput) {
        var fields = FieldList()
        fields.add("Name", name)
        fields.add("Version", "\(version)")
        fields.add("Description", description.isEmpty ? "-" : description)
        fields.add("Input", input)
        fields.add("Command", command.joined(separator: " "))
        if let script { fields.add("Script", script.joined(separator: "; ")) }
        fields.add("Output", "\(name)@master")
        fields.add("Downstream", downstream.isEmpty ? "none" : downstream.joined(separator: ", "))
        fields.add("Jobs", "\(jobs)")
        fields.add("Last job", lastJob?.line.plain ?? "-")
        text.fields(fields)
    }
}
