// `make bench`: the trainer on a wide categorical column, then on the real UCI Adult file, each
// figure the median of repeated runs.
// Split: every fifth row (index % 5 == 4) is held out for testing; bench/reference.py uses the same.
// With a third argument, the path of a built tusk, it also times `tusk train logistic` as a whole
// process: start-up, reading, training and writing the model, as a person runs it from the shell.
import Foundation
import TuskML
import TuskONNX

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "../shared/datasets/adult/adult.data"
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 11 : 11
let tusk = arguments.count > 3 ? arguments[3] : nil

do { try benchWideCategoricals(repetitions: repetitions) } catch {
    print("error: \(error)")
    exit(70)
}

guard FileManager.default.fileExists(atPath: path) else {
    print("skipped: \(path) not found (the real UCI Adult file; see ../shared/datasets/adult/README.md)")
    exit(0)
}

/// Median wall time of `body` over the repetitions, in seconds, with the last result.
func measure<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var times: [Double] = []
    var last: T?
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        last = try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (times.sorted()[times.count / 2], last!)
}

func format(_ seconds: Double) -> String {
    seconds < 1e-3 ? String(format: "%.2f µs", seconds * 1e6) : String(format: "%.1f ms", seconds * 1e3)
}

let adult = KnownSchema.uciAdult
let target = adult.target!
func load() throws -> (LabeledData, FeatureEncoder, EncodedRows) {
    let fields = try CSVReader.read(path: path, format: adult.format)
    let table = try TableLoader.load(
        fields, schema: adult.schema, format: adult.format, labelColumn: adult.target,
        normalizeLabel: adult.normalizeLabel)
    let data = try LabeledData(table: table, target: target)
    let encoder = FeatureEncoder.fit(data)
    return (data, encoder, try encoder.encode(table))
}

/// Runs `executable` with `arguments`, its output discarded; false when it fails.
func run(_ executable: String, _ arguments: [String]) -> Bool {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return false }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status == 0
}

/// `tusk train logistic` on the whole file, as one process from start to exit (three runs first
/// to warm the file cache and create the store).
func wholeProcess(_ tusk: String) throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let train = [
        "train", "logistic", "on", path, "--schema", "uci-adult", "--target", "income", "-o", scratch + "/m.json",
        "--store", scratch + "/store",
    ]
    for _ in 0..<3 where !run(tusk, train) {
        print("whole process skipped: '\(tusk) \(train.joined(separator: " "))' failed")
        return
    }
    let trained = measure { run(tusk, train) }
    let started = measure { run(tusk, ["help", "train"]) }
    print(
        "whole process, tusk train logistic:    \(format(trained.seconds))  (start-up alone, tusk help: \(format(started.seconds)))"
    )
}

do {
    if let tusk { try wholeProcess(tusk) }
    let loading = try measure(load)
    let (all, _, _) = loading.result
    print("rows: \(all.rowCount), columns: \(all.table.columns.count)")
    print("load + encode (32,561 rows):          \(format(loading.seconds))")

    let trainRows = (0..<all.rowCount).filter { $0 % 5 != 4 }, testRows = (0..<all.rowCount).filter { $0 % 5 == 4 }
    let train = try LabeledData(table: all.table.rows(trainRows), target: target)
    let test = try LabeledData(table: all.table.rows(testRows), target: target)
    let encoder = FeatureEncoder.fit(train)
    let xTrain = try encoder.encode(train.table), xTest = try encoder.encode(test.table)

    let fitting = try measure { try LogisticRegression.fit(xTrain, width: encoder.width, labels: train.labels) }
    let model = fitting.result
    let metrics = BinaryMetrics(labels: test.labels, probabilities: model.probabilities(xTest))
    print(
        "logistic regression fit:              \(format(fitting.seconds))  "
            + String(
                format: "(%d Newton iterations), test accuracy %.4f, ROC AUC %.4f", model.iterations, metrics.accuracy,
                metrics.rocAUC))
    let xTrainTrees = try encoder.matrix(train.table), xTestTrees = try encoder.matrix(test.table)
    let boosting = measure { GradientBoosting.fit(xTrainTrees, labels: train.labels) }
    let trees = BinaryMetrics(labels: test.labels, probabilities: boosting.result.probabilities(xTestTrees))
    print(
        "gradient boosting fit (100 trees):    \(format(boosting.seconds))  "
            + String(format: "test accuracy %.4f, ROC AUC %.4f", trees.accuracy, trees.rocAUC))

    // One record, encoded and scored: the serving path.
    let logisticModel = try Trainer.train(
        .logistic, on: train, fingerprint: DataFingerprint(source: path, rows: train.rowCount, sha256: ""))
    let boostedModel = try Trainer.train(
        .boosted, on: train, fingerprint: DataFingerprint(source: path, rows: train.rowCount, sha256: ""))
    var record: [String: RecordScorer.Value] = [:]
    for column in test.table.columns where column.name != target {
        switch column.values {
        case .numeric(let values): record[column.name] = values[0].isNaN ? .missing : .number(values[0])
        case .categorical(let codes, let levels):
            record[column.name] = codes[0] < 0 ? .missing : .text(levels[Int(codes[0])])
        }
    }
    for (name, model) in [("logistic", logisticModel), ("boosted", boostedModel)] {
        let scorer = RecordScorer(model)
        let calls = 20_000
        var sink = 0.0
        let single = measure {
            for _ in 0..<calls { sink += scorer.probability(record) }
        }
        let padded = "one record encoded and scored (\(name)):".padding(toLength: 42, withPad: " ", startingAt: 0)
        print(
            "\(padded)\(format(single.seconds / Double(calls)))  (mean probability \(String(format: "%.3f", sink / Double(calls * repetitions))))"
        )
    }

    // Raw CSV rows in memory to probabilities: parse, type, encode, score.
    let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
    let batch = try measure { () throws -> Int in
        let fields = try CSVReader.parse(bytes, source: path, format: adult.format)
        let table = try TableLoader.load(fields, schema: adult.schema, format: adult.format)
        return try logisticModel.probabilities(table).count
    }
    print(
        "batch scoring of raw rows (logistic): \(format(batch.seconds)) for \(batch.result) rows = "
            + String(format: "%.2f M rows/s", Double(batch.result) / batch.seconds / 1e6))

    // Typed columns to probabilities (the file already read), as onnxruntime is timed on tensors
    // built before the clock starts; the models written as ONNX for bench/onnx_score.py to time.
    let onnxFolder = ".build/bench"
    try FileManager.default.createDirectory(atPath: onnxFolder, withIntermediateDirectories: true)
    for (name, model) in [("logistic", logisticModel), ("boosted", boostedModel)] {
        let typed = try measure { try model.probabilities(all.table).count }
        let padded = "batch scoring of typed rows (\(name)):".padding(toLength: 40, withPad: " ", startingAt: 0)
        print(
            "\(padded)\(format(typed.seconds)) for \(typed.result) rows = "
                + String(format: "%.2f M rows/s", Double(typed.result) / typed.seconds / 1e6))
        let bytes = try ONNXExport.model(model, provenance: ONNXProvenance(source: path, producerVersion: "bench"))
        try Data(bytes).write(to: URL(fileURLWithPath: "\(onnxFolder)/adult-\(name).onnx"))
    }
} catch {
    print("error: \(error)")
    exit(70)
}
