// `make bench`: the store at 100× the scenario sizes, on disk, each figure a median or a total.
//
//     TuskStoreBench [COMMITS] [FILES] [LARGE_MB]
//
// COMMITS one-file commits (cost of the first 1,000 against the last 1,000), one commit of FILES
// files made two ways, reads from the largest tree, a path as deep as the store takes, four writer
// threads on one store, then the space `delete repo` gives back.
import Foundation
import Synchronization
import TuskCore
import TuskStore

let arguments = CommandLine.arguments
let commitCount = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let fileCount = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
let largeMegabytes = arguments.count > 3 ? Int(arguments[3]) ?? 0 : 0

/// Seconds since an arbitrary start, monotonic.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func median(_ values: some Collection<Double>) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func format(_ seconds: Double) -> String {
    switch seconds {
    case ..<1e-3: String(format: "%.1f µs", seconds * 1e6)
    case ..<1: String(format: "%.2f ms", seconds * 1e3)
    default: String(format: "%.2f s", seconds)
    }
}

/// Bytes the store's files take on disk (the database and its write-ahead log).
func diskSize(_ directory: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.reduce(0) { total, name in
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
        return total + ((attributes?[.size] as? Int) ?? 0)
    }
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

func scratch(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-bench-\(name)-\(getpid())").path
    try? FileManager.default.removeItem(atPath: path)
    return path
}

func path(_ text: String) -> RepoPath { try! RepoPath(text) }
let master = try! BranchName("master")

/// A small CSV-like file whose content differs with `n`.
func content(_ n: Int) -> [UInt8] { Array("id,value\n\(n),\(n &* 2_654_435_761 % 1_000_003)\n".utf8) }

func oneFileCommits(_ store: Store) throws {
    let repo = try RepoName("commits")
    try store.createRepo(repo)
    var times: [Double] = []
    let start = now()
    for n in 0..<commitCount {
        let t = now()
        try store.put(
            [FileWrite(path: path("/data/part-\(n).csv"), bytes: content(n))], repo: repo, branch: master)
        times.append(now() - t)
    }
    let total = now() - start
    let window = min(1_000, commitCount)
    print("\(commitCount) one-file commits:            \(format(total)) total")
    print("  median commit, first \(window):         \(format(median(times.prefix(window))))")
    print("  median commit, last \(window):          \(format(median(times.suffix(window))))")
    let slowest = times.enumerated().max { $0.element < $1.element }!
    print("  mean commit:                          \(format(total / Double(commitCount)))")
    print("  slowest commit:                       \(format(slowest.element)) (commit \(slowest.offset + 1))")
    let head = try store.resolve(repo, CommitRef(base: "master")).id
    var reads: [Double] = []
    for n in stride(from: 0, to: commitCount, by: max(1, commitCount / 200)) {
        let t = now()
        _ = try store.readFile(repo, head, path("/data/part-\(n).csv"))
        reads.append(now() - t)
    }
    print("  median read of one file at the head:  \(format(median(reads)))")
}

func oneCommitOfManyFiles(_ store: Store) throws {
    let repo = try RepoName("wide")
    try store.createRepo(repo)
    var times: [Double] = []
    let start = now()
    try store.startCommit(repo, master, message: "many puts")
    for n in 0..<fileCount {
        let t = now()
        try store.put([FileWrite(path: path("/puts/f-\(n).csv"), bytes: content(n))], repo: repo, branch: master)
        times.append(now() - t)
    }
    let finishing = now()
    try store.finishCommit(repo, master)
    let finish = now() - finishing
    print("\(fileCount) puts into one open commit:     \(format(now() - start)) total")
    print("  median put, first \(min(1_000, fileCount)):            \(format(median(times.prefix(1_000))))")
    print("  median put, last \(min(1_000, fileCount)):             \(format(median(times.suffix(1_000))))")
    print("  finish commit:                        \(format(finish))")

    let writes = (0..<fileCount).map { FileWrite(path: path("/one-put/f-\($0).csv"), bytes: content($0 + 1)) }
    let t = now()
    try store.put(writes, repo: repo, branch: master)
    print("one put of \(fileCount) files:               \(format(now() - t))")
}

func deepPath(_ store: Store) throws {
    let repo = try RepoName("deep")
    try store.createRepo(repo)
    // The deepest path the store takes: 1,365 segments of "/dN", 4,095 bytes (at most 4,096).
    let deep = path((0..<1_365).map { "/d\($0 % 10)" }.joined())
    let t = now()
    try store.put([FileWrite(path: deep, bytes: content(1))], repo: repo, branch: master)
    print("a path 1,365 segments deep (4 KiB):     \(format(now() - t))")
}

/// Peak resident memory of this process so far.
func peakMemory() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

/// A file of `megabytes` MiB put from disk, appended to, and streamed back out; with the peak
/// memory of the process, which must stay far below the file's size.
func largeFile(_ directory: String) throws {
    guard largeMegabytes > 0 else { return }
    let local = scratch("large.bin")
    defer { try? FileManager.default.removeItem(atPath: local) }
    _ = FileManager.default.createFile(atPath: local, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: local))
    var block = [UInt8](repeating: 0, count: 1 << 20)
    for i in block.indices { block[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13) }
    for n in 0..<largeMegabytes {
        // A different first word per MiB: no two chunks are equal.
        withUnsafeBytes(of: UInt64(n)) { for (i, byte) in $0.enumerated() { block[i] = byte } }
        try handle.write(contentsOf: block)
    }
    try handle.close()
    let store = try Store.open(directory: directory)
    let repo = try RepoName("large")
    try store.createRepo(repo)
    let before = peakMemory()
    var t = now()
    try store.put(
        [FileWrite(path: path("/large.bin"), source: .localFile(URL(fileURLWithPath: local)))], repo: repo,
        branch: master)
    print(
        "put of a \(largeMegabytes) MiB local file:       \(format(now() - t)), peak memory \(megabytes(before)) -> \(megabytes(peakMemory()))"
    )
    t = now()
    try store.put(
        [FileWrite(path: path("/large.bin"), bytes: Array(block.prefix(1000)), append: true)], repo: repo,
        branch: master)
    print("  append 1,000 bytes to it:             \(format(now() - t))")
    let out = scratch("large-out.bin")
    defer { try? FileManager.default.removeItem(atPath: out) }
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    t = now()
    let head = try store.resolve(repo, CommitRef(base: "master")).id
    let written = try store.readFile(repo, head, path("/large.bin"), to: output)
    try output.close()
    print(
        "  read it out to a local file:          \(format(now() - t)) (\(megabytes(written))), peak memory \(megabytes(peakMemory()))"
    )
    print("  database size:                        \(megabytes(diskSize(directory)))")
}

/// Four threads, each with its own `Store.open` on one directory, put to one branch.
func concurrentWriters(_ directory: String) throws {
    let setup = try Store.open(directory: directory)
    let repo = try RepoName("shared")
    try setup.createRepo(repo)
    let writers = 4, puts = 50
    let succeeded = Mutex(0)
    let failures = Mutex<[String]>([])
    let start = now()
    DispatchQueue.concurrentPerform(iterations: writers) { writer in
        do {
            let store = try Store.open(directory: directory)
            for n in 0..<puts {
                do {
                    try store.put(
                        [FileWrite(path: path("/w\(writer)/\(n)"), bytes: content(n))], repo: repo, branch: master)
                    succeeded.withLock { $0 += 1 }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        } catch {
            failures.withLock { $0.append("open: \(error)") }
        }
    }
    let failed = failures.withLock { $0 }
    print(
        "\(writers) writers × \(puts) puts, one store:      \(succeeded.withLock { $0 }) succeeded in "
            + "\(format(now() - start))" + (failed.isEmpty ? "" : "; first failure: \(failed[0])"))
}

do {
    let large = scratch("large")
    defer { try? FileManager.default.removeItem(atPath: large) }
    try largeFile(large)
    let directory = scratch("store")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try Store.open(directory: directory)
    try oneFileCommits(store)
    print("  database size:                        \(megabytes(diskSize(directory)))")
    try oneCommitOfManyFiles(store)
    print("  database size:                        \(megabytes(diskSize(directory)))")
    try deepPath(store)
    let before = diskSize(directory)
    try store.deleteRepo(try RepoName("wide"))
    print("delete repo 'wide':                     \(megabytes(before)) -> \(megabytes(diskSize(directory)))")

    let shared = scratch("shared")
    defer { try? FileManager.default.removeItem(atPath: shared) }
    try concurrentWriters(shared)
} catch {
    print("error: \(error)")
    exit(1)
}
