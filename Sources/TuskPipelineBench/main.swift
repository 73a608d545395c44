// `make bench`: what the pipeline machinery adds to the work its steps do, each figure the median
// of repeated runs, beside the same commands run by hand in the same run.
import Foundation
import TuskCore
import TuskRuntime
import TuskStore

let arguments = CommandLine.arguments
let datasets = arguments.count > 1 ? arguments[1] : "datasets"
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 11 : 11

/// Median wall time of `body` over the repetitions, in seconds.
func median(_ body: (Int) throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for round in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        try body(round)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
}

func format(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1e3) }

/// A fresh in-memory session with relative paths in a scratch directory.
func session(_ directory: String) throws -> Session {
    Session(store: try Store.inMemory(), baseDirectory: directory)
}

@discardableResult
func run(_ session: Session, _ line: String) -> CommandResult {
    let result = session.execute(SourceText(name: "<bench>", text: line))
    if let error = result.error {
        FileHandle.standardError.write(Data("bench command failed: \(line)\n\(error)\n".utf8))
        exit(1)
    }
    return result
}

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-pipeline-bench-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }
for round in 0..<repetitions {
    try Data("x,y\n\(round),\(round % 2 == 0 ? "a" : "b")\n".utf8).write(
        to: scratch.appendingPathComponent("tiny\(round).csv"))
}
let census = URL(fileURLWithPath: datasets).appendingPathComponent("census.csv").standardizedFileURL.path
let test = URL(fileURLWithPath: datasets).appendingPathComponent("census_test.csv").standardizedFileURL.path
guard FileManager.default.fileExists(atPath: census) else {
    print("skipped: \(census) not found")
    exit(0)
}

print("pipeline overhead (medians of \(repetitions) runs)")

// 1. A no-op step on a one-file commit: the put with its job, minus the put alone, minus the step by hand.
let withPipeline = try session(scratch.path)
run(withPipeline, "create repo data")
run(withPipeline, "create pipeline noop --input data@master:/ --step \"describe /pfs/data/tiny.csv\"")
let putAndJob = median { round in run(withPipeline, "put file data@master:/tiny.csv -f tiny\(round).csv") }
let plain = try session(scratch.path)
run(plain, "create repo data")
let putAlone = median { round in run(plain, "put file data@master:/tiny.csv -f tiny\(round).csv") }
let byHand = median { _ in run(plain, "describe data@master:/tiny.csv") }
print("  put of a one-file commit:          \(format(putAlone))")
print("  the same with a no-op job:         \(format(putAndJob))")
print("  the step run by hand:              \(format(byHand))")
print("  machinery per job:                 \(format(putAndJob - putAlone - byHand))  (goal < 5 ms)")

// 2. The training DAG on the census commit, against the same commands by hand.
let dag = median { _ in
    let s = try! session(scratch.path)
    run(s, "create repo income_data")
    run(
        s,
        "create pipeline income_training --input income_data@master:/ --step \"train logistic on /pfs/income_data/train.csv --target income -o /pfs/out/model.json\""
    )
    run(
        s,
        "create pipeline evaluation --input income_training@master:/,income_data@master:/ --step \"evaluate /pfs/income_training/model.json on /pfs/income_data/test.csv\""
    )
    run(s, "create pipeline models --input income_training@master:/,evaluation@master:/ --collect")
    run(s, "start commit income_data@master")
    run(s, "put file income_data@master:/train.csv -f \(census)")
    run(s, "put file income_data@master:/test.csv -f \(test)")
    run(s, "finish commit income_data@master")
}
let manual = median { _ in
    let s = try! session(scratch.path)
    run(s, "create repo income_data")
    run(s, "create repo models")
    run(s, "start commit income_data@master")
    run(s, "put file income_data@master:/train.csv -f \(census)")
    run(s, "put file income_data@master:/test.csv -f \(test)")
    run(s, "finish commit income_data@master")
    run(s, "train logistic on income_data@master:/train.csv --target income -o models@master:/model.json")
    run(s, "evaluate models@master:/model.json on income_data@master:/test.csv --format json")
}
print("  training DAG (3 jobs) on census:   \(format(dag))")
print("  the same commands by hand:         \(format(manual))")
print("  machinery per job:                 \(format((dag - manual) / 3))")
