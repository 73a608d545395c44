import TuskArtifacts
import TuskCore
import TuskLang
import TuskServing

/// `canary D MODEL --traffic N`: a second model answers N percent of requests.
package struct Canary: TuskCommand {
    static let traffic = Option<Int>(
        "traffic", value: "PERCENT", "the share of requests it answers, 1 to 99", in: 1...99, example: "10",
        required: true)

    package static let declaration = CommandDeclaration(
        "canary", "Send a share of a deployment's requests to another model (a canary; several make an A/B test).",
        arguments: [.init("DEPLOYMENT", .deployment), .init("MODEL", .data)],
        options: [traffic],
        details: """
            Which requests go to the canary is decided by a hash of the request id and the deployment's
            seed, so replaying a stream splits it the same way. The live model also scores the
            canary's requests (logged, not returned), so 'compare' sees both on the same requests.
            """,
        examples: ["canary production models@master --traffic 10"])

    let deployment: DeploymentArgument
    let model: DataArgument
    let traffic: Int
    let trafficSpan: SourceSpan?

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        model = try DataArgument(call.argument(1))
        traffic = try call.required(Self.traffic)
        trafficSpan = call.valueSpan(Self.traffic)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        let address = try context.serving(deployment, model: model) { engine throws(ServingError) in
            try engine.resolve(model.location).address
        }
        let source = context.releaseSource
        return DeploymentChanged(
            try context.change(deployment, model: model, other: trafficSpan) { current throws(ServingError) in
                try DeploymentPolicy.canary(current, model: address, traffic: traffic, source: source)
            })
    }
}
