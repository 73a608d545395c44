import Synchronization
import TuskCore
import TuskServing

/// The figures `/metrics` shows, counted as requests are answered.
///
/// Why by hand and not swift-prometheus: the text format is a few lines per metric, the figures
/// are a handful of counters and one histogram updated under one lock, and the drift gauge is
/// computed when scraped, which a metrics library would have us fake with a background updater.
/// A library would also be one more dependency to build for every clone, for less control
/// over the HELP text that says what each figure means.
final class ServerMetrics: Sendable {
    struct PredictorKey: Hashable, Sendable {
        let predictor: PredictorName
        let model: String
    }

    struct ResponseKey: Hashable, Sendable {
        let api: String
        let code: Int
    }

    /// What the counters need to know of the release a group was served by.
    struct ReleaseFigures: Sendable {
        let number: Int
        /// Predictor name → model (`repo@commit:/path`).
        let models: [PredictorName: String]
        let liveModel: String
        let outlierThreshold: Double
    }

    struct Drift: Sendable {
        let release: Int
        let model: String
        /// Nil when it cannot be judged (too few requests, training data not in the store).
        let drifted: Int?
        let tested: Int
        let requests: Int
        let note: String?
    }

    struct State: Sendable {
        var answered: [PredictorKey: Int] = [:]
        var shadowed: [PredictorKey: Int] = [:]
        var outliers: [String: Int] = [:]
        var responses: [ResponseKey: Int] = [:]
        var latency = LatencyHistogram()
        /// Seldon feedback requests taken, the labels they attached, and their rewards' sum.
        var feedback = 0
        var labels = 0
        var reward: Double = 0
    }

    let deployment: DeploymentName
    private let state = Mutex(State())

    init(deployment: DeploymentName) { self.deployment = deployment }

    /// A group's answers, all served by `release`: who answered, which shadows scored, which
    /// requests were outliers (the live model's outlier distance above its detector's threshold,
    /// whoever answered, as `monitor` counts them).
    func record(_ served: [ServedBatch], release: ReleaseFigures) {
        // Counted per predictor first, outside the lock: a group is one release, so a predictor
        // is one model, named once rather than once per answer.
        var answered: [PredictorName: (model: ModelAddress, count: Int)] = [:]
        var outliers = 0
        for batch in served {
            for answer in batch.answers {
                answered[answer.predictor, default: (answer.model, 0)].count += 1
                if answer.outlierDistance > release.outlierThreshold { outliers += 1 }
            }
        }
        state.withLock { state in
            for (predictor, (model, count)) in answered {
                let key = PredictorKey(predictor: predictor, model: release.models[predictor] ?? model.description)
                state.answered[key, default: 0] += count
            }
            if outliers > 0 { state.outliers[release.liveModel, default: 0] += outliers }
            for batch in served {
                for shadow in batch.shadows {
                    let key = PredictorKey(predictor: shadow, model: release.models[shadow] ?? "?")
                    state.shadowed[key, default: 0] += batch.answers.count
                }
            }
        }
    }

    func record(api: String, code: Int, seconds: Double?) {
        state.withLock { state in
            state.responses[ResponseKey(api: api, code: code), default: 0] += 1
            if let seconds { state.latency.record(seconds: seconds) }
        }
    }

    /// A Seldon feedback request taken: its labels and its reward, as Seldon's executor counts them.
    func recordFeedback(labels: Int, reward: Double) {
        state.withLock { state in
            state.feedback += 1
            state.labels += labels
            state.reward += reward
        }
    }

    var snapshot: State { state.withLock { $0 } }

    /// Requests answered (status 200) and refused, by protocol.
    var totals: (answered: Int, refused: Int) {
        let responses = snapshot.responses
        return (
            responses.filter { $0.key.code == 200 }.values.reduce(0, +),
            responses.filter { $0.key.code != 200 }.values.reduce(0, +)
        )
    }
}
