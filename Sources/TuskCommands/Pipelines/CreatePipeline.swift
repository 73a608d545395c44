import TuskCore
import TuskLang
import TuskPipelines

/// `create pipeline NAME --input REPO@BRANCH:GLOB --step "COMMAND"`, or `create pipeline -f SPEC`:
/// a pipeline that runs whenever its input branches get a new head, writing to a repo of its name.
public struct CreatePipeline: TuskCommand {
    public static let declaration = CommandDeclaration(
        "create pipeline", "Create a pipeline: a command that runs on every new commit of its inputs.",
        arguments: PipelineArguments.arguments, options: PipelineArguments.options,
        details: """
            The step reads its inputs at /pfs/REPO/... and writes its outputs to /pfs/out/..., Pachyderm's
            convention: each job writes one commit to the repo named after the pipeline, whose provenance is
            the input commits. It runs at once on the inputs' current heads, then on every new head. A spec
            file is Pachyderm's: pipeline.name, description, input.pfs.{repo, branch, glob}, input.cross,
            input.union, transform.cmd (["tusk", ...]).
            """,
        examples: [
            "create pipeline income_training --input income_data@master:/ --step \"train logistic on /pfs/income_data/train.csv --target income -o /pfs/out/model.json\"",
            "create pipeline models --input income_training@master:/,drift@master:/ --collect",
            "create pipeline -f specs/income_training.json",
        ])

    let arguments: PipelineArguments

    public init(_ call: Invocation) throws(Diagnostic) { arguments = try PipelineArguments(call) }

    public func run(_ context: CommandContext) throws(Diagnostic) -> PipelineCreated {
        let spec = try arguments.spec(in: context)
        do { return PipelineCreated(try context.pipelines.create(spec), updated: false) } catch {
            throw arguments.diagnose(error)
        }
    }
}

public struct PipelineCreated: CommandOutput {
    public let name: String
    public let version: Int
    public let input: String
    public let command: [String]
    public let updated: Bool

    init(_ record: PipelineRecord, updated: Bool) {
        name = record.spec.name.rawValue
        version = record.version
        input = PipelineText.input(record.spec.input)
        command = record.spec.cmd
        self.updated = updated
    }

    public func render(_ text: inout TextOutput) {
        text.line(
            "\(updated ? "updated" : "created") pipeline \(name) (version \(version)): reads \(input), writes \(name)@master"
        )
    }
}
