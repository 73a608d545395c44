// `make bench`: the router on the project's request stream, each figure the median of repeated
// runs; bench/serving_reference.py does the same work with scikit-learn and sqlite3 in the same run.
// Two logistic models (census live, vendor as a shadow) serve `requests_v1.csv` repeated to 50,000
// requests with unique ids: (a) routed, scored and logged in one transaction of a store on disk,
// (b) routed and scored without the log, (c) one JSON record at a time, read, routed and scored.
// The log grows over the runs, as a router's does: each run of (a) appends to the runs before it.
import Foundation
import TuskArtifacts
import TuskCore
import TuskML
import TuskServing
import TuskStore

let arguments = CommandLine.arguments
let datasets = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "datasets").standardizedFileURL.path
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 11 : 11
let streamSize = 50_000
let singleRequests = 20_000
let warmUpRequests = 2_000
let loggedSingleRequests = 2_000

guard FileManager.default.fileExists(atPath: datasets + "/requests_v1.csv") else {
    print("skipped: \(datasets)/requests_v1.csv not found")
    exit(0)
}

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-serving-bench-\(getpid())").path

func fail(_ message: String) -> Never {
    try? FileManager.default.removeItem(atPath: scratch)
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(70)
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Median wall time of `body` over the repetitions, in seconds, with the last result.
func measure<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var times: [Double] = []
    var last: T?
    for _ in 0..<repetitions {
        let start = now()
        last = try body()
        times.append(Double(now() - start) / 1e9)
    }
    return (times.sorted()[times.count / 2], last!)
}

/// The value at quantile `q` of sorted nanoseconds, interpolated as numpy's percentile is.
func quantile(_ sorted: [UInt64], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
    return Double(sorted[low]) + (Double(sorted[high]) - Double(sorted[low])) * (position - Double(low))
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func rate(_ count: Int, _ seconds: Double) -> String {
    let perSecond = Double(count) / seconds
    return perSecond >= 1e6 ? String(format: "%.2f M/s", perSecond / 1e6) : String(format: "%.0f k/s", perSecond / 1e3)
}

func micros(_ nanoseconds: Double) -> String { String(format: "%.2f µs", nanoseconds / 1e3) }

func line(_ label: String, _ figure: String, _ goal: String = "", met: Bool? = nil) {
    let verdict = met.map { $0 ? "met" : "MISSED" } ?? ""
    print(
        "  " + label.padding(toLength: 52, withPad: " ", startingAt: 0)
            + figure.padding(toLength: 14, withPad: " ", startingAt: 0)
            + goal.padding(toLength: 14, withPad: " ", startingAt: 0) + verdict)
}

// MARK: - A store on disk with two models, one deployment: census live, vendor as a shadow

let engine: ServingEngine
let schema: RequestSchema
let deployment: Deployment
let release: Release
do {
    let store = try Store.open(directory: scratch + "/store")
    let workspace = Workspace(store: store, files: LocalFiles(baseDirectory: datasets))
    let models = try RepoName("models")
    try store.createRepo(models)
    for name in ["census", "vendor"] {
        let loaded = try workspace.loadTable(.local("\(name).csv"), ReadOptions(), label: "income")
        let data = try LabeledData(table: loaded.table, target: "income")
        let model = try Trainer.train(
            .logistic, on: data,
            fingerprint: DataFingerprint(
                source: "\(name).csv", rows: data.rowCount, sha256: ContentHash(of: loaded.source.bytes).hex))
        _ = try store.put(
            [FileWrite(path: try RepoPath("/\(name).json"), bytes: Array(try model.jsonData()))], repo: models,
            branch: try BranchName("master"), message: "train \(name)")
    }
    engine = ServingEngine(workspace: workspace, measuresLatency: true)
    let census = try engine.resolve(
        .store(repo: models, ref: CommitRef(base: "master"), path: try RepoPath("/census.json")))
    let vendor = try engine.resolve(
        .store(repo: models, ref: CommitRef(base: "master"), path: try RepoPath("/vendor.json")))
    _ = try engine.registry.create(try DeploymentName("production"))
    try engine.registry.change(try DeploymentName("production")) { d throws(ServingError) in
        try DeploymentPolicy.release(d, model: census.address)
    }
    try engine.registry.change(try DeploymentName("production")) { d throws(ServingError) in
        try DeploymentPolicy.shadow(d, model: vendor.address)
    }
    deployment = try engine.registry.named(try DeploymentName("production"))
    release = deployment.current!
    schema = try engine.schema(of: deployment)
} catch {
    fail("setting up the store in \(scratch): \(error)")
}

// MARK: - The request stream: requests_v1.csv's rows, repeated with unique ids

guard let base = FileManager.default.contents(atPath: datasets + "/requests_v1.csv"),
    let text = String(data: base, encoding: .utf8)
else { fail("cannot read \(datasets)/requests_v1.csv") }
let lines = text.split(separator: "\n")
let columns = lines[0].split(separator: ",").dropFirst().map(String.init)
let records = lines.dropFirst().map { line -> (id: String, fields: [Substring]) in
    let fields = line.split(separator: ",", omittingEmptySubsequences: false)
    return (String(fields[0]), Array(fields.dropFirst()))
}
var stream = lines[0] + "\n"
for k in 0..<streamSize {
    let (id, fields) = records[k % records.count]
    stream += "q\(k / records.count)-\(id),\(fields.joined(separator: ","))\n"
}
let streamBytes = Array(stream.utf8)

/// One request as a plain JSON record with all 14 features: numbers for numeric features, strings
/// for categorical ones, `null` for `?`.
func json(id: String, fields: [Substring]) -> String {
    let numeric = Set(schema.features.filter { $0.kind == .numeric }.map(\.name))
    var parts = ["\"request_id\":\"\(id)\""]
    for (name, value) in zip(columns, fields) {
        let rendered = value == "?" ? "null" : numeric.contains(name) ? String(value) : "\"\(value)\""
        parts.append("\"\(name)\":\(rendered)")
    }
    return "{" + parts.joined(separator: ",") + "}"
}

let batch: RequestBatch
do {
    batch = try RequestReader.csv(streamBytes, source: "requests.csv", schema: schema)
} catch {
    fail("reading the request stream: \(error)")
}
guard batch.count == streamSize, batch.rejected.isEmpty else {
    fail("the stream read \(batch.count) requests, \(batch.rejected.count) rejected; expected \(streamSize)")
}

// MARK: - Routing and scoring without the log

struct Unlogged {
    var probabilities: [Double] = []
    var decisions: [String] = []
    var shadowSum = 0.0
    var distanceSum = 0.0
}

/// What `ServingEngine.answer` does for each request of `batch`, minus the log's strings: route by
/// the request's id, score with the answering predictor (the live model scores a canary's requests
/// too) and every shadow, and take the live model's outlier distance. The scorers are bound once
/// per batch, as `serve` binds them. `routing` or `scoring` false leaves that half out, to see
/// where the time goes.
func routeAndScore(_ batch: RequestBatch, routing: Bool = true, scoring: Bool = true) throws(ServingError)
    -> Unlogged
{
    let live = release.live!
    var result = Unlogged()
    guard scoring else {
        result.decisions.reserveCapacity(batch.count)
        for row in 0..<batch.count {
            let id = batch.ids[row] ?? "r\(row + 1)"
            result.decisions.append(
                (Router.answering(id, seed: deployment.seed, release: release) ?? live).name.rawValue)
        }
        return result
    }
    var scorers: [PredictorName: BoundScorer] = [:]
    for predictor in release.predictors {
        scorers[predictor.name] = BoundScorer(try engine.model(predictor.model), table: batch.table)
    }
    let classes = try engine.model(live.model).classes
    let liveScorer = scorers[live.name]!
    let shadows = release.predictors.filter { $0.role == .shadow }
    let shadowScorers = shadows.map { scorers[$0.name]! }
    result.probabilities.reserveCapacity(batch.count)
    result.decisions.reserveCapacity(batch.count)
    for row in 0..<batch.count {
        let id = batch.ids[row] ?? "r\(row + 1)"
        let answering = routing ? Router.answering(id, seed: deployment.seed, release: release) ?? live : live
        let liveProbability = liveScorer.probability(row: row)
        let probability =
            answering.name == live.name ? liveProbability : scorers[answering.name]!.probability(row: row)
        for scorer in shadowScorers { result.shadowSum += scorer.probability(row: row) }
        result.distanceSum += liveScorer.outlierDistance(row: row)
        result.probabilities.append(probability)
        result.decisions.append(classes[probability > 0.5 ? 1 : 0])
    }
    return result
}

// MARK: - Where the log's time goes

/// Every predictor's answer to each request of `batch`, as the engine logs them (no canary here:
/// the live model answers, the shadow scores beside it).
func answersForLog(_ batch: RequestBatch) throws -> (live: [Double], shadow: [Double], distance: [Double]) {
    let live = BoundScorer(try engine.model(release.live!.model), table: batch.table)
    let shadowPredictor = release.predictors.first { $0.role == .shadow }!
    let shadow = BoundScorer(try engine.model(shadowPredictor.model), table: batch.table)
    return (
        (0..<batch.count).map { live.probability(row: $0) }, (0..<batch.count).map { shadow.probability(row: $0) },
        (0..<batch.count).map { live.outlierDistance(row: $0) }
    )
}

func columns(of table: Table) -> [LoggedColumn] {
    table.columns.map { column in
        switch column.values {
        case .numeric(let values): LoggedColumn(name: column.name, values: .numbers(values))
        case .categorical(let codes, let levels): LoggedColumn(name: column.name, values: .codes(codes, levels: levels))
        }
    }
}

/// The log's half of (a), part by part: encoding the answered batch into a chunk, then the
/// store's begin, insert and commit (timed inside its transaction), then a checkpoint. Written
/// to another deployment's log, so (a)'s stays as sent. Nanoseconds per batch, medians.
func breakdown() throws -> (
    encode: Double, begin: Double, insert: Double, commit: Double, checkpoint: Double, chunkBytes: Double
) {
    let answers = try answersForLog(batch)
    let names = release.predictors.map(\.name)
    let logColumns = columns(of: batch.table)
    let cuts = try engine.model(release.live!.model).outliers.thresholds
    func encode() -> RequestChunkWriter {
        // The engine's cuts, so the summary is counted and written as `serve` writes it.
        var writer = RequestChunkWriter(
            release: release.number, predictors: names.map(\.rawValue), columns: logColumns, distanceCuts: cuts,
            capacity: batch.count)
        for row in 0..<batch.count {
            writer.answer(0, answers.live[row])
            writer.answer(1, answers.shadow[row])
            writer.finish(id: batch.ids[row]!, row: row, distance: answers.distance[row], latency: 700)
        }
        return writer
    }
    var encodes: [Double] = [], begins: [Double] = [], inserts: [Double] = [], commits: [Double] = []
    var checkpoints: [Double] = []
    var bytes = 0
    let store = try engine.workspace.store
    for _ in 0..<repetitions {
        let start = now()
        let writer = encode()
        encodes.append(Double(now() - start))
        _ = try store.appendRequests(
            deployment: try DeploymentName("breakdown"), record: (DeploymentRegistry.collection, "production"),
            timing: { times in
                begins.append(Double(times.begin))
                inserts.append(Double(times.insert))
                commits.append(Double(times.commit))
            }
        ) { _, next in
            let chunk = writer.chunk(first: next)
            bytes = chunk.byteCount
            return ([chunk], ())
        }
        let checkpoint = now()
        try store.checkpoint()
        checkpoints.append(Double(now() - checkpoint))
    }
    return (
        median(encodes), median(begins), median(inserts), median(commits), median(checkpoints),
        Double(bytes) / Double(batch.count)
    )
}

// MARK: - monitor and why on long logs

/// Builds logs of LOG_SIZES requests (default 100,000, 1,000,000 and 10,000,000) in a fresh
/// deployment, serving the stream under fresh ids batch after batch (building them fast is not
/// the point), and times `monitor` (the window, its counts, latency percentiles, outliers and
/// drift) and `why` (finding one id) at each size.
func bigLogs() throws {
    let sizes = (ProcessInfo.processInfo.environment["LOG_SIZES"] ?? "100000,1000000,10000000")
        .split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }.sorted()
    guard !sizes.isEmpty else { return }
    _ = try engine.registry.create(try DeploymentName("long"))
    try engine.registry.change(try DeploymentName("long")) { d throws(ServingError) in
        try DeploymentPolicy.release(d, model: release.live!.model)
    }
    try engine.registry.change(try DeploymentName("long")) { d throws(ServingError) in
        try DeploymentPolicy.shadow(d, model: release.predictors.first { $0.role == .shadow }!.model)
    }
    print("monitor and why on long logs (deployment 'long': census live, vendor shadow; medians of 3):")
    print(
        "  " + "requests".padding(toLength: 14, withPad: " ", startingAt: 0)
            + "monitor       (reading)     why           store on disk"
    )
    var served = 0
    var copy = 0
    let store = try engine.workspace.store
    for size in sizes {
        let building = now()
        while served < size {
            let n = min(batch.count, size - served)
            let ids = (0..<batch.count).map { "L\(copy)-\($0)" as String? }
            let fresh = batch.withIDs(ids)
            if n == batch.count {
                _ = try engine.serve(try DeploymentName("long"), fresh)
            } else {
                fail("LOG_SIZES must be multiples of \(batch.count)")
            }
            served += n
            copy += 1
        }
        let built = Double(now() - building) / 1e9
        try store.checkpoint()
        let middle = "L\(copy / 2)-\(batch.count / 2)"
        var monitorTimes: [Double] = [], whyTimes: [Double] = [], windowTimes: [Double] = []
        var report: MonitorReport?
        for _ in 0..<3 {
            var start = now()
            let window = try engine.window(
                try DeploymentName("long"), inputs: .last(ServingEngine.driftSample), summaries: true)
            windowTimes.append(Double(now() - start))
            report = try engine.monitor(window)
            monitorTimes.append(Double(now() - start))
            start = now()
            let traces = try engine.trace(try DeploymentName("long"), request: middle)
            whyTimes.append(Double(now() - start))
            guard traces.count == 1 else { fail("why found \(traces.count) requests '\(middle)'") }
        }
        guard report?.requests == size else { fail("monitor counted \(report?.requests ?? 0) of \(size)") }
        let database = scratch + "/store/store.sqlite"
        let onDisk = (try? FileManager.default.attributesOfItem(atPath: database)[.size]) as? Int ?? 0
        print(
            "  " + String(size).padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(format: "%.3f s", median(monitorTimes) / 1e9).padding(
                    toLength: 14, withPad: " ", startingAt: 0)
                + String(format: "%.3f s", median(windowTimes) / 1e9).padding(
                    toLength: 14, withPad: " ", startingAt: 0)
                + String(format: "%.3f s", median(whyTimes) / 1e9).padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(
                    format: "%.0f MB (the whole store); built at %@", Double(onDisk) / 1e6,
                    rate(size - (sizes.last { $0 < size } ?? 0), built)))
    }
}

// MARK: - Measurements

print(
    "router: \(streamSize) requests (requests_v1.csv ×\(streamSize / records.count), unique ids), "
        + "census live + vendor shadow, logistic; medians of \(repetitions) runs")
do {
    // (a) Through the engine: routed, scored and logged in one transaction per batch.
    let first = try engine.serve(try DeploymentName("production"), batch)  // warm-up: statements prepared, pages cached
    let logged = try measure { try engine.serve(try DeploymentName("production"), batch) }
    let readAndLogged = try measure { () throws -> ServedBatch in
        try engine.serve(
            try DeploymentName("production"), try RequestReader.csv(streamBytes, source: "requests.csv", schema: schema)
        )
    }
    let reading = try measure { try RequestReader.csv(streamBytes, source: "requests.csv", schema: schema).count }

    // (b) The same routing and scoring, no log; then each half alone.
    _ = try routeAndScore(batch)
    let unlogged = try measure { try routeAndScore(batch) }
    let routingAlone = try measure { try routeAndScore(batch, scoring: false) }
    let scoringAlone = try measure { try routeAndScore(batch, routing: false) }

    // What was logged is what was sent, and the unlogged path answers as the engine did.
    let sent = streamSize * (1 + 2 * repetitions)
    let count = try engine.workspace.store.loggedRequestCount(deployment: try DeploymentName("production"))
    guard count == sent else { fail("the log holds \(count) requests, \(sent) were sent") }
    for served in [first, logged.result] {
        guard served.answers.map(\.probability) == unlogged.result.probabilities,
            served.answers.map(\.decision) == unlogged.result.decisions, served.shadows.map(\.rawValue) == ["shadow-1"]
        else { fail("the unlogged path's answers differ from the engine's") }
    }
    let last = try engine.workspace.store.loggedRequests(deployment: try DeploymentName("production"), from: sent)
    guard last.count == 1, last[0].requestID == "q\(streamSize / records.count - 1)-\(records.last!.id)",
        last[0].latency != nil, last[0].answers.map(\.predictor) == ["live", "shadow-1"]
    else { fail("the last logged request is not the last one sent: \(last)") }
    let database = scratch + "/store/store.sqlite"
    try engine.workspace.store.checkpoint()
    let onDisk = [database, database + "-wal"].reduce(0) { total, path in
        total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int ?? 0)
    }
    let parts = try breakdown()

    // (c) One request at a time, JSON text to answer, no log: read, bind, route, score.
    let texts = (0..<singleRequests).map { k in json(id: "s\(k)", fields: records[k % records.count].fields) }
    // PROFILE_SINGLE=N: only N single requests through serve and the log, then exit, for a
    // profiler to see that path alone (`perf record -g`).
    if let n = ProcessInfo.processInfo.environment["PROFILE_SINGLE"].flatMap({ Int($0) }) {
        let start = now()
        for k in 0..<n {
            _ = try engine.serve(
                try DeploymentName("production"), try RequestReader.json(texts[k % texts.count], schema: schema),
                receivedAt: now())
        }
        print(String(format: "profile: %.2f µs a request through serve", Double(now() - start) / Double(n) / 1e3))
        try? FileManager.default.removeItem(atPath: scratch)
        exit(0)
    }
    func predict(_ text: String) throws -> Double {
        try routeAndScore(try RequestReader.json(text, schema: schema)).probabilities[0]
    }
    for k in 0..<warmUpRequests { _ = try predict(texts[k % texts.count]) }
    for k in 0..<records.count where try predict(texts[k]) != unlogged.result.probabilities[k] {
        fail("request \(records[k].id) as JSON scores differently from its CSV row")
    }
    var p50s: [Double] = [], p99s: [Double] = [], readingP50s: [Double] = []
    var times = [UInt64](repeating: 0, count: singleRequests)
    for _ in 0..<repetitions {
        for (k, text) in texts.enumerated() {
            let start = now()
            _ = try predict(text)
            times[k] = now() - start
        }
        times.sort()
        p50s.append(quantile(times, 0.5))
        p99s.append(quantile(times, 0.99))
        for (k, text) in texts.enumerated() {
            let start = now()
            _ = try RequestReader.json(text, schema: schema)
            times[k] = now() - start
        }
        times.sort()
        readingP50s.append(quantile(times, 0.5))
    }
    // Of what comes before the log: the live and the shadow model bound to a request's one-row
    // table and scored (`BoundScorer`, as `serve` binds them per request), medians of the rounds.
    let oneRowTables = try texts.map { try RequestReader.json($0, schema: schema).table }
    let liveModel = BoundScorer.Plan(try engine.model(release.live!.model))
    let shadowModel = BoundScorer.Plan(try engine.model(release.predictors.first { $0.role == .shadow }!.model))
    var bindingP50s: [Double] = []
    for _ in 0..<repetitions {
        for (k, table) in oneRowTables.enumerated() {
            let start = now()
            let live = BoundScorer(liveModel, table: table), shadow = BoundScorer(shadowModel, table: table)
            guard live.probability(row: 0).isFinite, shadow.probability(row: 0).isFinite else {
                fail("request \(k) scored no finite probability")
            }
            times[k] = now() - start
        }
        times.sort()
        bindingP50s.append(quantile(times, 0.5))
    }
    // For comparison, one request through `serve`: the deployment read and a commit to the log.
    var served = [UInt64](repeating: 0, count: loggedSingleRequests)
    var servedParts: [RequestLogTiming] = []
    servedParts.reserveCapacity(loggedSingleRequests)
    for k in 0..<loggedSingleRequests {
        let start = now()
        _ = try engine.serve(
            try DeploymentName("production"), try RequestReader.json(texts[k], schema: schema), receivedAt: start,
            timing: { servedParts.append($0) })
        served[k] = now() - start
    }
    let servedWhole = served.map { Double($0) }
    served.sort()
    // The floor: the log's transaction with nothing to write (write lock, the deployment's
    // record, the next sequence number, a commit).
    var empty = [Double](repeating: 0, count: loggedSingleRequests)
    for k in 0..<loggedSingleRequests {
        let start = now()
        _ = try engine.workspace.store.appendRequests(
            deployment: try DeploymentName("production"), record: (DeploymentRegistry.collection, "production")
        ) { _, _ in ([], ()) }
        empty[k] = Double(now() - start)
    }
    guard
        try engine.workspace.store.loggedRequestCount(deployment: try DeploymentName("production")) == sent
            + loggedSingleRequests
    else { fail("the single requests served were not all logged") }

    let (p50, p99) = (median(p50s), median(p99s))
    let perRequest = { (seconds: Double) in seconds * 1e9 / Double(streamSize) }
    print("  " + "".padding(toLength: 52, withPad: " ", startingAt: 0) + "tusk          goal")
    line(
        "(a) routed, scored and logged (store on disk)", rate(streamSize, logged.seconds), "≥ 500 k/s",
        met: Double(streamSize) / logged.seconds >= 500_000)
    line("    the same, reading the CSV stream too", rate(streamSize, readAndLogged.seconds))
    line("    reading the CSV stream alone", rate(streamSize, reading.seconds))
    line("    what the log adds per request, (a) − (b)", micros(perRequest(logged.seconds - unlogged.seconds)))
    line(
        "(b) routed and scored, no log", rate(streamSize, unlogged.seconds), "≥ 2.00 M/s",
        met: Double(streamSize) / unlogged.seconds >= 2_000_000)
    line("    routing alone, per request", micros(perRequest(routingAlone.seconds)))
    line("    scoring alone (2 models + outlier distance)", micros(perRequest(scoringAlone.seconds)))
    line("(c) one predict, JSON record to answer, p50", micros(p50), "≤ 50 µs", met: p50 <= 50_000)
    line("    p99", micros(p99), "≤ 50 µs", met: p99 <= 50_000)
    line("    reading the JSON record alone, p50", micros(median(readingP50s)))
    line(
        "    one predict through serve (logged), p50", micros(quantile(served, 0.5)), "≤ 50 µs",
        met: quantile(served, 0.5) <= 50_000)
    line("    p99", micros(quantile(served, 0.99)))
    print(
        "  checks: \(count) requests logged in (a) as sent, "
            + String(
                format: "%.0f MB on disk; mean live probability %.4f, shadow %.4f, outlier distance %.3f",
                Double(onDisk) / 1e6, unlogged.result.probabilities.reduce(0, +) / Double(streamSize),
                unlogged.result.shadowSum / Double(streamSize), unlogged.result.distanceSum / Double(streamSize)))
    print(
        "  (c): p50 and p99 over \(singleRequests) requests per run after \(warmUpRequests) to warm up; "
            + "through serve: \(loggedSingleRequests) requests, one commit each")
    print(
        String(
            format: "  bytes per logged request: %.0f on disk (store.sqlite after a checkpoint, over %d requests "
                + "and the store's models), %.1f in the chunk before SQLite's pages; goal ≤ 100",
            Double(onDisk) / Double(count), count, parts.chunkBytes))

    print("where the time of (a) goes, per request (medians of \(repetitions) runs of \(streamSize) requests):")
    line("parse (the CSV stream)", micros(perRequest(reading.seconds)))
    line("route", micros(perRequest(routingAlone.seconds)))
    line("score (2 models + outlier distance)", micros(perRequest(scoringAlone.seconds)))
    line("encode the rows (RequestChunkWriter)", micros(parts.encode / Double(streamSize)))
    line("begin: write lock, deployment, next sequence", micros(parts.begin / Double(streamSize)))
    line("insert (one row per chunk)", micros(parts.insert / Double(streamSize)))
    line("commit (the write-ahead log's write)", micros(parts.commit / Double(streamSize)))
    line("checkpoint (into the database file)", micros(parts.checkpoint / Double(streamSize)))
    line("(a) whole, through the engine", micros(perRequest(logged.seconds)))

    // One request through serve, each part its median over the requests.
    print("where the time of one request through serve goes (medians of \(loggedSingleRequests) requests):")
    let readingOne = median(readingP50s)
    let outside = zip(servedWhole, servedParts).map { whole, part in
        whole - Double(part.begin + part.build + part.insert + part.commit) - readingOne
    }
    line("read the JSON record (c's median)", micros(readingOne))
    line("deployment read, models bound, before the log", micros(median(outside)))
    line("  of which two models bound to the record, scored", micros(median(bindingP50s)))
    line("begin: write lock, deployment, next sequence", micros(median(servedParts.map { Double($0.begin) })))
    line("route, score, encode the row", micros(median(servedParts.map { Double($0.build) })))
    line("insert (one row)", micros(median(servedParts.map { Double($0.insert) })))
    line("commit (the write-ahead log's write)", micros(median(servedParts.map { Double($0.commit) })))
    line("one request through serve, whole", micros(quantile(served, 0.5)))
    line("the log's transaction with nothing in it", micros(median(empty)))
    try bigLogs()
} catch {
    fail("\(error)")
}
try? FileManager.default.removeItem(atPath: scratch)
