import Foundation
import Synchronization
import Testing
import TuskCore
import TuskServing
import TuskStore

@testable import TuskServe

@Suite struct ServeLifecycleTests {
    /// A rollback made through another handle on the store (as another `tusk` process makes
    /// it) while requests are being answered: every request sent after it returned is answered
    /// by the rolled-back-to model, under the new release.
    @Test func aRollbackFromAnotherStoreHandleTakesEffectOnTheNextRequest() async throws {
        let setup = try ServeFixture.store([.release(census: true), .release(census: false)])
        let (answers, _) = try await ServeFixture.withApplication(setup) { http in
            let rolledBack = Flag()
            let answered = Counter()
            // Four clients send requests one after another, noting whether each was sent after
            // the rollback returned.
            let traffic = Task {
                try await withThrowingTaskGroup(of: [(after: Bool, release: String?, id: String?)].self) { group in
                    for client in 0..<4 {
                        group.addTask {
                            var seen: [(Bool, String?, String?)] = []
                            for k in 0..<60 {
                                let after = rolledBack.isSet
                                let answer = try await ServeFixture.send(
                                    http, "POST", "/v2/models/production/infer",
                                    body: ServeFixture.openInference(id: "c\(client)-\(k)"))
                                #expect(answer.status == 200)
                                answered.add()
                                let id = answer.json["id"] as? String
                                #expect(id == "c\(client)-\(k)")
                                seen.append((after, answer.json["model_version"] as? String, id))
                            }
                            return seen
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            // Mid-traffic: once a few dozen requests have been answered.
            for _ in 0..<6000 where answered.value < 40 { try await Task.sleep(for: .milliseconds(10)) }
            let other = try Store.open(directory: setup.directory)
            let rolled = try DeploymentRegistry(store: other).change(try DeploymentName("production")) {
                d throws(ServingError) in
                try DeploymentPolicy.rollback(d, to: nil)
            }
            #expect(rolled.current?.number == 3 && rolled.current?.live?.model == setup.census)
            rolledBack.set()
            return try await traffic.value
        }
        let before = answers.filter { !$0.after }
        let after = answers.filter { $0.after }
        #expect(!before.isEmpty && !after.isEmpty, "the rollback did not land mid-traffic")
        #expect(before.contains { $0.release == "2" }, "\(before.prefix(5))")
        #expect(
            after.allSatisfy { $0.release == "3" }, "\(after.filter { $0.release != "3" }.count) answered by release 2")
        // The log agrees: release 3's requests were answered by its live model (census), release 2's
        // by its own (vendor): the log keeps the release and predictor, the model is the release's.
        let log = try ServeFixture.logged(setup)
        #expect(log.count == 240)
        #expect(log.allSatisfy { $0.predictor == "live" && [2, 3].contains($0.release) })
        #expect(log.map(\.release) == log.map(\.release).sorted())
        #expect(log.filter { $0.release == 3 }.count >= after.count)
    }

    /// `tusk serve` as a process, stopped with SIGTERM under concurrent requests: it stops
    /// listening, answers what is in flight, logs every request it answered, says how many,
    /// and exits 0.
    @Test func sigtermDrainsRequestsInFlight() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.tuskBinary())
        process.arguments = ["serve", "production", "--store", setup.directory, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let lines = LineReader(output.fileHandleForReading)
        let first = try #require(lines.next(), "tusk serve printed nothing")
        #expect(first.hasPrefix("serving production on http://127.0.0.1:"))
        #expect(first.hasSuffix("(Seldon /api/v1.0/predictions, V2 /v2/models/production/infer, /metrics)"))
        let port = try #require(
            first.split(separator: " ").first { $0.hasPrefix("http://") }.flatMap {
                Int($0.split(separator: ":").last!)
            })

        let signalled = Flag()
        let answeredSoFar = Counter()
        let pid = process.processIdentifier
        let results = try await withThrowingTaskGroup(of: [(id: String, status: Int?)].self) { group in
            for client in 0..<8 {
                group.addTask {
                    var results: [(String, Int?)] = []
                    for k in 0..<10_000 {
                        // Stop a little after the signal: the last requests meet a closed port.
                        if signalled.isSet && k % 5 == 4 { break }
                        let id = "k\(client)-\(k)"
                        let answer = try? await LoopbackHTTP.send(
                            port: port, "POST", "/api/v1.0/predictions",
                            body: ServeFixture.seldon(rows: 1, prefix: id + "-"))
                        results.append((id + "-1", answer?.status))
                        if answer?.status == 200 { answeredSoFar.add() }
                        if answer == nil { break }
                    }
                    return results
                }
            }
            group.addTask {
                // Mid-traffic: once some requests have been answered, with eight in flight.
                for _ in 0..<6000 where answeredSoFar.value < 40 { try await Task.sleep(for: .milliseconds(10)) }
                kill(pid, SIGTERM)
                signalled.set()
                return []
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let last = try #require(lines.rest().last)
        let answered = results.filter { $0.status == 200 }
        #expect(answered.count > 20, "too little traffic to prove anything")
        #expect(results.allSatisfy { $0.status == nil || $0.status == 200 }, "a request was refused")
        let log = try ServeFixture.logged(setup)
        let logged = Set(log.map(\.requestID))
        let missing = answered.filter { !logged.contains($0.id) }
        #expect(missing.isEmpty, "answered but not logged: \(missing.prefix(5).map(\.id))")
        // The server counts what it answered, whether or not the client saw it before closing.
        #expect(last == "stopped serving production: \(log.count) requests answered and logged, 0 refused")
    }

    /// The tusk of the same build as these tests (see TuskCLITests' PseudoTerminal).
    static func tuskBinary(filePath: String = #filePath) throws -> String {
        if let path = ProcessInfo.processInfo.environment["TUSK_BINARY"] { return path }
        var candidates: [String] = []
        if let tests = Bundle.main.executableURL {
            candidates.append(tests.deletingLastPathComponent().appendingPathComponent("tusk").path)
        }
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/release/tusk").path)
        candidates.append(root.appendingPathComponent(".build/debug/tusk").path)
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw HTTPFailure(
                description:
                    "no tusk binary at \(candidates.joined(separator: " or ")): run `swift build --product tusk` first")
        }
        return binary
    }
}

/// A flag set once, read from any task.
final class Flag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}

/// A count shared by tasks.
final class Counter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func add() { count.withLock { $0 += 1 } }
}

/// Lines of a child's output, read as they come.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next line, or nil at the end of the output.
    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            let data = handle.availableData
            if data.isEmpty {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer += data
        }
    }

    /// Every line left.
    func rest() -> [String] {
        var lines: [String] = []
        while let line = next() { lines.append(line) }
        return lines
    }
}

@Suite struct ServeListenTests {
    @Test func aPortInUseIsAListenErrorNamingIt() async throws {
        let setup = try ServeFixture.liveAndShadow()
        _ = try await ServeFixture.withServer(setup) { port in
            let second = try InferenceServer(
                store: setup.store, deployment: try DeploymentName("production"),
                configuration: ServeConfiguration(port: port))
            await #expect(
                throws: InferenceServer.ListenError(host: "127.0.0.1", port: port, reason: "address already in use")
            ) {
                try await second.run(signals: false) { _ in }
            }
        }
    }

    @Test func anUnknownDeploymentIsRefusedBeforeListening() throws {
        let setup = try ServeFixture.liveAndShadow()
        let error = #expect(throws: ServingError.self) {
            try InferenceServer(store: setup.store, deployment: try DeploymentName("prodution"))
        }
        #expect(error?.description == "no deployment named 'prodution' (did you mean 'production'?)")
    }
}
