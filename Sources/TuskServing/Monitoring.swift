import Foundation
import TuskArtifacts
import TuskCore
import TuskML
import TuskStore

/// A deployment's log read back for monitoring: who answered what, how fast, on what inputs, and
/// the labels that arrived since; column by column, as the log's chunks hold it.
public struct ServedWindow: Sendable {
    public let deployment: Deployment
    /// The chunks the window spans; it starts at `skip` requests into the first.
    let chunks: [LoggedChunk]
    let skip: Int
    /// The sequence number of the window's first request and how many it holds.
    public let first: Int
    public let count: Int
    public let labels: [String: String]
    /// Inputs are read for the requests from this sequence number on (drift's sample).
    let inputsFrom: Int

    /// Where a window starts: the whole log, a release's first request, or a request id.
    public enum Start: Sendable, Equatable {
        case beginning
        case release(Int)
        case request(String)
    }

    /// Which inputs a window reads: all (`compare` groups every request), or the last `n`
    /// requests' (`monitor`'s drift tests: ranks of millions of values would cost seconds, and a
    /// sample of 100,000 judges a distribution as well).
    public enum Inputs: Sendable, Equatable {
        case all
        case last(Int)
    }

    init(_ deployment: Deployment, chunks: [LoggedChunk], from first: Int, labels: [String: String], inputsFrom: Int) {
        self.deployment = deployment
        self.labels = labels
        let chunks = chunks.filter { $0.first + $0.count > first }
        self.chunks = chunks
        self.first = max(first, chunks.first?.first ?? first)
        skip = chunks.first.map { max(0, first - $0.first) } ?? 0
        count = chunks.reduce(0) { $0 + $1.count } - skip
        self.inputsFrom = max(inputsFrom, self.first)
    }

    /// The sequence number of the last request, or nil for an empty window.
    public var last: Int? { count > 0 ? first + count - 1 : nil }

    /// Each request of the window in order: its chunk and its position there.
    func forEach(_ body: (LoggedChunk, Int) throws -> Void) rethrows {
        for (index, chunk) in chunks.enumerated() {
            for k in (index == 0 ? skip : 0)..<chunk.count { try body(chunk, k) }
        }
    }

    /// The requests whose inputs were read (all, or drift's sample), each request id once, at its
    /// latest input: by chunk, the positions kept. A request replayed under its id (a retry, a
    /// replayed file) is one observation of the population, and counting it twice would make the
    /// drift tests see drift that is not there. The window's end is in the sample, so an id's
    /// latest input in the window is its latest in the sample.
    func distinctInputs() -> [(chunk: LoggedChunk, rows: [Int])] {
        var parts: [(chunk: LoggedChunk, from: Int)] = []
        for chunk in chunks where chunk.first + chunk.count > inputsFrom && !chunk.columns.isEmpty {
            parts.append((chunk, max(0, inputsFrom - chunk.first)))
        }
        var latest: [String: Int] = [:]
        var position = 0
        for part in parts {
            for k in part.from..<part.chunk.count {
                latest[part.chunk.ids[k]] = position
                position += 1
            }
        }
        position = 0
        return parts.map { part in
            var rows: [Int] = []
            for k in part.from..<part.chunk.count {
                if latest[part.chunk.ids[k]] == position { rows.append(k) }
                position += 1
            }
            return (part.chunk, rows)
        }
    }

    /// The logged inputs of ``distinctInputs()`` as a table, columns in the order the log wrote
    /// them; a column with a category anywhere is categorical, numbers then named as text.
    func inputTable() -> Table { inputTable(distinctInputs()) }

    /// The inputs of `parts` (some of ``distinctInputs()``'s rows) as a table.
    func inputTable(_ parts: [(chunk: LoggedChunk, rows: [Int])]) -> Table {
        let names = parts.first?.chunk.columns.map(\.name) ?? []
        let rows = parts.reduce(0) { $0 + $1.rows.count }
        let columns = names.map { name -> Table.Column in
            let found = parts.map { part in part.chunk.columns.first { $0.name == name } }
            let isText = zip(parts, found).contains { part, column in
                guard case .codes(let codes, _) = column?.values else { return false }
                return part.rows.contains { codes[$0] >= 0 }
            }
            if !isText {
                var values: [Double] = []
                values.reserveCapacity(rows)
                for (part, column) in zip(parts, found) {
                    switch column?.values {
                    case .numbers(let numbers): values += part.rows.map { numbers[$0] }
                    case .codes, nil:
                        values += repeatElement(Double.nan, count: part.rows.count)
                    }
                }
                return Table.Column(name: name, values: .numeric(values))
            }
            // Each chunk names its own levels: the window's are those its rows use, sorted, and
            // each chunk's codes are mapped to them through a table per chunk.
            var used: [[Bool]] = []
            var union: Set<String> = []
            for (part, column) in zip(parts, found) {
                switch column?.values {
                case .numbers(let numbers):
                    for k in part.rows where !numbers[k].isNaN { union.insert(LogJSON.number(numbers[k])) }
                    used.append([])
                case .codes(let codes, let levels):
                    var seen = [Bool](repeating: false, count: levels.count)
                    for k in part.rows where codes[k] >= 0 { seen[Int(codes[k])] = true }
                    for (level, isUsed) in zip(levels, seen) where isUsed { union.insert(level) }
                    used.append(seen)
                case nil: used.append([])
                }
            }
            let levels = union.sorted()
            let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
            var codes: [Int32] = []
            codes.reserveCapacity(rows)
            for (part, column) in zip(parts, found) {
                switch column?.values {
                case .numbers(let numbers):
                    codes += part.rows.map { numbers[$0].isNaN ? -1 : index[LogJSON.number(numbers[$0])]! }
                case .codes(let chunkCodes, let chunkLevels):
                    let map = chunkLevels.map { index[$0] ?? -1 }
                    codes += part.rows.map { chunkCodes[$0] < 0 ? -1 : map[Int(chunkCodes[$0])] }
                case nil: codes += repeatElement(-1, count: part.rows.count)
                }
            }
            return Table.Column(name: name, values: .categorical(codes: codes, levels: levels))
        }
        return Table(source: "the logged requests of \(deployment.name)", rowCount: rows, columns: columns)
    }
}

extension ServingEngine {
    /// The deployment's requests from `start` on, with the labels attached so far.
    ///
    /// With `summaries` (what ``monitor(_:percentile:alpha:)`` counts from), a chunk wholly in
    /// the window comes with its ``ChunkSummary`` instead of its answers, unless labels have
    /// arrived (accuracy needs each labelled request's answers).
    public func window(
        _ name: DeploymentName, from start: ServedWindow.Start = .beginning, inputs: ServedWindow.Inputs = .all,
        summaries: Bool = false
    ) throws(ServingError) -> ServedWindow {
        let deployment = try registry.named(name)
        do {
            let store = try workspace.store
            var first = 1
            switch start {
            case .beginning: break
            case .release(let number):
                guard deployment.release(number) != nil else {
                    throw ServingError.noSuchRelease(number, name, latest: deployment.releases.count)
                }
                // The log is in order, so the release's first request starts the window.
                first = try store.firstLoggedRequest(deployment: name, release: number) ?? Int.max
            case .request(let id):
                guard let request = try store.loggedRequests(deployment: name, id: id).first else {
                    throw ServingError.noSuchRequest(id, name)
                }
                first = request.sequence
            }
            let labels = try store.requestLabels(deployment: name)
            let inputsFrom: Int
            switch inputs {
            case .all: inputsFrom = first
            case .last(let n): inputsFrom = max(first, try store.loggedRequestCount(deployment: name) + 1 - n)
            }
            let chunks =
                first == Int.max
                ? []
                : try store.loggedChunks(
                    deployment: name, from: first, ids: !labels.isEmpty, inputsFrom: inputsFrom,
                    summaries: summaries && labels.isEmpty)
            return ServedWindow(deployment, chunks: chunks, from: first, labels: labels, inputsFrom: inputsFrom)
        } catch let error as ServingError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .artifact(.data(MLError("\(error)", file: name.rawValue)))
        }
    }

    /// The fewest requests `monitor` tests drift on: a window longer than this is tested on its
    /// last requests.
    public static let driftSample = 100_000

    /// Request counts, latency, answers, outliers, drift and accuracy over a window.
    public func monitor(_ window: ServedWindow, percentile: Int = 98, alpha: Double = 0.05) throws(ServingError)
        -> MonitorReport
    {
        let deployment = window.deployment
        guard let current = deployment.current, let live = current.live else {
            throw .nothingReleased(deployment.name)
        }
        let classes = try model(live.model).classes
        // One row per predictor and the model it served: "live" is another model after a
        // release or a rollback, and each model's figures are its own.
        struct Key: Hashable { let predictor: PredictorName, model: String }
        var tallies: [(answered: Int, positive: Int, scored: Int, scoredPositive: Int, labeled: Int, correct: Int)] = []
        var order: [Key] = []
        var outliers = 0
        var thresholds: [Int: Double] = [:]
        var latencies = LatencyHistogram()
        var labeled = 0
        var releases: Set<Int> = []
        for (index, chunk) in window.chunks.enumerated() {
            if cancellation?.isCancelled == true { throw .cancelled }
            let release = deployment.release(chunk.release)
            releases.insert(chunk.release)
            // Each of the chunk's predictors is one row of the report, found once per chunk.
            let summary = chunk.hasAnswers ? nil : chunk.summary
            let keys = try (summary?.predictors ?? chunk.predictors).map { text throws(ServingError) in
                let name = try PredictorName.logged(text, of: deployment.name)
                return Key(predictor: name, model: release?.predictors.first { $0.name == name }?.model.full ?? "?")
            }
            // A row appears when its predictor first scores a request, as the report orders them.
            var slots = keys.map { order.firstIndex(of: $0) ?? -1 }
            if let summary {
                // Summed when the chunk was written (the summary keeps the order of first scores).
                for tally in summary.tallies {
                    if slots[tally.predictor] < 0 {
                        order.append(keys[tally.predictor])
                        tallies.append((0, 0, 0, 0, 0, 0))
                        slots[tally.predictor] = order.count - 1
                    }
                    let slot = slots[tally.predictor]
                    tallies[slot].answered += tally.answered
                    tallies[slot].positive += tally.positive
                    tallies[slot].scored += tally.scored
                    tallies[slot].scoredPositive += tally.scoredPositive
                }
                let cut = min(max(percentile, 0), 100)
                guard cut < summary.beyondCuts.count else {
                    throw .store(.corrupt("request log chunk \(chunk.first) has a summary without outlier counts"))
                }
                outliers += summary.beyondCuts[cut]
                latencies.add(summary.latencies)
                continue
            }
            if thresholds[chunk.release] == nil, let model = release?.live?.model {
                thresholds[chunk.release] = try self.model(model).outliers.threshold(percentile: percentile)
            }
            let threshold = thresholds[chunk.release] ?? .infinity
            let from = index == 0 ? window.skip : 0
            for k in from..<chunk.count {
                let text = window.labels.isEmpty ? nil : window.labels[chunk.ids[k]]
                if text != nil { labeled += 1 }
                let label = text.flatMap { classes.firstIndex(of: $0) }
                for position in chunk.answerStarts[k]..<chunk.answerStarts[k + 1] {
                    let predictor = chunk.answerPredictors[position]
                    if slots[predictor] < 0 {
                        order.append(keys[predictor])
                        tallies.append((0, 0, 0, 0, 0, 0))
                        slots[predictor] = order.count - 1
                    }
                    let slot = slots[predictor]
                    let decision = chunk.probabilities[position] > 0.5 ? 1 : 0
                    tallies[slot].scored += 1
                    tallies[slot].scoredPositive += decision
                    if position == chunk.answerStarts[k] {
                        tallies[slot].answered += 1
                        tallies[slot].positive += decision
                    }
                    if let label {
                        tallies[slot].labeled += 1
                        if decision == label { tallies[slot].correct += 1 }
                    }
                }
                if chunk.distances[k] > threshold { outliers += 1 }
                if chunk.latencies[k] >= 0 { latencies.add(chunk.latencies[k]) }
            }
        }
        let sorted = order.indices.sorted { a, b in
            (Self.order(order[a].predictor), a) < (Self.order(order[b].predictor), b)
        }
        let predictors = sorted.map { slot in
            let key = order[slot]
            let row = tallies[slot]
            return MonitorReport.PredictorTraffic(
                name: key.predictor, model: key.model, answered: row.answered,
                share: window.count == 0 ? 0 : Double(row.answered) / Double(window.count),
                positive: row.positive, scored: row.scored, scoredPositive: row.scoredPositive, labeled: row.labeled,
                accuracy: row.labeled > 0 ? Double(row.correct) / Double(row.labeled) : nil)
        }
        let drift = try drift(window, against: live.model, alpha: alpha)
        if cancellation?.isCancelled == true { throw .cancelled }
        let latency: MonitorReport.Latency? =
            latencies.total == window.count && latencies.total > 0
            ? MonitorReport.Latency(
                p50: latencies.percentile(50)!, p90: latencies.percentile(90)!, p99: latencies.percentile(99)!,
                max: latencies.max) : nil
        return MonitorReport(
            deployment: deployment.name, first: window.count > 0 ? window.first : nil, last: window.last,
            requests: window.count, releases: releases.sorted(),
            classes: classes, predictors: predictors, latency: latency,
            latencyNote: latencies.total == 0 && window.count > 0
                ? "not measured: a scenario replay runs on a logical clock" : nil,
            outliers: outliers, outlierPercentile: percentile,
            labels: labeled,
            drift: drift)
    }

    /// Drift of the window's inputs from the live model's training data, and where in the log
    /// each drifting feature began to drift.
    func drift(_ window: ServedWindow, against address: ModelAddress, alpha: Double) throws(ServingError)
        -> MonitorReport.Drift
    {
        // A chi-squared test on a handful of requests finds "drift" in any rare category.
        // Each request id once, computed once: the whole test and the onset's segments read it.
        let parts = window.distinctInputs()
        let distinct = parts.reduce(0) { $0 + $1.rows.count }
        guard distinct >= Self.minimumDriftWindow else {
            return .init(
                reference: address.trainingData,
                cannotJudge: "\(distinct) distinct requests; the tests need at least \(Self.minimumDriftWindow)",
                report: nil)
        }
        guard let reference = trainingTable(address) else {
            return .init(
                reference: nil,
                cannotJudge: "the training data of \(address) is not in the store, nor the file it was trained from",
                report: nil)
        }
        let target = (try? model(address).target) ?? ""
        if cancellation?.isCancelled == true {
            return .init(reference: address.trainingData, cannotJudge: "interrupted", report: nil)
        }
        let exclude = [target, "request_id"]
        // Prepared once: the onset search tests up to twenty segments against it.
        let prepared = DriftDetector.Reference(reference)
        let report: DriftDetector.Report
        do {
            report = try DriftDetector.compare(
                reference: prepared, data: window.inputTable(parts), exclude: exclude, alpha: alpha)
        } catch {
            return .init(reference: address.trainingData, cannotJudge: error.message, report: nil)
        }
        return .init(
            reference: address.trainingData, cannotJudge: nil, report: DriftFigures(report),
            onset: try onsets(
                window, parts, of: report.features.filter(\.drifted).map(\.name), reference: prepared,
                exclude: exclude, alpha: alpha))
    }

    /// The fewest requests a drift verdict is given on.
    public static let minimumDriftWindow = 50

    static func order(_ predictor: PredictorName) -> Int {
        switch predictor.kind {
        case .live: 0
        case .canary: 1
        case .shadow: 2
        }
    }
}

/// What `monitor` reports.
public struct MonitorReport: Sendable, Codable {
    public struct PredictorTraffic: Sendable, Codable {
        public let name: PredictorName
        /// The model it served with (`repo@commit:/path`).
        public let model: String?
        /// Requests whose answer it returned, and their share of the window.
        public let answered: Int
        public let share: Double
        /// Of those, answered with the positive class.
        public let positive: Int
        /// Requests it scored, returned or not (a shadow scores every request, returns none).
        public let scored: Int
        /// Of those, decided the positive class: a shadow's decisions, though none was returned.
        public let scoredPositive: Int
        /// Scored requests with a label, and its accuracy on them.
        public let labeled: Int
        public let accuracy: Double?
    }

    /// Nanoseconds.
    public struct Latency: Sendable, Codable {
        public let p50: Int
        public let p90: Int
        public let p99: Int
        public let max: Int
    }

    public struct Drift: Sendable, Codable {
        public let reference: TrainingDataLocation?
        public let cannotJudge: String?
        public let report: DriftFigures?
        /// Where each drifting feature began to drift; nil when none drifts, or when the requests
        /// tested make one segment (``LogSegments``: fewer than 750 of one release).
        public let onset: OnsetSearch?

        init(
            reference: TrainingDataLocation?, cannotJudge: String?, report: DriftFigures?, onset: OnsetSearch? = nil
        ) {
            self.reference = reference
            self.cannotJudge = cannotJudge
            self.report = report
            self.onset = onset
        }
    }

    public let deployment: DeploymentName
    public let first: Int?
    public let last: Int?
    public let requests: Int
    public let releases: [Int]
    public let classes: [String]
    public let predictors: [PredictorTraffic]
    public let latency: Latency?
    public let latencyNote: String?
    public let outliers: Int
    public let outlierPercentile: Int
    public let labels: Int
    public let drift: Drift
}

/// A drift report in plain values.
public struct DriftFigures: Sendable, Codable {
    public struct Feature: Sendable, Codable {
        public let name: String
        public let test: String
        public let statistic: Double
        public let pValue: Double
        public let drifted: Bool
        public let cannotJudge: String?
    }

    public let referenceRows: Int
    public let rows: Int
    public let alpha: Double
    public let threshold: Double
    public let features: [Feature]

    init(_ report: DriftDetector.Report) {
        referenceRows = report.referenceRows
        rows = report.rows
        alpha = report.alpha
        threshold = report.threshold
        features = report.features.map {
            Feature(
                name: $0.name, test: $0.test, statistic: $0.statistic, pValue: $0.pValue, drifted: $0.drifted,
                cannotJudge: $0.cannotJudge)
        }
    }
}
