import Foundation
import Testing

@testable import TuskML
@testable import TuskONNX

/// The graph's shape, without a runtime: what it takes, gives and refuses.
@Suite struct ONNXGraphTests {
    static func model(_ kind: TrainedModel.Kind, csv: String) throws -> TrainedModel {
        let table = try TableLoader.load(CSVReader.parse(Array(csv.utf8), source: "t.csv"), labelColumn: "y")
        return try Trainer.train(
            kind, on: LabeledData(table: table, target: "y"),
            fingerprint: DataFingerprint(source: "t.csv", rows: table.rowCount, sha256: "ab"))
    }

    static let csv =
        "x,color,y\n"
        + (0..<200).map { i in "\(i % 17),\(["red", "green", "blue", "?"][i % 4]),\(i % 3 == 0 ? "yes" : "no")" }
        .joined(separator: "\n") + "\n"

    @Test(arguments: TrainedModel.Kind.allCases)
    func theSameModelGivesTheSameBytes(kind: TrainedModel.Kind) throws {
        let model = try Self.model(kind, csv: Self.csv)
        let provenance = ONNXProvenance(source: "m.json", producerVersion: "1")
        let first = try ONNXExport.model(model, provenance: provenance)
        #expect(try ONNXExport.model(model, provenance: provenance) == first)
        let proto = try ONNXExport.proto(model, provenance: provenance)
        let graph = try #require(proto.graph)
        #expect(graph.input.map(\.name) == ["x", "color"])
        #expect(graph.output.map(\.name) == ["label", "probabilities"])
        #expect(proto.irVersion == 8)
        #expect(proto.opsetImport.map { "\($0.domain ?? "")=\($0.version ?? 0)" } == ["=17", "ai.onnx.ml=3"])
        let values = Set(graph.node.flatMap(\.output))
        #expect(values.allSatisfy { $0.hasPrefix("tusk:") || $0 == "label" || $0 == "probabilities" })
    }

    @Test func aColumnNamedAfterAnOutputIsRefused() throws {
        let model = try Self.model(
            .logistic,
            csv: "label,y\n" + (0..<60).map { "\($0 % 5),\($0 % 2 == 0 ? "a" : "b")" }.joined(separator: "\n") + "\n")
        let error = #expect(throws: ONNXError.self) {
            try ONNXExport.model(model, provenance: ONNXProvenance(source: "m.json", producerVersion: "1"))
        }
        #expect(error?.message == "column 'label' has the name of an output of the ONNX model")
        #expect(error?.kind == .columnName)
    }
}
