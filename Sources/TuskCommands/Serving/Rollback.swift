import TuskCore
import TuskLang
import TuskServing

/// `rollback D [--to N]`: back at once to an earlier release's graph, recorded as a new release.
public struct Rollback: TuskCommand {
    public static let declaration = CommandDeclaration(
        "rollback", "Go back at once to an earlier release (by default the last one with another live model).",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [.init("to", value: "RELEASE", "the release number to go back to (see 'history')")],
        details: """
            The next request is answered by the release rolled back to. History is never rewritten:
            the rollback is a new release, so requests served before it keep the model that answered them.
            """,
        examples: ["rollback production", "rollback production --to 1"])

    let deployment: DeploymentArgument
    let to: Int?
    let toSpan: SourceSpan?

    public init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        to = try call.integer("to", in: 1...Int.max, example: "--to 1")
        toSpan = call.value("to")?.span
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let source = context.releaseSource
        return DeploymentChanged(
            try context.change(deployment, other: toSpan) { current throws(ServingError) in
                try DeploymentPolicy.rollback(current, to: to, source: source)
            })
    }
}
