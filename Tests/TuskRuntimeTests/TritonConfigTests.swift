import Foundation
import Testing
import TuskML
import TuskONNX

@testable import TuskCommands
@testable import TuskRuntime

/// Each exported `config.pbtxt` read as Triton reads it: protobuf text format of `ModelConfig`,
/// with the definition tritonclient ships (`tritonclient/grpc/model_config_pb2.py`), through
/// `bench/triton_config.py`.
@Suite struct TritonConfigTests {
    /// A Python that imports tritonclient's ModelConfig (`$TUSK_PYTHON`, else `.build/venv-onnx`,
    /// where .ci/run installs tritonclient[grpc]), or nil.
    static let python: String? = {
        let candidates = [
            ProcessInfo.processInfo.environment["TUSK_PYTHON"],
            ClusterFixture.project + "/.build/venv-onnx/bin/python3",
        ]
        for candidate in candidates.compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import tritonclient.grpc.model_config_pb2"]))?.status == 0 {
                return candidate
            }
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

    static func parse(_ path: String) throws -> (status: Int32, output: String) {
        try run(python!, [ClusterFixture.project + "/bench/triton_config.py", path])
    }

    @Test(.enabled(if: python != nil, "needs tritonclient[grpc]: .ci/run installs it into .build/venv-onnx"))
    func everyConfigParsesAsTritonsModelConfig() throws {
        let fixture = try ClusterFixture()
        let files = try fixture.export()
        let configs = files.filter { $0.path.hasSuffix("/config.pbtxt") }
        #expect(configs.count == 4)
        for file in configs {
            let (status, output) = try Self.parse(fixture.outputDirectory() + "/" + file.path)
            #expect(status == 0, "\(file.path): \(output)")
            let config = try #require(
                try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
            let folder = file.path.split(separator: "/")[1]
            #expect(config["name"] as? String == String(folder))
            #expect(config["platform"] as? String == "onnxruntime_onnx")
            #expect(config["maxBatchSize"] as? Int == TritonModel.maxBatchSize)
            // The tensors the ONNX graph declares, in its order, with Triton's types.
            let model = try TrainedModel.load(
                Data(
                    try #require(
                        FileManager.default.contents(
                            atPath: fixture.outputDirectory() + "/models/\(folder)/model.json"))), source: "m")
            let signature = ONNXSignature(model)
            let inputs = try #require(config["input"] as? [[String: Any]])
            #expect(inputs.map { $0["name"] as? String } == signature.inputs.map(\.name))
            #expect(
                inputs.map { $0["dataType"] as? String }
                    == signature.inputs.map { $0.type == .float32 ? "TYPE_FP32" : "TYPE_STRING" })
            #expect(inputs.allSatisfy { $0["dims"] as? [String] == ["1"] })
            let outputs = try #require(config["output"] as? [[String: Any]])
            #expect(outputs.map { $0["name"] as? String } == ["label", "probabilities"])
            #expect(outputs.map { $0["dataType"] as? String } == ["TYPE_STRING", "TYPE_FP32"])
            #expect(outputs.map { $0["dims"] as? [String] } == [["1"], ["2"]])
            // The label's [1] per row is the graph's per-row scalar: a reshape to [].
            #expect(outputs[0]["reshape"] as? [String: Any] != nil)
            #expect(outputs[1]["reshape"] == nil)
        }
        // The parser refuses what Triton would: a type ModelConfig does not have.
        let broken = fixture.outputDirectory() + "/broken.pbtxt"
        let text = try #require(configs.first?.text)
        try Data(text.replacingOccurrences(of: "TYPE_FP32", with: "TYPE_FLOAT32").utf8)
            .write(to: URL(fileURLWithPath: broken))
        let (status, output) = try Self.parse(broken)
        #expect(status == 1)
        #expect(output.contains("has no value named TYPE_FLOAT32"), "\(output)")
    }
}
