import Foundation
import Testing
import TuskArtifacts
import TuskCore
import TuskServing
import TuskStore

@testable import TuskServe

/// The stock Python clients, with their defaults, against `tusk serve`: tritonclient's HTTP
/// client (binary tensors both ways) and seldon-core's SeldonClient (gateway paths, feedback).
/// Their answers must be `predict`'s, exactly: the same records read as `predict D {JSON}` reads
/// them and served by the router on a second store with the same release.
///
/// Needs a Python with `tritonclient[http]` and `seldon-core` (`.ci/run` makes one in
/// `.build/venv`; `TUSK_CLIENTS_PYTHON` names another).
@Suite struct StockClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path

    /// The Python that has the clients, when there is one.
    static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["TUSK_CLIENTS_PYTHON"], root + "/.build/venv/bin/python"]
        return candidates.compactMap { $0 }.first { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: path)
            probe.arguments = ["-c", "import tritonclient.http, seldon_core.seldon_client"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return false }
            probe.waitUntilExit()
            return probe.terminationStatus == 0
        }
    }()

    /// The first complete requests of the project's request stream, as records.
    static func records(_ count: Int) throws -> [[String: Any]] {
        let lines = try String(contentsOfFile: ServeFixture.datasets + "/requests_v1.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let numeric: Set = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
        return lines.dropFirst().filter { !$0.contains("?") }.prefix(count).map { line in
            var record: [String: Any] = [:]
            for (name, cell) in zip(header, line.split(separator: ",").map(String.init)) {
                record[name] = numeric.contains(name) ? Double(cell)! as Any : cell
            }
            return record
        }
    }

    /// Each record's probability as `predict production {JSON}` answers it, on a fresh store.
    static func predicted(_ records: [[String: Any]]) throws -> [String: Double] {
        let setup = try ServeFixture.liveAndShadow()
        let engine = ServingEngine(
            workspace: Workspace(store: setup.store, files: LocalFiles(baseDirectory: setup.directory)))
        let schema = try engine.schema(of: try engine.registry.named(try DeploymentName("production")))
        var answers: [String: Double] = [:]
        for record in records {
            let batch = try RequestReader.json(ServeFixture.json(record), schema: schema)
            answers[record["request_id"] as! String] = try engine.serve(try DeploymentName("production"), batch)
                .answers[0].probability
        }
        return answers
    }

    @Test(
        .enabled(
            if: StockClientTests.python != nil,
            "needs a Python with tritonclient[http] and seldon-core (.ci/run makes .build/venv; or set TUSK_CLIENTS_PYTHON)"
        ))
    func stockClientsWithTheirDefaultsGetPredictsAnswers() async throws {
        let records = try Self.records(5)
        let expected = try Self.predicted(records)
        let ids = records.map { $0["request_id"] as! String }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusk-records-\(UUID().uuidString).json")
        try Data(ServeFixture.json(records).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let setup = try ServeFixture.liveAndShadow()
        let (output, _) = try await ServeFixture.withServer(setup) { port in
            try await Self.run([Self.root + "/Tests/clients/stock_clients.py", String(port), "production", file.path])
        }
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output.prefix(2000))")
        let triton = try #require(result["triton"] as? [String: Any])
        let seldon = try #require(result["seldon"] as? [String: Any])

        // tritonclient: health, metadata, and every answer exactly predict's (binary FP64 is exact).
        #expect(triton["live"] as? Bool == true && triton["ready"] as? Bool == true)
        #expect(triton["model_ready"] as? Bool == true && triton["version_ready"] as? Bool == true)
        #expect((triton["metadata"] as? [String: Any])?["versions"] as? [String] == ["2"])
        let oneByOne = try #require(triton["one_by_one"] as? [[String: Any]])
        #expect(oneByOne.count == records.count)
        for (answer, id) in zip(oneByOne, ids) {
            #expect(answer["id"] as? String == id)
            let probability = try #require(Self.numbers(answer["probability"]).first)
            #expect(probability == expected[id], "\(id)")
            #expect((answer["decision"] as? [String])?.first == (probability > 0.5 ? ">50K" : "<=50K"))
            let outputs = try #require(answer["outputs"] as? [[String: Any]])
            #expect(outputs.allSatisfy { ($0["parameters"] as? [String: Any])?["binary_data_size"] != nil })
            #expect(outputs.allSatisfy { $0["data"] == nil })
        }
        let together = try #require(triton["together"] as? [String: Any])
        #expect(Self.numbers(together["probability"]) == ids.map { expected[$0]! })
        #expect(together["request_ids"] as? [String] == ["batch"] + (2...records.count).map { "batch-\($0)" })
        let versioned = try #require(triton["versioned"] as? [String: Any])
        #expect(versioned["model_version"] as? String == "2")
        #expect(Self.numbers(versioned["probability"]).first == expected[ids[0]])
        let jsonOutputs = try #require(triton["json_outputs"] as? [String: Any])
        let asked = try #require(jsonOutputs["outputs"] as? [[String: Any]])
        #expect(asked.map { $0["name"] as? String } == ["decision", "probability"])
        #expect(asked.allSatisfy { $0["data"] != nil })
        #expect(Self.numbers(jsonOutputs["probability"]).first == expected[ids[0]])
        let wrongVersion = try #require(triton["wrong_version"] as? [String: Any])
        #expect(wrongVersion["status"] as? String == "404")
        #expect(
            (wrongVersion["message"] as? String)?.hasPrefix("version 9 of model 'production' is not served") == true)
        #expect((triton["unknown_model"] as? [String: Any])?["status"] as? String == "404")
        let unknownOutput = try #require(triton["unknown_output"] as? [String: Any])
        #expect(unknownOutput["status"] as? String == "400")
        #expect((unknownOutput["message"] as? String)?.hasPrefix("the model has no output 'logits'") == true)

        // SeldonClient: its default tensor payload cannot carry categories (a clear 400 in Seldon's
        // shape); ndarray and jsonData answer as predict does, at the gateway paths.
        let tensor = try #require(seldon["tensor"] as? [String: Any])
        #expect(tensor["success"] as? Bool == false)
        #expect((tensor["msg"] as? String)?.hasPrefix("400") == true)
        let status = try #require(((tensor["response"] as? [String: Any])?["status"]) as? [String: Any])
        #expect(status["status"] as? String == "FAILURE")
        #expect(
            (status["info"] as? String)?.contains("are categorical, and a Seldon tensor holds numbers only") == true)
        let ndarray = try #require(seldon["ndarray"] as? [String: Any])
        #expect(ndarray["success"] as? Bool == true, "\(ndarray)")
        let rows = try #require(
            ((ndarray["response"] as? [String: Any])?["data"] as? [String: Any])?["ndarray"] as? [[Double]])
        #expect(rows.count == records.count)
        for (row, id) in zip(rows, ids) { #expect(abs(row[1] - expected[id]!) < 1e-12, "\(id)") }
        #expect((seldon["istio"] as? [String: Any])?["success"] as? Bool == true)
        let jsonData = try #require(seldon["json_data"] as? [String: Any])
        #expect(jsonData["success"] as? Bool == true, "\(jsonData)")
        let values = try #require(
            (((jsonData["response"] as? [String: Any])?["data"] as? [String: Any])?["tensor"] as? [String: Any])?[
                "values"] as? [Double])
        #expect(values.count == 2 && abs(values[1] - expected[ids[0]]!) < 1e-12)
        let wrong = try #require(seldon["wrong_deployment"] as? [String: Any])
        #expect(wrong["success"] as? Bool == false && (wrong["msg"] as? String)?.hasPrefix("404") == true)

        // Feedback: the truth labels the requests the ndarray answer named, in the log.
        let feedback = try #require(seldon["feedback"] as? [String: Any])
        #expect(feedback["success"] as? Bool == true, "\(feedback)")
        let tags = ((feedback["response"] as? [String: Any])?["meta"] as? [String: Any])?["tags"] as? [String: Any]
        #expect(
            tags?["labels"] as? Double == Double(records.count) && tags?["matched"] as? Double == Double(records.count))
        let log = try ServeFixture.logged(setup)
        let labels = try setup.store.requestLabels(deployment: try DeploymentName("production"))
        let ndarrayIDs = log.filter { $0.requestID.hasPrefix("r") }.prefix(records.count).map(\.requestID)
        #expect(ndarrayIDs.map { labels[$0] } == [">50K"] + Array(repeating: "<=50K", count: records.count - 1))
    }

    /// Numbers the script wrote as text (Python's repr, which Swift reads back exactly).
    static func numbers(_ value: Any?) -> [Double] {
        (value as? [String] ?? []).compactMap(Double.init)
    }

    /// Runs the client script; its stdout, or a failure with its stderr.
    static func run(_ arguments: [String]) async throws -> String {
        let python = try #require(Self.python)
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = arguments
                let stdout = Pipe()
                // Errors to a file: two pipes read one after the other can fill and block.
                let log = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-clients-\(UUID()).err")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                defer { try? FileManager.default.removeItem(at: log) }
                process.standardOutput = stdout
                process.standardError = try? FileHandle(forWritingTo: log)
                do {
                    try process.run()
                    let output = stdout.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    let errors = (try? Data(contentsOf: log)) ?? Data()
                    if process.terminationStatus == 0 {
                        continuation.resume(returning: String(decoding: output, as: UTF8.self))
                    } else {
                        continuation.resume(
                            throwing: HTTPFailure(
                                description:
                                    "the clients failed: \(String(decoding: errors, as: UTF8.self).suffix(3000))"))
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}
