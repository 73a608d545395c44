import TuskArtifacts
import TuskCore
import TuskLang
import TuskServing

/// `shadow D MODEL`: a model that sees every request, whose answers are logged, never returned.
package struct Shadow: TuskCommand {
    package static let declaration = CommandDeclaration(
        "shadow", "Mirror every request of a deployment to another model; its answers are logged, never returned.",
        arguments: [.init("DEPLOYMENT", .deployment), .init("MODEL", .data)],
        details: "Several shadows may run. 'compare' sets them against the live model; 'promote' makes one live.",
        examples: ["shadow production models@master"])

    let deployment: DeploymentArgument
    let model: DataArgument

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        model = try DataArgument(call.argument(1))
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let address = try context.serving(deployment, model: model) { engine throws(ServingError) in
            try engine.resolve(model.location).address
        }
        let source = context.releaseSource
        return DeploymentChanged(
            try context.change(deployment, model: model) { current throws(ServingError) in
                try DeploymentPolicy.shadow(current, model: address, source: source)
            })
    }
}
