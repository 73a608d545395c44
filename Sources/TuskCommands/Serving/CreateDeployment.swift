import TuskCore
import TuskLang
import TuskServing

/// `create deployment NAME [--seed N]`: a deployment with no release yet.
package struct CreateDeployment: TuskCommand {
    static let seed = Option<Int>(
        "seed", value: "N", "mixed into routing, so canary splits replay the same (default: from the name)", in: 0...,
        example: "7")

    package static let declaration = CommandDeclaration(
        "create deployment", "Create a deployment (a SeldonDeployment) to release models to.",
        arguments: [.init("NAME", .text)],
        options: [seed],
        details: "Names use letters, digits, '-' and '_', starting with a letter.",
        examples: ["create deployment production"])

    let name: DeploymentArgument
    let seed: Int?

    package init(_ call: Invocation) throws(Diagnostic) {
        name = try DeploymentArgument(call.argument(0))
        seed = try call[Self.seed]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentCreated {
        try context.checkCancelled()
        let deployment = try context.serving(name) { engine throws(ServingError) in
            try engine.registry.create(name.name, seed: seed.map { UInt64($0) })
        }
        return DeploymentCreated(deployment: deployment.name)
    }
}

package struct DeploymentCreated: CommandOutput {
    package let deployment: DeploymentName

    package func render(_ text: inout TextOutput) {
        text.line("created deployment \(deployment) (no release yet: release \(deployment) MODEL)")
    }
}
