import Dispatch
import NIOCore
import Synchronization
import TuskCore
import TuskML
import TuskServing

/// The router behind the HTTP routes, knowing nothing of HTTP: payloads read against the live
/// model's schema, served through ``ServingEngine/serve(_:_:)`` in groups (one transaction of the
/// log each, see ``GroupCommitQueue``), counted for `/metrics`.
///
/// One engine, and so one model cache, for the server's life. The deployment is read again for
/// every group, so a release or a rollback made by another process takes effect on the next
/// request; payloads read against an older release are read again against the new one.
final class PredictionService: Sendable {
    /// The release as of the last group, and what reading and counting need of it.
    struct Live: Sendable {
        let release: Release
        /// What its requests must carry: every feature of the models it serves, the live one's
        /// first (as `predict` reads them).
        let schema: RequestSchema
        let figures: ServerMetrics.ReleaseFigures
    }

    /// A payload waiting for its group: its text and, when it could be read on arrival, how it
    /// read against the release known then.
    struct Job: Sendable {
        let text: String
        /// Binary tensor data after an Open Inference request's JSON.
        let binary: [UInt8]
        /// The release the request asked for (Open Inference's model version), when it named one.
        let version: Int?
        let parsed: (release: Int, result: Result<RequestBatch, PayloadError>)?
        let receivedAt: UInt64
    }

    /// A payload answered: what the router served, and how the payload was written.
    struct Served: Sendable {
        let batch: ServedBatch
        let layout: RequestBatch.Layout
        /// The release's models by predictor, as the answers name them (written once per release,
        /// not once per answer).
        let models: [PredictorName: String]
    }

    typealias Outcome = Result<Served, ServeFailure>

    let engine: ServingEngine
    let deployment: DeploymentName
    let metrics: ServerMetrics
    /// Outlier thresholds of the live model, as `monitor` sets them.
    static let outlierPercentile = 98
    private let live = Mutex<Live?>(nil)
    private let queue: Mutex<GroupCommitQueue<Job, Outcome>?> = Mutex(nil)

    init(engine: ServingEngine, deployment: DeploymentName, maxGroup: Int) {
        self.engine = engine
        self.deployment = deployment
        self.metrics = ServerMetrics(deployment: deployment)
        let queue = GroupCommitQueue<Job, Outcome>(maxGroup: maxGroup, refusal: { _ in .failure(.stopping) }) {
            [unowned self] jobs in self.serve(jobs)
        }
        self.queue.withLock { $0 = queue }
    }

    /// Answers one payload (a record, a Seldon payload or an Open Inference one): `then` gets the
    /// outcome on `eventLoop` once it is in the log, or why it was refused (then nothing was logged).
    func predict(
        _ text: String, binary: [UInt8] = [], version: Int? = nil, receivedAt: UInt64, on eventLoop: any EventLoop,
        then: @escaping @Sendable (Outcome) -> Void
    ) {
        var parsed: (Int, Result<RequestBatch, PayloadError>)?
        // Read on the caller's thread, in parallel with other payloads; the group checks the
        // release did not change meanwhile.
        if let known = live.withLock({ $0 }) {
            do throws(PayloadError) {
                parsed = (
                    known.release.number,
                    .success(try RequestReader.json(text, binary: binary, schema: known.schema))
                )
            } catch {
                parsed = (known.release.number, .failure(error))
            }
        }
        guard let queue = queue.withLock({ $0 }) else { return eventLoop.execute { then(.failure(.stopping)) } }
        queue.submit(
            Job(text: text, binary: binary, version: version, parsed: parsed, receivedAt: receivedAt), on: eventLoop,
            then: then)
    }

    /// Attaches labels to served requests, as `feedback` does: each label must be a class of the
    /// live model. Returns how many labels match a served request.
    func feedback(_ labels: [(requestID: String, label: String)]) throws(ServeFailure) -> Int {
        let classes = try classes()
        if let stranger = labels.first(where: { !classes.contains($0.label) }) {
            throw ServeFailure(
                status: 400, reason: "BAD_FEEDBACK",
                message: "the truth '\(stranger.label)' of request '\(stranger.requestID)' is not a class of the model "
                    + "(its classes are \(classes.map { "'\($0)'" }.joined(separator: ", ")), or their indices from 0)")
        }
        do throws(ServingError) {
            return try engine.feedback(deployment, labels: labels)
        } catch {
            throw .serving(error)
        }
    }

    /// The live model's classes, as the answers name them.
    func classes() throws(ServeFailure) -> [String] {
        do throws(ServingError) {
            let now = try current()
            guard let live = now.release.live else { throw ServingError.nothingReleased(deployment) }
            return try engine.model(live.model).classes
        } catch {
            throw .serving(error)
        }
    }

    /// Writes what is queued and refuses what comes after.
    func stop() {
        let queue = self.queue.withLock { queue in
            defer { queue = nil }
            return queue
        }
        queue?.stop()
    }

    /// Stops (``stop()``) and counts what was served: every request answered is in the log by then.
    func finish() -> InferenceServer.Summary {
        stop()
        let totals = metrics.totals
        return InferenceServer.Summary(answered: totals.answered, refused: totals.refused)
    }

    /// The release now: read from the store, its schema and outlier threshold kept while it
    /// stays current.
    func current() throws(ServingError) -> Live {
        let deployment = try engine.registry.named(self.deployment)
        guard let release = deployment.current, let predictor = release.live else {
            throw .nothingReleased(self.deployment)
        }
        if let known = live.withLock({ $0 }), known.release == release { return known }
        let model = try engine.model(predictor.model)
        let figures = ServerMetrics.ReleaseFigures(
            number: release.number,
            models: Dictionary(release.predictors.map { ($0.name, $0.model.description) }) { first, _ in first },
            liveModel: predictor.model.description,
            outlierThreshold: model.outliers.threshold(percentile: Self.outlierPercentile))
        let now = Live(release: release, schema: try engine.schema(of: deployment), figures: figures)
        live.withLock { $0 = now }
        return now
    }

    /// One group: every payload read against the live model, the readable ones served in one
    /// transaction, each refused one answered with why.
    private func serve(_ jobs: [Job]) -> [Outcome] {
        var outcomes = [Outcome?](repeating: nil, count: jobs.count)
        let now: Live
        do { now = try current() } catch { return jobs.map { _ in .failure(.serving(error)) } }
        var ready: [(index: Int, batch: RequestBatch, receivedAt: UInt64)] = []
        for (index, job) in jobs.enumerated() {
            if let version = job.version, version != now.release.number {
                outcomes[index] = .failure(.unknownVersion(version, model: deployment, live: now.release.number))
                continue
            }
            var result: Result<RequestBatch, PayloadError>
            if let parsed = job.parsed, parsed.release == now.release.number {
                result = parsed.result
            } else {
                do throws(PayloadError) {
                    result = .success(try RequestReader.json(job.text, binary: job.binary, schema: now.schema))
                } catch {
                    result = .failure(error)
                }
            }
            switch result {
            case .success(let batch): ready.append((index, batch, job.receivedAt))
            case .failure(let error): outcomes[index] = .failure(.payload(error))
            }
        }
        if !ready.isEmpty {
            do throws(ServingError) {
                let served = try engine.serve(deployment, ready.map { ($0.batch, $0.receivedAt) })
                // A release that landed between reading the deployment and serving: count
                // against the release that served.
                var figures = now.figures
                if let release = served.first?.release, release != figures.number, let fresh = try? current() {
                    figures = fresh.figures
                }
                for (item, batch) in zip(ready, served) {
                    outcomes[item.index] = .success(
                        Served(batch: batch, layout: item.batch.layout, models: figures.models))
                }
                metrics.record(served, release: figures)
            } catch {
                for item in ready { outcomes[item.index] = .failure(.serving(error)) }
            }
        }
        return outcomes.map { $0! }
    }
}
