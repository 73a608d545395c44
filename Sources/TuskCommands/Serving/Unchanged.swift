import TuskCore
import TuskPipelines

/// Why a release command left a deployment as it was, as facts: `{"kind": "already_live",
/// "release": 2, "model": …}` (the model asked for is live already), or `{"kind":
/// "not_released", "release": 2, "job": {"id": …, "pipeline": …, "state": "failure"}}` (the
/// deploy pipeline it drives made no release; `job` is its job that did not succeed, if one).
package struct Unchanged: Codable, Sendable, Equatable {
    package struct Job: Codable, Sendable, Equatable {
        /// 64 hex digits.
        package let id: String
        package let pipeline: String
        package let state: String
    }

    package let kind: String
    /// The release the deployment still serves.
    package let release: Int
    package var model: AddressText? = nil
    package var job: Job? = nil

    static func alreadyLive(_ model: AddressText, release: Int) -> Unchanged {
        Unchanged(kind: "already_live", release: release, model: model)
    }

    static func notReleased(release: Int, failed: JobRecord?) -> Unchanged {
        Unchanged(
            kind: "not_released", release: release,
            job: failed.map { Job(id: $0.id, pipeline: $0.pipeline, state: $0.state.rawValue) })
    }

    /// `production already serves models@3f2a9c1e0b7d:/model.json live (release 2); nothing to
    /// release`, or `production still serves release 2: job 3f2a9c1e0b7d of deploy failed; see …`.
    func line(_ deployment: DeploymentName) -> String {
        if kind == "already_live" {
            return
                "\(deployment) already serves \(model?.description ?? "?") live (release \(release)); nothing to release"
        }
        var text = "\(deployment) still serves release \(release)"
        if let job {
            let short = String(job.id.prefix(12))
            let outcome = JobRecord.State(rawValue: job.state).map(CommandContext.outcome) ?? job.state
            text += ": job \(short) of \(job.pipeline) \(outcome); see 'logs \(short)'"
        }
        return text
    }
}
