import TuskCore
import TuskLang
import TuskPipelines

/// `update pipeline …`: the next version of a pipeline; jobs record the version they ran.
package struct UpdatePipeline: TuskCommand {
    package static let declaration = CommandDeclaration(
        "update pipeline", "Change a pipeline: its next version runs on the inputs' current heads.",
        arguments: PipelineArguments.arguments, options: PipelineArguments.options,
        details: "Datums processed by an earlier version are processed again: the work is the version's.",
        examples: [
            "update pipeline income_training --input income_data@master:/ --step \"train boosted on /pfs/income_data/train.csv --target income -o /pfs/out/model.json\""
        ])

    let arguments: PipelineArguments

    package init(_ call: Invocation) throws(Diagnostic) { arguments = try PipelineArguments(call) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> PipelineCreated {
        let spec = try arguments.spec(in: context)
        do { return PipelineCreated(try context.pipelines.create(spec, update: true), updated: true) } catch {
            throw arguments.diagnose(error)
        }
    }
}
