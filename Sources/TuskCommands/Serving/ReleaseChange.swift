import TuskServing

/// What a release changed, as a value: in JSON `{"action": "release", "model": "models@…"}`,
/// `{"action": "rollback", "to_release": 1}`, `{"action": "canary", "model": "…", "traffic": 10}`,
/// `{"action": "promote", "predictor": "canary-1"}`; in text the sentence
/// `release models@66177fa8ca15:/model.json`.
package struct ReleaseChange: Codable, Sendable, Equatable, CustomStringConvertible {
    /// `release`, `rollback`, `canary`, `shadow`, `promote` or `retire`.
    package let action: String
    package let model: AddressText?
    package let traffic: Int?
    package let toRelease: Int?
    package let predictor: PredictorName?

    init(_ cause: Release.Cause) {
        var model: AddressText?, traffic: Int?, toRelease: Int?, predictor: PredictorName?
        switch cause {
        case .release(let address):
            action = "release"
            model = AddressText(address)
        case .rollback(let number):
            action = "rollback"
            toRelease = number
        case .canary(let address, let share):
            action = "canary"
            model = AddressText(address)
            traffic = share
        case .shadow(let address):
            action = "shadow"
            model = AddressText(address)
        case .promote(let name):
            action = "promote"
            predictor = name
        case .retire(let name):
            action = "retire"
            predictor = name
        }
        (self.model, self.traffic, self.toRelease, self.predictor) = (model, traffic, toRelease, predictor)
    }

    package var description: String {
        switch action {
        case "rollback": "rollback to release \(toRelease ?? 0)"
        case "canary": "canary \(model?.description ?? "") at \(traffic ?? 0)%"
        case "promote", "retire": "\(action) \(predictor?.rawValue ?? "")"
        default: "\(action) \(model?.description ?? "")"
        }
    }
}

/// Who made a release, as a value: in JSON `{"command": "rollback"}` (typed or played) or
/// `{"pipeline": "deploy_production", "job": "<64 hex>"}` (a deploy step); in text `command` or
/// `pipeline deploy_production (job 093a75b2962e)`.
package struct ReleaseAuthor: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The command that made it (`release`, `rollback`, …), when one did.
    package let command: String?
    package let pipeline: String?
    /// The job's full id.
    package let job: String?

    init(_ source: Release.Source, change: ReleaseChange) {
        switch source {
        case .command: (command, pipeline, job) = (change.action, nil, nil)
        case .pipeline(let name, let id): (command, pipeline, job) = (nil, name, id)
        }
    }

    package var description: String {
        guard let pipeline else { return "command" }
        return "pipeline \(pipeline) (job \(job.map { String($0.prefix(12)) } ?? "?"))"
    }
}
