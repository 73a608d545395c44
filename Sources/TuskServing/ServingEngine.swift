import Foundation
import TuskArtifacts
import TuskCore
import TuskML
import TuskStore

/// The router, embedded: deployments kept in the store, models loaded from it, requests routed,
/// scored and logged. The DSL's serving commands and `tusk serve` both go through here.
///
///     let engine = ServingEngine(workspace: workspace)
///     let production = try DeploymentName("production")
///     try engine.registry.create(production)
///     let model = try engine.resolve(.store(repo: models, ref: CommitRef(base: "master"), path: nil))
///     try engine.registry.change(production) { d throws(ServingError) in
///         try DeploymentPolicy.release(d, model: model.address)
///     }
///     let served = try engine.serve(production, try RequestReader.json(text, schema: schema))
public struct ServingEngine: Sendable {
    public let workspace: Workspace
    /// Measures each request's latency when true; a scenario replay runs on a logical clock and
    /// logs none, so its output and its log are the same on every run.
    public var measuresLatency: Bool
    /// Raised by Ctrl-C: a batch being answered stops, and nothing of it is logged.
    public var cancellation: CancellationFlag?
    private let cache: ModelCache

    public init(
        workspace: Workspace, measuresLatency: Bool = true, cache: ModelCache = ModelCache(),
        cancellation: CancellationFlag? = nil
    ) {
        self.workspace = workspace
        self.measuresLatency = measuresLatency
        self.cache = cache
        self.cancellation = cancellation
    }

    public var registry: DeploymentRegistry {
        get throws(ServingError) {
            do { return DeploymentRegistry(store: try workspace.store) } catch { throw .store(error) }
        }
    }

    // MARK: - Models

    /// A model the store holds, resolved to the commit that wrote it, with its provenance and
    /// where its training data is (the drift reference).
    public func resolve(_ location: ArtifactLocation) throws(ServingError) -> (
        address: ModelAddress, model: TrainedModel
    ) {
        var location = location
        if case .local(let path) = location {
            // Inside a deploy step, `/pfs/models/model.json` is the input commit's file.
            guard let mounts = workspace.mounts, path.hasPrefix("/pfs/") else { throw .modelNotInStore(path) }
            let rest = path.dropFirst("/pfs/".count)
            let mount = String(rest.prefix { $0 != "/" })
            guard let input = mounts.inputs[mount] else { throw .modelNotInStore(path) }
            var inner = PFSMounts.split(path)?.path
            if inner == nil || inner?.isRoot == true {
                // `/pfs/models`: the one model.json of the datum (a collector's output holds it
                // under the repo it came from).
                let models = input.files.keys.filter { $0.segments.last == "model.json" }
                guard models.count == 1 else {
                    throw ServingError(
                        kind: .modelNotInStore,
                        message: models.isEmpty
                            ? "'\(path)' holds no model.json" : "'\(path)' holds \(models.count) model.json files",
                        help: "name one: "
                            + (models.isEmpty
                                ? "\(path)/PATH" : models.sorted().map { "\(path)\($0)" }.joined(separator: ", ")))
                }
                inner = models[0]
            }
            location = .store(repo: input.repo, ref: CommitRef(base: input.commit.hex), path: inner)
        }
        guard case .store(let repo, let ref, let path) = location else { throw .modelNotInStore("") }
        let bytes: ArtifactBytes
        let model: TrainedModel
        let pathInRepo: RepoPath
        if let path { pathInRepo = path } else { pathInRepo = try modelPath(in: repo, at: ref) }
        do {
            let outside = Workspace(store: workspace.deferredStore, files: workspace.files)
            bytes = try outside.read(.store(repo: repo, ref: ref, path: pathInRepo))
            model = try TrainedModel.load(Data(bytes.bytes), source: bytes.name)
        } catch let error as ArtifactError {
            throw .artifact(error)
        } catch let error as MLError {
            throw .data(error)
        } catch {
            throw .artifact(.data(MLError("\(error)", file: "\(repo)@\(ref)")))
        }
        guard let commit = bytes.commit else { throw .modelNotInStore(bytes.name) }
        let address = ModelAddress(
            repo: commit.repo, commit: commit.id, path: pathInRepo, provenance: bytes.provenance,
            trainingData: trainingData(of: model, provenance: bytes.provenance))
        cache.insert(model, for: address)
        return (address, model)
    }

    /// Where the model of a commit is when its address names no path: `/model.json`, or the
    /// commit's one `model.json` (a collector keeps it under the repo it came from).
    func modelPath(in repo: RepoName, at ref: CommitRef) throws(ServingError) -> RepoPath {
        let files: [FileInfo]
        do {
            let store = try workspace.store
            files = try store.files(repo, try store.resolve(repo, ref).id)
        } catch {
            throw .store(error)
        }
        if files.contains(where: { $0.path == Workspace.modelPath }) { return Workspace.modelPath }
        let models = files.map(\.path).filter { $0.segments.last == "model.json" }
        guard models.count == 1 else {
            throw ServingError(
                kind: .modelNotInStore,
                message: models.isEmpty
                    ? "\(repo)@\(ref) holds no model.json" : "\(repo)@\(ref) holds \(models.count) model.json files",
                help: models.isEmpty
                    ? "name the model file: \(repo)@\(ref):/PATH"
                    : "name one: " + models.sorted().map { "\(repo)@\(ref):\($0)" }.joined(separator: ", "))
        }
        return models[0]
    }

    /// The model a release serves, loaded once per engine.
    public func model(_ address: ModelAddress) throws(ServingError) -> TrainedModel {
        try plan(address).model
    }

    /// The model at `address` with what binding it to a request's table reads of it, loaded once.
    func plan(_ address: ModelAddress) throws(ServingError) -> BoundScorer.Plan {
        if let plan = cache.plan(for: address) { return plan }
        // The address is typed: nothing to parse, so only the artifact can fail.
        do throws(ArtifactError) {
            let outside = Workspace(store: workspace.deferredStore, files: workspace.files)
            let loaded = try outside.loadModel(
                .store(repo: address.repo, ref: CommitRef(base: address.commit.hex), path: address.path))
            return cache.insert(loaded.model, for: address)
        } catch {
            throw .artifact(error)
        }
    }

    /// What a deployment's requests must carry: the features of every model it serves now (the
    /// live model's first), so a canary or a shadow that uses a feature the live model does not
    /// still gets it, and the log keeps it.
    public func schema(of deployment: Deployment) throws(ServingError) -> RequestSchema {
        guard let release = deployment.current, let live = release.live else {
            throw .nothingReleased(deployment.name)
        }
        var features: [RequestSchema.Feature] = []
        var ignored = Set<String>()
        for predictor in [live] + release.predictors.filter({ $0.role != .live }) {
            let schema = RequestSchema(try model(predictor.model))
            features += schema.features
            ignored.formUnion(schema.ignored)
        }
        return RequestSchema(features: features, ignored: ignored)
    }

    /// The training data a model's fingerprint names, found among its provenance commits (or the
    /// local file it was trained from) and checked byte for byte by its hash; nil when not found.
    func trainingData(of model: TrainedModel, provenance: [CommitAddress]) -> TrainingDataLocation? {
        let fingerprint = model.trainingData
        var candidates: [(ArtifactLocation, TrainingDataLocation?)] = []
        if let (mount, inner) = PFSMounts.split(fingerprint.source) {
            // The training step read /pfs/REPO: a commit of REPO upstream of the model, directly
            // or through the pipelines between (a collector's output names the training job's).
            for commit in upstream(of: provenance) where commit.repo.rawValue == mount {
                candidates.append(
                    (
                        .store(repo: commit.repo, ref: CommitRef(base: commit.id.hex), path: inner),
                        .stored(repo: commit.repo, commit: commit.id, path: inner)
                    ))
            }
        } else if let at = fingerprint.source.firstIndex(of: "@"), let colon = fingerprint.source.firstIndex(of: ":"),
            at < colon, let repo = try? RepoName(String(fingerprint.source[..<at])),
            let path = try? RepoPath(String(fingerprint.source[fingerprint.source.index(after: colon)...]))
        {
            let ref = String(fingerprint.source[fingerprint.source.index(after: at)..<colon])
            candidates.append((.store(repo: repo, ref: CommitRef(base: ref), path: path), nil))
        } else {
            candidates.append((.local(fingerprint.source), .local(fingerprint.source)))
        }
        let outside = Workspace(store: workspace.deferredStore, files: workspace.files)
        for (location, name) in candidates {
            guard let bytes = try? outside.read(location), ContentHash(of: bytes.bytes).hex == fingerprint.sha256
            else { continue }
            if let commit = bytes.commit, case .store(_, _, let path?) = location {
                return .stored(repo: commit.repo, commit: commit.id, path: path)
            }
            return name
        }
        return nil
    }

    /// Every commit upstream of `commits`, nearest first (at most 256).
    func upstream(of commits: [CommitAddress]) -> [CommitAddress] {
        guard let store = try? workspace.store else { return commits }
        var seen = Set<CommitAddress>()
        var order: [CommitAddress] = []
        var queue = commits
        while !queue.isEmpty, order.count < 256 {
            let commit = queue.removeFirst()
            guard seen.insert(commit).inserted else { continue }
            order.append(commit)
            if let info = try? store.resolve(commit.repo, CommitRef(base: commit.id.hex)) {
                queue += info.provenance.sorted()
            }
        }
        return order
    }

    /// Loads a model's training data, its drift reference.
    public func trainingTable(_ address: ModelAddress) -> Table? {
        guard let reference = address.trainingData else { return nil }
        let model = try? model(address)
        let location: ArtifactLocation =
            switch reference {
            case .stored(let repo, let commit, let path):
                .store(repo: repo, ref: CommitRef(base: commit.hex), path: path)
            case .local(let path): .local(path)
            }
        let outside = Workspace(store: workspace.deferredStore, files: workspace.files)
        // Read as the model's training read it (`--schema uci-adult` for a headerless file).
        return try? outside.loadTable(location, ReadOptions(), label: model?.target, trainedOn: model?.trainingData)
            .table
    }

    // MARK: - Requests

    /// Routes, scores and logs a batch of requests in one transaction of the log. Returns what
    /// each caller gets back: never a shadow's answer.
    ///
    /// - Parameter receivedAt: when a single request arrived (`DispatchTime` nanoseconds): its
    ///   latency then counts reading the payload too. Without it, each request's latency is its
    ///   routing and scoring.
    public func serve(
        _ name: DeploymentName, _ batch: RequestBatch, receivedAt: UInt64? = nil,
        timing: ((RequestLogTiming) -> Void)? = nil
    ) throws(ServingError) -> ServedBatch {
        try serve(name, [(batch, receivedAt)], timing: timing)[0]
    }

    /// Routes, scores and logs several payloads in one transaction of the log, each answered as
    /// ``serve(_:_:receivedAt:)`` answers it alone: `tusk serve` groups the payloads of concurrent
    /// HTTP requests so that one commit (one sync of the write-ahead log) covers them all.
    ///
    /// - Parameter timing: given where the log's transaction spent its time (the bench's figures).
    public func serve(
        _ name: DeploymentName, _ batches: [(batch: RequestBatch, receivedAt: UInt64?)],
        timing: ((RequestLogTiming) -> Void)? = nil
    ) throws(ServingError) -> [ServedBatch] {
        guard !batches.isEmpty else { return [] }
        let store: Store
        do { store = try workspace.store } catch { throw .store(error) }
        // Models are loaded before the log's transaction; if a release lands in between, the
        // batch is routed again on the new release.
        for attempt in 0..<3 {
            // The first attempt routes on the deployment the last batch found, if any: a release
            // since then is seen in the transaction, and the next attempt reads it afresh.
            let remembered = attempt == 0 ? cache.lastServed(name) : nil
            let deployment: Deployment
            if let remembered { deployment = remembered } else { deployment = try registry.named(name) }
            guard let release = deployment.current, release.live != nil else { throw .nothingReleased(name) }
            var models: [PredictorName: BoundScorer.Plan] = [:]
            for predictor in release.predictors { models[predictor.name] = try plan(predictor.model) }
            let live = models[release.live!.name]!.model
            let classes = live.classes
            // The live model's outlier thresholds at each whole percentile: each chunk's summary
            // counts the requests beyond them, so `monitor` need not read the distances.
            let distanceCuts = live.outliers.thresholds
            // The group's rows in one table, so each model is bound to it once (binding maps
            // every category to the model's codes, which costs more than scoring one row).
            let merged = Self.concatenate(batches.map(\.batch))
            let parts = merged.map { [$0] } ?? batches.map(\.batch)
            let scorers = parts.map { part in models.mapValues { BoundScorer($0, table: part.table) } }
            let arrivals = batches.flatMap { item in
                item.batch.count == 1 ? [item.receivedAt] : [UInt64?](repeating: nil, count: item.batch.count)
            }
            let outcome: [ServedBatch]?
            var failure: ServingError?
            do {
                outcome = try store.appendRequests(
                    deployment: name, record: (DeploymentRegistry.collection, name.rawValue),
                    cancellation: cancellation,
                    timing: timing
                ) { record, next -> ([RequestChunk], [ServedBatch])? in
                    guard let record else { return nil }
                    let current: Deployment
                    do throws(ServingError) {
                        current = try DeploymentRegistry.decode(record.value, key: name.rawValue)
                    } catch {
                        failure = error
                        return nil
                    }
                    guard current.current == release else { return nil }
                    // Routing reads `current`; the remembered copy only stands for its release.
                    if remembered == nil { cache.remember(served: current) }
                    var logged: [RequestChunk] = []
                    var served: [ServedBatch] = []
                    for (index, part) in parts.enumerated() {
                        let answered: ([RequestChunk], ServedBatch)?
                        do throws(ServingError) {
                            answered = try Self.answer(
                                part, deployment: current, release: release, scorers: scorers[index],
                                classes: classes, distanceCuts: distanceCuts,
                                first: next + logged.reduce(0) { $0 + $1.count },
                                measuresLatency: measuresLatency,
                                receivedAt: merged == nil
                                    ? (part.count == 1 ? [batches[index].receivedAt] : []) : arrivals,
                                cancellation: cancellation)
                        } catch {
                            failure = error
                            return nil
                        }
                        guard let (rows, answered) = answered else { return nil }
                        logged += rows
                        served.append(answered)
                    }
                    guard let all = served.first, merged != nil else { return (logged, served) }
                    // Back to one answer per payload.
                    var start = 0
                    return (
                        logged,
                        batches.map { item in
                            defer { start += item.batch.count }
                            return ServedBatch(
                                deployment: all.deployment, release: all.release, classes: all.classes,
                                answers: Array(all.answers[start..<(start + item.batch.count)]),
                                shadows: all.shadows, rejected: item.batch.rejected)
                        }
                    )
                }
            } catch {
                throw error.kind == .cancelled ? .cancelled : .store(error)
            }
            // A batch that committed is answered even if Ctrl-C came after: it was logged.
            if let outcome { return outcome }
            if let failure { throw failure }
            if cancellation?.isCancelled == true { throw .cancelled }
        }
        throw ServingError(
            kind: .busy, message: "deployment '\(name)' kept changing while its requests were answered",
            help: "send them again")
    }

    /// Routes and scores every row; pure but for the clock. A score that is not a finite number
    /// (the live model's, a canary's or a shadow's) fails the whole batch, so nothing of it is
    /// answered or logged: a NaN is never an answer, and a shadow's is never a log line.
    ///
    /// The log's chunks are written as the rows are answered (``RequestChunkWriter``): a byte per
    /// answer and its probability, the distance, the latency, the input's numbers and codes; a
    /// chunk holds at most ``chunkSize`` requests, so `why` decodes little to find one.
    static func answer(
        _ batch: RequestBatch, deployment: Deployment, release: Release, scorers: [PredictorName: BoundScorer],
        classes: [String], distanceCuts: [Double] = [], first: Int, measuresLatency: Bool, receivedAt: [UInt64?] = [],
        cancellation: CancellationFlag? = nil
    ) throws(ServingError) -> ([RequestChunk], ServedBatch)? {
        var answers: [ServedBatch.Answer] = []
        answers.reserveCapacity(batch.table.rowCount)
        let live = release.live!
        let liveScorer = scorers[live.name]!
        let names = release.predictors.map(\.name)
        let liveIndex = names.firstIndex(of: live.name)!
        let shadows = release.predictors.filter { $0.role == .shadow }
        // Bound once per batch: the loop looks nothing up by name but a canary's scorer.
        let shadowScorers = shadows.map { ($0.name, names.firstIndex(of: $0.name)!, scorers[$0.name]!) }
        let columns = batch.table.columns.map { column in
            switch column.values {
            case .numeric(let values): LoggedColumn(name: column.name, values: .numbers(values))
            case .categorical(let codes, let levels):
                LoggedColumn(name: column.name, values: .codes(codes, levels: levels))
            }
        }
        func writer(_ from: Int) -> RequestChunkWriter {
            RequestChunkWriter(
                release: release.number, predictors: names.map(\.rawValue), columns: columns,
                distanceCuts: distanceCuts,
                capacity: min(chunkSize, batch.table.rowCount - from))
        }
        var chunks: [RequestChunk] = []
        var log = writer(0)
        for row in 0..<batch.table.rowCount {
            if row % 4096 == 4095, cancellation?.isCancelled == true { return nil }
            if log.requests == chunkSize {
                chunks.append(log.chunk(first: first + row - chunkSize))
                log = writer(row)
            }
            let sequence = first + row
            let id = batch.ids[row] ?? "r\(sequence)"
            let arrival = row < receivedAt.count ? receivedAt[row] : nil
            let start = measuresLatency ? arrival ?? DispatchTime.now().uptimeNanoseconds : 0
            let answering = Router.answering(id, seed: deployment.seed, release: release) ?? live
            let liveProbability = liveScorer.probability(row: row)
            let isLive = answering.name == live.name
            let probability = isLive ? liveProbability : scorers[answering.name]!.probability(row: row)
            let latency = measuresLatency ? Int(DispatchTime.now().uptimeNanoseconds - start) : nil
            // The live model also scores a canary's requests, and every shadow scores every
            // request: logged beside the answer, never returned.
            log.answer(isLive ? liveIndex : names.firstIndex(of: answering.name)!, probability)
            if !isLive { log.answer(liveIndex, liveProbability) }
            for (name, index, scorer) in shadowScorers {
                let shadow = scorer.probability(row: row)
                guard shadow.isFinite else { throw .nonFiniteScore(name, row: row, of: batch) }
                log.answer(index, shadow)
            }
            guard probability.isFinite else { throw .nonFiniteScore(answering.name, row: row, of: batch) }
            guard liveProbability.isFinite else { throw .nonFiniteScore(live.name, row: row, of: batch) }
            let distance = liveScorer.outlierDistance(row: row)
            guard !distance.isNaN else { throw .nonFiniteScore(live.name, row: row, of: batch, outlier: true) }
            log.finish(id: id, row: row, distance: distance, latency: latency)
            answers.append(
                ServedBatch.Answer(
                    sequence: sequence, requestID: id, line: batch.lines[row], predictor: answering.name,
                    model: answering.model, decision: classes[probability > 0.5 ? 1 : 0], probability: probability,
                    latency: latency, outlierDistance: distance))
        }
        if log.requests > 0 { chunks.append(log.chunk(first: first + batch.table.rowCount - log.requests)) }
        return (
            chunks,
            ServedBatch(
                deployment: deployment.name, release: release.number, classes: classes, answers: answers,
                shadows: shadows.map(\.name), rejected: batch.rejected)
        )
    }

    /// The most requests one chunk of the log holds.
    public static let chunkSize = 65_536
}

extension ServingEngine {
    /// The rows of several batches read against the same schema, in order, as one batch (its
    /// `rejected` left empty); nil for a single batch, or batches whose columns differ (read
    /// against different live models).
    static func concatenate(_ batches: [RequestBatch]) -> RequestBatch? {
        guard batches.count > 1, let first = batches.first?.table else { return nil }
        for batch in batches.dropFirst() {
            let columns = batch.table.columns
            guard columns.count == first.columns.count,
                zip(columns, first.columns).allSatisfy({ $0.name == $1.name && $0.kind == $1.kind })
            else { return nil }
        }
        let rows = batches.reduce(0) { $0 + $1.count }
        let columns = first.columns.indices.map { index -> Table.Column in
            let name = first.columns[index].name
            guard case .categorical = first.columns[index].values else {
                var values: [Double] = []
                values.reserveCapacity(rows)
                for batch in batches {
                    if case .numeric(let part) = batch.table.columns[index].values { values += part }
                }
                return Table.Column(name: name, values: .numeric(values))
            }
            // Levels are sorted in a table: the union, sorted, and each batch's codes mapped to it
            // by a binary search (a group's payloads hold a level or two each: sorting their
            // levels costs less than hashing them into a set and a dictionary).
            var all: [String] = []
            for batch in batches {
                if case .categorical(_, let levels) = batch.table.columns[index].values { all += levels }
            }
            all.sort()
            var levels: [String] = []
            levels.reserveCapacity(all.count)
            for level in all where levels.last != level { levels.append(level) }
            func code(of level: String) -> Int32 {
                var (low, high) = (0, levels.count)
                while low < high {
                    let middle = (low + high) / 2
                    if levels[middle] < level { low = middle + 1 } else { high = middle }
                }
                return Int32(low)
            }
            var codes: [Int32] = []
            codes.reserveCapacity(rows)
            for batch in batches {
                guard case .categorical(let part, let partLevels) = batch.table.columns[index].values else { continue }
                let mapped = partLevels.map(code(of:))
                for value in part { codes.append(value < 0 ? value : mapped[Int(value)]) }
            }
            return Table.Column(name: name, values: .categorical(codes: codes, levels: levels))
        }
        return RequestBatch(
            table: Table(source: first.source, rowCount: rows, columns: columns),
            ids: batches.flatMap(\.ids), lines: batches.flatMap(\.lines))
    }
}

/// What a batch of requests got back, and what was left out.
public struct ServedBatch: Sendable {
    public struct Answer: Sendable {
        public let sequence: Int
        public let requestID: String
        /// The line of the request in its file (1 for a payload).
        public let line: Int
        public let predictor: PredictorName
        public let model: ModelAddress
        public let decision: String
        public let probability: Double
        public let latency: Int?
        /// The live model's outlier distance for the request (its detector's threshold says
        /// whether it is an outlier).
        public let outlierDistance: Double
    }

    public let deployment: DeploymentName
    public let release: Int
    public let classes: [String]
    public let answers: [Answer]
    /// The shadows that saw every request; their answers are in the log only.
    public let shadows: [PredictorName]
    public let rejected: [RejectedRequest]
}
