import Foundation
import TestSupport
import Testing
import TuskCore

/// `export onnx` writes the bytes swift-protobuf wrote before tusk had its own protocol buffer
/// writer: the SHA-256 of both models, trained on the project's census file and exported from the
/// shell as `KIND.json` (a name the file's metadata records), was recorded with the swift-protobuf
/// build (commit 86f74f5).
@Suite(.ownThread) struct ONNXBytesTests {
    @Test(arguments: [
        ("logistic", "4445fa46c3e6610bdcb925f8c8be5a54bdcd0a829a907725d61a953c4d001975", 7_421),
        ("boosted", "8189e16d0c8de4042b1272ce7798eb02cfcf9a5e87c23ac3c18a574690f5e013", 297_626),
    ])
    func theExportedBytesAreThoseSwiftProtobufWrote(kind: String, sha256: String, size: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-onnx-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        try FileManager.default.copyItem(
            atPath: root.appendingPathComponent("datasets/census.csv").path, toPath: directory + "/census.csv")
        let trained = try Spawn.tusk(
            ["train", kind, "on", "census.csv", "--target", "income", "-o", kind + ".json"], in: directory)
        #expect(trained.status == 0, "\(trained.error)")
        let exported = try Spawn.tusk(["export", "onnx", kind + ".json", "-o", "m.onnx"], in: directory)
        #expect(exported.status == 0, "\(exported.error)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/m.onnx"))
        #expect(bytes.count == size)
        #expect(SHA256Stream.hash(bytes).hex == sha256)
    }
}
