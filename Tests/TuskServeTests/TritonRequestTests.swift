import Foundation
import Testing
import TuskML
import TuskONNX

@testable import TuskServe

/// The V2 tensors Triton takes for an exported model (`[N, 1]`, FP32 and BYTES, by column name)
/// are a request `tusk serve` answers, and onnxruntime, fed the same request, answers the same.
@Suite struct TritonRequestTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path

    /// A Python that imports onnx and onnxruntime (`$TUSK_PYTHON`, else `.build/venv-onnx`), or nil.
    static let python: String? = {
        let candidates = [
            ProcessInfo.processInfo.environment["TUSK_PYTHON"], project + "/.build/venv-onnx/bin/python3",
        ]
        for candidate in candidates.compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import onnx, onnxruntime, numpy"]))?.status == 0 { return candidate }
        }
        return nil
    }()

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Rows in Triton's shape: numbers as FP32 `[N, 1]`, categories as BYTES `[N, 1]`, one level
    /// never seen in training among them, and one row with missing categories (`"?"`, `""`).
    static func request(_ signature: ONNXSignature) -> String {
        let rows: [[String: Any]] = [
            ServeFixture.record,
            ServeFixture.record.merging(["age": 52, "education": "Masters", "hours-per-week": 60]) { $1 },
            ServeFixture.record.merging(["native-country": "Atlantis", "capital-gain": 15024]) { $1 },
            // Missing values as a CSV file writes them: both read them as missing.
            ServeFixture.record.merging(["workclass": "?", "occupation": "", "native-country": "?"]) { $1 },
        ]
        let inputs = signature.inputs.map { input -> [String: Any] in
            [
                "name": input.name, "shape": [rows.count, 1], "datatype": input.type.rawValue,
                "data": rows.map { $0[input.name]! },
            ]
        }
        return ServeFixture.json(["id": "t-1", "inputs": inputs])
    }

    @Test(.enabled(if: python != nil, "needs onnx and onnxruntime: .ci/run installs them into .build/venv-onnx"))
    func aTritonShapedRequestGetsTheSameAnswerFromBoth() async throws {
        let setup = try ServeFixture.liveAndShadow()
        let census = try TrainedModel.load(Data(ServeFixture.trained[0].model), source: "census.json")
        let signature = ONNXSignature(census)
        #expect(signature.inputs.allSatisfy { $0.shape == [1] })
        let body = Self.request(signature)
        let (answer, _) = try await ServeFixture.withApplication(setup) { http in
            try await ServeFixture.send(http, "POST", "/v2/models/production/infer", body: body)
        }
        #expect(answer.status == 200)
        let outputs = try #require(answer.json["outputs"] as? [[String: Any]])
        let served = try #require(outputs.first { $0["name"] as? String == "probability" }?["data"] as? [Double])
        let decided = try #require(outputs.first { $0["name"] as? String == "decision" }?["data"] as? [String])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusk-triton-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("model.onnx").path
        let request = directory.appendingPathComponent("request.json").path
        let out = directory.appendingPathComponent("out.json").path
        try Data(try ONNXExport.model(census, provenance: ONNXProvenance(source: "census.json", producerVersion: "t")))
            .write(to: URL(fileURLWithPath: model))
        try Data(body.utf8).write(to: URL(fileURLWithPath: request))
        let (status, output) = try Self.run(
            Self.python!, [Self.project + "/bench/onnx_score.py", "v2", model, request, out])
        #expect(status == 0, "\(output)")
        let scored = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let probabilities = try #require(scored["probabilities"] as? [[Double]])
        #expect(scored["label"] as? [String] == decided)
        #expect(served.count == 4 && probabilities.count == 4)
        for (p, pair) in zip(served, probabilities) { #expect(abs(pair[1] - p) <= 1e-5) }
    }
}
