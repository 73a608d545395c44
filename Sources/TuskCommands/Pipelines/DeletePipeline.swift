import TuskCore
import TuskLang
import TuskPipelines

/// `delete pipeline NAME [--force]`: refused while other pipelines read its output.
public struct DeletePipeline: TuskCommand {
    static let force = Flag("force", "also delete the pipelines that read its output")

    public static let declaration = CommandDeclaration(
        "delete pipeline", "Delete a pipeline (its output repo stays).", arguments: [.init("NAME", .text)],
        options: [force],
        examples: ["delete pipeline drift_detector"])

    let name: Located<String>
    let force: Bool

    public init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        name = Located(token.text, at: token.span)
        force = try call[Self.force]
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> PipelinesDeleted {
        do { return PipelinesDeleted(pipelines: try context.pipelines.delete(name.value, force: force)) } catch {
            throw Diagnose.pipeline(error, at: name.span)
        }
    }
}

public struct PipelinesDeleted: CommandOutput {
    public let pipelines: [String]

    public func render(_ text: inout TextOutput) {
        text.line("deleted pipeline " + pipelines.joined(separator: ", ") + " (output repos kept)")
    }
}
