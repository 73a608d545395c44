import TuskCore
import TuskLang
import TuskServing

/// `promote D PREDICTOR`: a canary or shadow becomes the live model.
package struct Promote: TuskCommand {
    static let force = Flag("force", "promote even when the labelled requests say the challenger is less accurate")

    package static let declaration = CommandDeclaration(
        "promote", "Make a canary or a shadow the live model (a new release); the old live model leaves.",
        arguments: [.init("DEPLOYMENT", .deployment), .init("PREDICTOR", .text)],
        options: [force],
        details: """
            The evidence first: on the labelled requests both answered since the predictor joined,
            a challenger that McNemar's exact test finds significantly less accurate than the live
            model (compare's verdict 'retire') is refused, with the counts, unless --force.
            On a deployment a deploy pipeline drives (create pipeline … --deploy D), canaries and shadows
            started by command are an overlay on the branch's model: promoting one moves the branch to its
            model's commit (a commit of the repo the pipeline reads), and the deploy pipeline's release of
            it makes it live, past the pipeline's gates.
            """,
        examples: ["promote production shadow-1"])

    let deployment: DeploymentArgument
    let predictor: Located<PredictorName>
    let forced: Bool

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        predictor = try PredictorArgument.parse(call.argument(1), of: deployment)
        forced = try call[Self.force]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentChanged {
        if !forced { try checkEvidence(context) }
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

extension Promote {
    /// Refuses a challenger the labels say is worse: compare's verdict on the requests logged
    /// since the predictor last joined (the releases that serve it without a break, newest back).
    func checkEvidence(_ context: CommandContext) throws(Diagnostic) {
        let pair = try context.serving(deployment, other: predictor.span) { engine throws(ServingError) in
            let current = try engine.registry.named(deployment.name)
            var joined: Int?
            for release in current.releases.reversed() {
                guard release.predictors.contains(where: { $0.name == predictor.value && $0.role != .live }) else {
                    break
                }
                joined = release.number
            }
            guard let joined else { return nil as ComparisonReport.Pair? }
            let window = try engine.window(deployment.name, from: .release(joined))
            return try engine.compare(window, protected: []).pairs.first { $0.challenger == predictor.value }
        }
        guard let pair, pair.verdict.reason == .lessAccurate else { return }
        throw Diagnostic(
            "\(predictor.value) is less accurate than the live model on the labelled requests both answered: "
                + VerdictText.reason(pair),
            at: predictor.span,
            help: "see 'compare \(deployment.name)'; promote it anyway with --force")
    }
}
