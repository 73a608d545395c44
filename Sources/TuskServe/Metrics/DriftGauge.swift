import Dispatch
import Foundation
import Synchronization
import TuskCore
import TuskServing

/// Drift of the requests logged since the current release from the live model's training data,
/// as `monitor` computes it, recomputed when a scrape finds it older than `interval` seconds.
///
/// The tests read the whole window from the log, so they run off the request path, on a thread
/// of their own, one computation at a time; a scrape that comes while one runs shows the last
/// figures (none before the first is done). Training data outside the store is not read (the server reads no file but the
/// store): such a model's drift cannot be judged here.
final class DriftGauge: Sendable {
    private struct State {
        var figures: ServerMetrics.Drift?
        var computedAt: UInt64?
        var computing = false
    }

    let engine: ServingEngine
    let deployment: DeploymentName
    let interval: Double
    private let state = Mutex(State())

    init(engine: ServingEngine, deployment: DeploymentName, interval: Double) {
        self.engine = engine
        self.deployment = deployment
        self.interval = interval
    }

    /// The figures, recomputed first when they are older than the interval.
    func figures() async -> ServerMetrics.Drift? {
        let now = DispatchTime.now().uptimeNanoseconds
        let (cached, start) = state.withLock { state -> (ServerMetrics.Drift?, Bool) in
            let fresh = state.computedAt.map { Double(now - $0) / 1e9 < interval } ?? false
            guard !fresh, !state.computing else { return (state.figures, false) }
            state.computing = true
            return (state.figures, true)
        }
        guard start else { return cached }
        // A thread of its own: Dispatch's global queues run the request handlers too, and on
        // two cores a few seconds of tests there would hold requests up.
        let figures = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.compute()) }.start()
        }
        state.withLock { state in
            state.figures = figures
            state.computedAt = DispatchTime.now().uptimeNanoseconds
            state.computing = false
        }
        return figures
    }

    private func compute() -> ServerMetrics.Drift? {
        guard let deployment = try? engine.registry.named(deployment), let release = deployment.current,
            let live = release.live
        else { return nil }
        guard case .stored? = live.model.trainingData else {
            return .init(
                release: release.number, model: live.model.description, drifted: nil, tested: 0, requests: 0,
                note: "the training data of \(live.model) is not in the store")
        }
        guard
            let window = try? engine.window(
                self.deployment, from: .release(release.number), inputs: .last(ServingEngine.driftSample),
                summaries: true),
            let report = try? engine.monitor(window, percentile: PredictionService.outlierPercentile)
        else { return nil }
        let features = report.drift.report?.features ?? []
        return .init(
            release: release.number, model: live.model.description,
            drifted: report.drift.report.map { _ in features.filter(\.drifted).count },
            tested: features.filter { $0.cannotJudge == nil }.count, requests: report.requests,
            note: report.drift.cannotJudge)
    }
}
