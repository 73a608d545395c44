import Foundation
import TuskArtifacts
import TuskML
import TuskStore

/// A deployment's log read back for monitoring: who answered what, how fast, on what inputs, and
/// the labels that arrived since.
public struct ServedWindow: Sendable {
    public let deployment: Deployment
    public let requests: [LoggedRequest]
    /// Each request's answers, decoded, in the log's order.
    let answers: [[(predictor: String, probability: Double)]]
    let distances: [Double]
    public let labels: [String: String]

    /// Where a window starts: the whole log, a release's first request, or a request id.
    public enum Start: Sendable, Equatable {
        case beginning
        case release(Int)
        case request(String)
    }

    init(_ deployment: Deployment, requests: [LoggedRequest], labels: [String: String]) {
        self.deployment = deployment
        self.requests = requests
        self.labels = labels
        var answers: [[(String, Double)]] = []
        var distances: [Double] = []
        for request in requests {
            let read = AnswerLog.read(request.answers)
            answers.append(read.answers)
            distances.append(read.distance)
        }
        self.answers = answers
        self.distances = distances
    }

    /// The logged inputs as a table (columns in the order the log wrote them).
    /// The requests the drift test samples: each request id once, at its latest input. A request
    /// replayed under its id (a retry, a replayed file) is one observation of the population, and
    /// counting it twice would make the tests see drift that is not there.
    var distinctRequests: [LoggedRequest] {
        var latest: [String: Int] = [:]
        for (index, request) in requests.enumerated() { latest[request.requestID] = index }
        return requests.indices.filter { latest[requests[$0].requestID] == $0 }.map { requests[$0] }
    }

    func inputTable() -> Table {
        let requests = distinctRequests
        var names: [String] = []
        if let first = requests.first {
            // The log writes keys in the request table's order; a decoded dictionary forgets it.
            names = RecordReader.fieldPositions(first.input).sorted { $0.value.offset < $1.value.offset }.map(\.key)
        }
        let decoder = JSONDecoder()
        let rows = requests.map { (try? decoder.decode([String: LoggedValue].self, from: Data($0.input.utf8))) ?? [:] }
        let columns = names.map { name -> Table.Column in
            let values = rows.map { $0[name] ?? .null }
            if values.allSatisfy({ if case .text = $0 { false } else { true } }) {
                return Table.Column(
                    name: name,
                    values: .numeric(values.map { if case .number(let x) = $0 { x } else { .nan } }))
            }
            let texts = values.map { value -> String? in
                switch value {
                case .text(let text): text
                case .number(let number): LogJSON.number(number)
                case .null: nil
                }
            }
            let levels = Array(Set(texts.compactMap { $0 })).sorted()
            let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
            return Table.Column(
                name: name, values: .categorical(codes: texts.map { $0.flatMap { index[$0] } ?? -1 }, levels: levels))
        }
        return Table(source: "the logged requests of \(deployment.name)", rowCount: rows.count, columns: columns)
    }
}

/// A value of a logged input: the log writes numbers bare and categories quoted.
enum LoggedValue: Decodable {
    case number(Double), text(String), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

extension ServingEngine {
    /// The deployment's requests from `start` on, with the labels attached so far.
    public func window(_ name: String, from start: ServedWindow.Start = .beginning) throws(ServingError)
        -> ServedWindow
    {
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
                first =
                    try store.loggedRequests(deployment: name).first { $0.release >= number }?.sequence
                    ?? Int.max
            case .request(let id):
                guard let request = try store.loggedRequests(deployment: name, id: id).first else {
                    throw ServingError.noSuchRequest(id, name)
                }
                first = request.sequence
            }
            let requests = first == Int.max ? [] : try store.loggedRequests(deployment: name, from: first)
            return ServedWindow(deployment, requests: requests, labels: try store.requestLabels(deployment: name))
        } catch let error as ServingError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .artifact(.data(MLError("\(error)", file: name)))
        }
    }

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
        struct Key: Hashable { let predictor: String, model: String }
        var rows: [Key: (answered: Int, positive: Int, scored: Int, scoredPositive: Int, labeled: Int, correct: Int)] =
            [:]
        var order: [Key] = []
        var outliers = 0
        var thresholds: [Int: Double] = [:]
        var latencies: [Int] = []
        for (index, request) in window.requests.enumerated() {
            if index % 4096 == 4095, cancellation?.isCancelled == true { throw .cancelled }
            let release = deployment.release(request.release)
            let label = window.labels[request.requestID].flatMap { classes.firstIndex(of: $0) }
            for (position, answer) in window.answers[index].enumerated() {
                let model =
                    release?.predictors.first { $0.name == answer.predictor }?.model.description
                    ?? (position == 0 ? request.model : "?")
                let key = Key(predictor: answer.predictor, model: model)
                var row = rows[key] ?? (0, 0, 0, 0, 0, 0)
                if rows[key] == nil { order.append(key) }
                let decision = answer.probability > 0.5 ? 1 : 0
                row.scored += 1
                row.scoredPositive += decision
                if position == 0 {
                    row.answered += 1
                    row.positive += decision
                }
                if let label {
                    row.labeled += 1
                    if decision == label { row.correct += 1 }
                }
                rows[key] = row
            }
            if thresholds[request.release] == nil, let model = release?.live?.model {
                thresholds[request.release] = try self.model(model).outliers.threshold(percentile: percentile)
            }
            if window.distances[index] > thresholds[request.release] ?? .infinity { outliers += 1 }
            if let latency = request.latency { latencies.append(latency) }
        }
        let sorted = order.enumerated().sorted { a, b in
            (Self.order(a.element.predictor), a.offset) < (Self.order(b.element.predictor), b.offset)
        }.map(\.element)
        let predictors = sorted.map { key in
            let row = rows[key]!
            return MonitorReport.PredictorTraffic(
                name: key.predictor, model: key.model, answered: row.answered,
                share: window.requests.isEmpty ? 0 : Double(row.answered) / Double(window.requests.count),
                positive: row.positive, scored: row.scored, scoredPositive: row.scoredPositive, labeled: row.labeled,
                accuracy: row.labeled > 0 ? Double(row.correct) / Double(row.labeled) : nil)
        }
        let drift = drift(window, against: live.model, alpha: alpha)
        if cancellation?.isCancelled == true { throw .cancelled }
        latencies.sort()
        let latency: MonitorReport.Latency? =
            latencies.count == window.requests.count && !latencies.isEmpty
            ? MonitorReport.Latency(
                p50: Self.percentile(latencies, 50), p90: Self.percentile(latencies, 90),
                p99: Self.percentile(latencies, 99), max: latencies.last!) : nil
        return MonitorReport(
            deployment: deployment.name, first: window.requests.first?.sequence, last: window.requests.last?.sequence,
            requests: window.requests.count, releases: Array(Set(window.requests.map(\.release))).sorted(),
            classes: classes, predictors: predictors, latency: latency,
            latencyNote: latencies.isEmpty && !window.requests.isEmpty
                ? "not measured: a scenario replay runs on a logical clock" : nil,
            outliers: outliers, outlierPercentile: percentile,
            labels: window.requests.filter { window.labels[$0.requestID] != nil }.count,
            drift: drift)
    }

    /// Drift of the window's inputs from the live model's training data.
    func drift(_ window: ServedWindow, against address: ModelAddress, alpha: Double) -> MonitorReport.Drift {
        // A chi-squared test on a handful of requests finds "drift" in any rare category.
        let distinct = window.distinctRequests.count
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
        do {
            let report = try DriftDetector.compare(
                reference: reference, data: window.inputTable(), exclude: [target, "request_id"], alpha: alpha)
            return .init(reference: address.trainingData, cannotJudge: nil, report: DriftFigures(report))
        } catch {
            return .init(reference: address.trainingData, cannotJudge: error.message, report: nil)
        }
    }

    /// The fewest requests a drift verdict is given on.
    public static let minimumDriftWindow = 50

    static func order(_ predictor: String) -> Int {
        predictor == "live" ? 0 : predictor.hasPrefix("canary") ? 1 : 2
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Int], _ p: Int) -> Int {
        let rank = Int((Double(p) / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}

/// What `monitor` reports.
public struct MonitorReport: Sendable, Codable {
    public struct PredictorTraffic: Sendable, Codable {
        public let name: String
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
        public let reference: String?
        public let cannotJudge: String?
        public let report: DriftFigures?
    }

    public let deployment: String
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
