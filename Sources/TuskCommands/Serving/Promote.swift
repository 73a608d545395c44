import TuskCore
import TuskLang
import TuskServing

/// `promote D PREDICTOR`: a canary or shadow becomes the live model.
public struct Promote: TuskCommand {
    public static let declaration = CommandDeclaration(
        "promote", "Make a canary or a shadow the live model (a new release); the old live model leaves.",
        arguments: [.init("DEPLOYMENT", .deployment), .init("PREDICTOR", .text)],
        examples: ["promote production shadow-1"])

    let deployment: DeploymentArgument
    let predictor: Located<String>

    public init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        let token = try call.argument(1)
        predictor = Located(token.text, at: token.span)
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let source = context.releaseSource
        return DeploymentChanged(
            try context.change(deployment, other: predictor.span) { current throws(ServingError) in
                try DeploymentPolicy.promote(current, predictor: predictor.value, source: source)
            })
    }
}
