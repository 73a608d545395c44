/// The release, rollback, canary, shadow, promote and retire rules, as pure functions of a
/// deployment: no store, no clock, so each rule is tested on its own.
public enum DeploymentPolicy {
    /// A model becomes the live predictor; canaries and shadows stay. A canary or shadow that
    /// serves the same model is promoted by it: it leaves, and the release says so (a
    /// branch-driven deployment promotes a shadow by moving its branch to the shadow's commit).
    /// A model an earlier release served live is a rollback to the latest such release (a
    /// branch-driven deployment rolls back by moving its branch back, as the original Pachyderm
    /// and Seldon demo does); its canaries and shadows stay.
    public static func release(_ deployment: Deployment, model: ModelAddress, source: Release.Source = .command)
        throws(ServingError) -> Deployment
    {
        if let live = deployment.current?.live, live.model.sameBytes(as: model) {
            throw ServingError(
                kind: .alreadyServing, message: "'\(deployment.name)' already serves \(model) as its live model",
                help: "nothing to release", deployment: deployment.name)
        }
        var next = deployment
        let others = deployment.current?.predictors.filter { $0.role != .live } ?? []
        let promoted = others.first { $0.model.sameBytes(as: model) }
        next.append(
            [Predictor(name: .live, model: model, role: .live)]
                + others.filter { $0.name != promoted?.name },
            cause: promoted.map { .promote(predictor: $0.name) }
                ?? deployment.releases.last { $0.live?.model.sameBytes(as: model) == true }.map {
                    .rollback(to: $0.number)
                } ?? .release(model: model),
            source: source)
        return next
    }

    /// Back to release `number`'s graph, as a new release (history is never rewritten). By
    /// default, the latest earlier release that served another live model: undoing the last
    /// change of model, not the last canary or shadow added beside it.
    public static func rollback(_ deployment: Deployment, to number: Int?, source: Release.Source = .command)
        throws(ServingError) -> Deployment
    {
        guard let current = deployment.current else { throw .nothingReleased(deployment.name) }
        let target: Release
        if let number {
            guard let release = deployment.release(number) else {
                throw .noSuchRelease(number, deployment.name, latest: current.number)
            }
            guard number != current.number else {
                throw ServingError(
                    kind: .nothingToRollBack, message: "release \(number) is what '\(deployment.name)' serves now",
                    help: current.number > 1
                        ? "name an earlier one (1 to \(current.number - 1))" : "it has one release",
                    deployment: deployment.name, latest: current.number, release: number)
            }
            target = release
        } else {
            guard
                let release = deployment.releases.last(where: {
                    $0.number < current.number && $0.live?.model != current.live?.model
                })
            else {
                throw ServingError(
                    kind: .nothingToRollBack,
                    message: "'\(deployment.name)' has no earlier release with another live model",
                    help: current.number > 1 ? "name a release to go back to" : "it has one release",
                    deployment: deployment.name, latest: current.number)
            }
            target = release
        }
        var next = deployment
        next.append(target.predictors, cause: .rollback(to: target.number), source: source)
        return next
    }

    /// A canary takes `traffic` percent of requests.
    public static func canary(
        _ deployment: Deployment, model: ModelAddress, traffic: Int, source: Release.Source = .command
    ) throws(ServingError) -> Deployment {
        guard let current = deployment.current, current.live != nil else { throw .nothingReleased(deployment.name) }
        guard (1...99).contains(traffic) else { throw .badTraffic(traffic) }
        try refuseServed(model, in: deployment)
        let taken = current.predictors.reduce(0) { sum, p in
            if case .canary(let t) = p.role { return sum + t }
            return sum
        }
        guard taken + traffic < 100 else { throw .badTraffic(taken + traffic) }
        let name = uniqueName(.canary, in: current.predictors)
        var next = deployment
        next.append(
            current.predictors + [Predictor(name: name, model: model, role: .canary(traffic: traffic))],
            cause: .canary(model: model, traffic: traffic), source: source)
        return next
    }

    /// A shadow sees every request; its answers are logged, never returned.
    public static func shadow(_ deployment: Deployment, model: ModelAddress, source: Release.Source = .command)
        throws(ServingError) -> Deployment
    {
        guard let current = deployment.current, current.live != nil else { throw .nothingReleased(deployment.name) }
        try refuseServed(model, in: deployment)
        let name = uniqueName(.shadow, in: current.predictors)
        var next = deployment
        next.append(
            current.predictors + [Predictor(name: name, model: model, role: .shadow)], cause: .shadow(model: model),
            source: source)
        return next
    }

    /// A canary or a shadow becomes the live model; the old live model leaves.
    public static func promote(
        _ deployment: Deployment, predictor name: PredictorName, source: Release.Source = .command
    )
        throws(ServingError) -> Deployment
    {
        guard let current = deployment.current else { throw .nothingReleased(deployment.name) }
        guard let promoted = current.predictors.first(where: { $0.name == name }), promoted.role != .live else {
            throw .noSuchPredictor(name, among: current.predictors.filter { $0.role != .live }.map(\.name))
        }
        var next = deployment
        let rest = current.predictors.filter { $0.role != .live && $0.name != name }
        next.append(
            [Predictor(name: .live, model: promoted.model, role: .live)] + rest, cause: .promote(predictor: name),
            source: source)
        return next
    }

    /// A canary or a shadow leaves.
    public static func retire(
        _ deployment: Deployment, predictor name: PredictorName, source: Release.Source = .command
    )
        throws(ServingError) -> Deployment
    {
        guard let current = deployment.current else { throw .nothingReleased(deployment.name) }
        guard current.predictors.contains(where: { $0.name == name && $0.role != .live }) else {
            throw .noSuchPredictor(name, among: current.predictors.filter { $0.role != .live }.map(\.name))
        }
        var next = deployment
        next.append(current.predictors.filter { $0.name != name }, cause: .retire(predictor: name), source: source)
        return next
    }

    /// A model the deployment already serves gains nothing as another predictor.
    private static func refuseServed(_ model: ModelAddress, in deployment: Deployment) throws(ServingError) {
        if let same = deployment.current?.predictors.first(where: { $0.model.sameBytes(as: model) }) {
            throw ServingError(
                kind: .alreadyServing, message: "'\(deployment.name)' already serves \(model) as \(same.name)",
                help: "a canary or shadow compares another model with the live one", deployment: deployment.name,
                name: same.name.rawValue)
        }
    }

    private static func uniqueName(_ kind: PredictorName.Kind, in predictors: [Predictor]) -> PredictorName {
        var number = 1
        while predictors.contains(where: { $0.name == .numbered(kind, number) }) { number += 1 }
        return .numbered(kind, number)
    }
}
