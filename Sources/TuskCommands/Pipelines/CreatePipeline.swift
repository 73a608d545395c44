import TuskCore
import TuskLang
import TuskPipelines

/// `create pipeline NAME --input REPO@BRANCH:GLOB --step "COMMAND"`, or `create pipeline -f SPEC`:
/// a pipeline that runs whenever its input branches get a new head, writing to a repo of its name.
package struct CreatePipeline: TuskCommand {
    package static let declaration = CommandDeclaration(
        "create pipeline", "Create a pipeline: a command that runs on every new commit of its inputs.",
        arguments: PipelineArguments.arguments, options: PipelineArguments.options,
        details: """
            The step reads its inputs at /pfs/NAME/... and writes its outputs to /pfs/out/..., Pachyderm's
            convention: each job writes one commit to the repo named after the pipeline, whose provenance is
            the input commits. It runs at once on the inputs' current heads, then on every new head. A spec
            file is Pachyderm's, JSON or YAML, and may hold several pipelines (YAML documents separated by
            ---, or JSON objects one after another): all are created, or none. It reads pipeline.name,
            description, input.pfs.{repo, branch, glob, name, empty_files}, input.cross, input.union,
            transform.cmd (["tusk", ...], or "/usr/local/bin/tusk"), or cmd ["tusk"] with a script of tusk
            commands in transform.stdin (one a line), and reprocess_spec. An input's name is where the step
            sees it, /pfs/NAME (the repo's name by default); with empty_files its files are there by name
            and read as empty, as in a Pachyderm container (a collector still links their contents). The glob is required, in Pachyderm's syntax: *,
            **, ?, [abc], [!a-z], {a,b}, (a|b). Pachyderm's other fields (join, group, cron,
            parallelism_spec, resource_requests, ...) are refused by name with the nearest tusk way.
            A step's world is its inputs and /pfs/out: commands that change the store, a deployment or the
            request log, or read beyond the inputs, are refused, here and in every job; a deploy pipeline
            (--deploy D) releases to D and nowhere else.
            """,
        examples: [
            "create pipeline income_training --input income_data@master:/ --step \"train logistic on /pfs/income_data/train.csv --target income -o /pfs/out/model.json\"",
            "create pipeline models --input income_training@master:/,drift@master:/ --collect",
            "create pipeline -f specs/income_training.json",
        ])

    let arguments: PipelineArguments

    package init(_ call: Invocation) throws(Diagnostic) { arguments = try PipelineArguments(call) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> PipelineCreated {
        let specs = try arguments.specs(in: context)
        let records: [PipelineRecord]
        do { records = try context.pipelines.create(specs) } catch { throw arguments.diagnose(error) }
        var created = PipelineCreated(records[0], updated: false)
        created.also = records.count > 1 ? records.dropFirst().map { PipelineCreated($0, updated: false) } : nil
        return created
    }
}

package struct PipelineCreated: CommandOutput {
    package let name: String
    package let version: Int
    package let input: String
    package let command: [String]
    package let updated: Bool
    /// The other pipelines of a multi-document spec, created with this one.
    package var also: [PipelineCreated]?

    init(_ record: PipelineRecord, updated: Bool) {
        name = record.spec.name.rawValue
        version = record.version
        input = PipelineText.input(record.spec.input)
        command = record.spec.cmd
        self.updated = updated
    }

    package func render(_ text: inout TextOutput) {
        text.line(
            "\(updated ? "updated" : "created") pipeline \(name) (version \(version)): reads \(input), writes \(name)@master"
        )
        for other in also ?? [] { other.render(&text) }
    }
}
