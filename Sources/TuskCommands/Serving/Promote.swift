import TuskCore
import TuskLang
import TuskServing

/// `promote D PREDICTOR`: a canary or shadow becomes the live model.
public struct Promote: TuskCommand {
    public static let declaration = CommandDeclaration(
        "promote", "Make a canary or a shadow the live model (a new release); the old live model leaves.",
        arguments: [.init("DEPLOYMENT", .deployment), .init("PREDICTOR", .text)],
        details: """
            On a deployment a deploy pipeline drives (create pipeline … --deploy D), canaries and shadows
            started by command are an overlay on the branch's model: promoting one moves the branch to its
            model's commit (a commit of the repo the pipeline reads), and the deploy pipeline's release of
            it makes it live, past the pipeline's gates.
            """,
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
        if source == .command, let driver = try context.driver(of: deployment.name) {
            // The branch is the truth: it moves to the predictor's commit, and the deploy
            // pipeline's release of that model promotes the predictor serving it.
            let current = try context.serving(deployment) { engine throws(ServingError) in
                try engine.registry.named(deployment.name)
            }
            _ = try context.serving(deployment, other: predictor.span) { _ throws(ServingError) in
                try DeploymentPolicy.promote(current, predictor: predictor.value, source: source)
            }
            guard let promoted = current.current?.predictors.first(where: { $0.name == predictor.value }) else {
                throw Diagnose.serving(.nothingReleased(deployment.name), deployment: deployment.span)
            }
            let commit = try context.commit(
                of: promoted.model, following: driver, deployment: deployment, what: "\(predictor.value)'s model")
            return try context.follow(
                driver, to: commit, deployment: deployment, because: .promote(predictor: predictor.value))
        }
        return DeploymentChanged(
            try context.change(deployment, other: predictor.span) { current throws(ServingError) in
                try DeploymentPolicy.promote(current, predictor: predictor.value, source: source)
            })
    }
}
