import TuskCore
import TuskServing

/// How releases read in text, in SeldonDeployment's words, for every serving command.
enum ServingText {
    /// What a release changed: `release models@66177fa8ca15:/model.json`, `rollback to release 1`.
    static func cause(_ cause: Release.Cause) -> String {
        switch cause {
        case .release(let model): "release \(model)"
        case .rollback(let number): "rollback to release \(number)"
        case .canary(let model, let traffic): "canary \(model) at \(traffic)%"
        case .shadow(let model): "shadow \(model)"
        case .promote(let predictor): "promote \(predictor)"
        case .retire(let predictor): "retire \(predictor)"
        }
    }

    /// Who made it: `command`, or `pipeline deploy_production (job 3f2a9c1e0b7d)`.
    static func source(_ source: Release.Source) -> String {
        switch source {
        case .command: "command"
        case .pipeline(let name, let job): "pipeline \(name) (job \(job.prefix(12)))"
        }
    }

    /// `live`, `canary`, `shadow`.
    static func role(_ role: Predictor.Role) -> String {
        switch role {
        case .live: "live"
        case .canary: "canary"
        case .shadow: "shadow"
        }
    }

    /// The share of requests a predictor answers in a release: the live model takes what the
    /// canaries leave; a shadow answers none (it sees them all).
    static func traffic(_ predictor: Predictor, in release: Release) -> Int {
        switch predictor.role {
        case .live:
            100
                - release.predictors.reduce(0) { sum, p in
                    if case .canary(let t) = p.role { return sum + t }
                    return sum
                }
        case .canary(let traffic): traffic
        case .shadow: 0
        }
    }
}

/// A release made by a command (release, rollback, canary, shadow, promote, retire).
package struct DeploymentChanged: CommandOutput {
    package struct Serving: Codable, Sendable {
        package let predictor: PredictorName
        package let role: String
        package let traffic: Int
        package let model: AddressText
    }

    package let deployment: DeploymentName
    package let release: Int
    package let change: ReleaseChange
    package let by: ReleaseAuthor
    package let predictors: [Serving]
    /// The release gates the model passed, and on what data.
    package var gates: GatesPassed?
    /// Why the deployment did not change (a deploy job failed, or its model is already live);
    /// the fields above then describe what it still serves.
    package let unchanged: Unchanged?
    /// For a deployment a deploy pipeline drives: the branch moved, and the jobs that ran.
    package let followed: BranchFollow?

    init(
        _ deployment: Deployment, gates: GatesPassed? = nil, unchanged: Unchanged? = nil, followed: BranchFollow? = nil
    ) {
        let release = deployment.current!
        self.deployment = deployment.name
        self.release = release.number
        change = ReleaseChange(release.cause)
        by = ReleaseAuthor(release.source, change: change)
        predictors = release.predictors.map {
            Serving(
                predictor: $0.name, role: ServingText.role($0.role),
                traffic: ServingText.traffic($0, in: release), model: AddressText($0.model))
        }
        self.gates = gates
        self.unchanged = unchanged
        self.followed = followed
    }

    package func render(_ text: inout TextOutput) {
        if let gates { text.line(gates.line) }
        followed?.render(&text, deployment: deployment)
        if let unchanged { return text.line(unchanged.line(deployment)) }
        text.line("\(deployment) release \(release): \(change)" + (followed == nil ? "" : ", by \(by)"))
        var table = TextTable("PREDICTOR", "ROLE", "TRAFFIC", "MODEL")
        for p in predictors {
            table.add(
                p.predictor.rawValue, p.role, p.role == "shadow" ? "mirror" : "\(p.traffic)%", p.model.description)
        }
        text.table(table)
    }
}
