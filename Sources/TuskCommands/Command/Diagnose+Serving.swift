import TuskServing

extension Diagnose {
    /// The router's help in the DSL's words, made from the error's kind and facts: the command
    /// that fixes it ("release a model first: release production MODEL"), or the router's own help.
    package static func help(for error: ServingError) -> String? {
        let deployment = error.deployment?.rawValue ?? "DEPLOYMENT"
        switch error.kind {
        case .nothingReleased:
            return "release a model first: release \(deployment) MODEL"
        case .noSuchRelease:
            guard let latest = error.latest, latest > 1 else { return error.help }
            return "its releases are 1 to \(latest); see 'history \(deployment)'"
        case .nothingToRollBack:
            guard let latest = error.latest, latest > 1 else { return error.help }
            return error.release != nil
                ? "name an earlier one (1 to \(latest - 1)); see 'history \(deployment)'"
                : "name a release with --to N; see 'history \(deployment)'"
        case .noSuchDeployment:
            return error.help
                ?? (error.candidates.isEmpty
                    ? "create one: create deployment \(error.name ?? deployment)" : "see 'list deployment'")
        case .alreadyServing where error.name == nil:
            // The live model already; one served as a canary or shadow names that predictor.
            return "nothing to release; see 'inspect deployment \(deployment)'"
        case .modelNotInStore where error.name != nil:
            return "put it first: put file models@master:/model.json -f \(error.name ?? "FILE")"
        case .noSuchRequest:
            return "request ids are in the answers of predict, or see 'monitor \(deployment)'"
        default:
            return error.help
        }
    }
}
