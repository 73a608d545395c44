import TuskCore
import TuskLang
import TuskPipelines

/// `list pipeline`: every pipeline in DAG order, with its last job.
package struct ListPipeline: TuskCommand {
    package static let declaration = CommandDeclaration(
        "list pipeline", "List pipelines in the order data flows through them, with their last job.",
        examples: ["list pipeline"])

    package init(_ call: Invocation) {}

    package func run(_ context: CommandContext) throws(Diagnostic) -> PipelineList {
        do {
            let jobs = try context.pipelines.jobRecords()
            return PipelineList(
                pipelines: try context.pipelines.records().map { record in
                    PipelineList.Pipeline(
                        name: record.spec.name.rawValue, version: record.version,
                        input: PipelineText.input(record.spec.input), command: record.spec.cmd,
                        lastJob: jobs.first { $0.pipeline == record.spec.name.rawValue }.map(JobSummary.init))
                })
        } catch {
            throw Diagnose.pipeline(error, at: nil)
        }
    }
}

package struct PipelineList: CommandOutput {
    package struct Pipeline: Codable, Sendable {
        package let name: String
        package let version: Int
        package let input: String
        package let command: [String]
        package let lastJob: JobSummary?
    }

    package let pipelines: [Pipeline]

    package func render(_ text: inout TextOutput) {
        guard !pipelines.isEmpty else {
            return text.line(
                "no pipelines yet; create one with 'create pipeline NAME --input REPO@BRANCH:/ --step ...'")
        }
        var table = TextTable("NAME", "VERSION", "INPUT", "LAST JOB", "STATE")
        for pipeline in pipelines {
            table.add(
                pipeline.name, "\(pipeline.version)", pipeline.input,
                pipeline.lastJob.map { String($0.id.prefix(12)) } ?? "-",
                pipeline.lastJob?.state ?? "-")
        }
        text.table(table)
    }
}
