import TuskCore
import TuskLang
import TuskServing

/// `retire D PREDICTOR`: a canary or shadow leaves the deployment.
package struct Retire: TuskCommand {
    package static let declaration = CommandDeclaration(
        "retire", "Remove a canary or a shadow from a deployment (a new release).",
        arguments: [.init("DEPLOYMENT", .deployment), .init("PREDICTOR", .text)],
        examples: ["retire production canary-1"])

    let deployment: DeploymentArgument
    let predictor: Located<PredictorName>

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        predictor = try PredictorArgument.parse(call.argument(1), of: deployment)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let source = context.releaseSource
        return DeploymentChanged(
            try context.change(deployment, other: predictor.span) { current throws(ServingError) in
                try DeploymentPolicy.retire(current, predictor: predictor.value, source: source)
            })
    }
}
