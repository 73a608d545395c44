import TuskCore
import TuskLang
import TuskPipelines

/// `delete pipeline NAME [--force]`: refused while other pipelines read its output.
package struct DeletePipeline: TuskCommand {
    static let force = Flag("force", "also delete the pipelines that read its output")

    package static let declaration = CommandDeclaration(
        "delete pipeline", "Delete a pipeline (its output repo stays).", arguments: [.init("NAME", .text)],
        options: [force],
        examples: ["delete pipeline drift_detector"])

    let name: Located<String>
    let force: Bool

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        name = Located(token.text, at: token.span)
        force = try call[Self.force]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> PipelinesDeleted {
        do { return PipelinesDeleted(pipelines: try context.pipelines.delete(name.value, force: force)) } catch {
            throw Diagnose.pipeline(error, at: name.span)
        }
    }
}

package struct PipelinesDeleted: CommandOutput {
    package let pipelines: [String]

    package func render(_ text: inout TextOutput) {
        text.line("deleted pipeline " + pipelines.joined(separator: ", ") + " (output repos kept)")
    }
}
