import Foundation
import Testing

@testable import TuskML
@testable import TuskONNX

/// Exported graphs scored by onnxruntime, row by row against Tusk's own predictions (the
/// probabilities `tusk predict` computes): within 1e-5, with the same labels, and
/// `onnx.checker` passing.
@Suite(.serialized, .enabled(if: ONNXRuntime.python != nil, ONNXRuntime.skipReason))
struct ONNXRuntimeTests {
    static let adultPath = ONNXRuntime.project + "/../shared/datasets/adult/adult.data"

    static func load(_ path: String) throws -> Table {
        try TableLoader.load(CSVReader.read(path: path), labelColumn: "income")
    }

    static func adult() throws -> Table {
        let adult = KnownSchema.uciAdult
        return try TableLoader.load(
            CSVReader.read(path: adultPath, format: adult.format), schema: adult.schema, format: adult.format,
            labelColumn: adult.target, normalizeLabel: adult.normalizeLabel)
    }

    static func train(
        _ kind: TrainedModel.Kind, _ table: Table, encoding: FeatureEncoder.Options? = nil
    ) throws -> TrainedModel {
        try Trainer.train(
            kind, on: LabeledData(table: table, target: "income"), encoding: encoding,
            fingerprint: DataFingerprint(
                source: table.source, rows: table.rowCount, sha256: String(repeating: "0", count: 64)))
    }

    /// Rows that probe every path of the graph: each feature in turn missing (as '?' and as an
    /// empty cell), a level never seen in training, a pooled level, extreme and negative numbers.
    static func edgeRows(_ model: TrainedModel, like path: String) throws -> Table {
        let fields = try CSVReader.read(path: path)
        let names = fields.columnNames
        var lines = [names.joined(separator: ",")]
        let numeric = Set(model.encoder.numeric.map(\.name))
        let pooled = Dictionary(
            uniqueKeysWithValues: model.encoder.categorical.compactMap { c in c.infrequent.map { (c.name, $0) } })
        for row in 0..<min(fields.rowCount, 24) {
            let base = (0..<names.count).map { fields.text(row: row, column: $0) }
            for (column, name) in names.enumerated() where name != "income" {
                var variants = ["?", ""]
                if numeric.contains(name) {
                    variants += ["-7", "1048576", "0.5"]
                } else {
                    variants += ["Never-seen-\(row)"]
                    if let levels = pooled[name] { variants += [levels[row % levels.count]] }
                }
                for variant in variants {
                    var cells = base
                    cells[column] = variant
                    lines.append(cells.joined(separator: ","))
                }
            }
            // Everything missing at once.
            lines.append(
                names.map { $0 == "income" ? base[names.firstIndex(of: "income")!] : "?" }.joined(separator: ","))
        }
        let text = lines.joined(separator: "\n") + "\n"
        return try TableLoader.load(CSVReader.parse(Array(text.utf8), source: "edge.csv"), labelColumn: "income")
    }

    /// Scores `table` both ways; returns the largest probability difference.
    @discardableResult
    static func compare(_ model: TrainedModel, _ table: Table, _ what: String) throws -> Double {
        let bytes = try ONNXExport.model(model, provenance: ONNXProvenance(source: "m.json", producerVersion: "test"))
        let expected = try model.probabilities(table)
        let scored = try ONNXRuntime.score(bytes, table, model.encoder)
        #expect(scored.label.count == table.rowCount && scored.probabilities.count == table.rowCount)
        var largest = 0.0
        var wrongLabels = 0
        for (row, p) in expected.enumerated() where row < scored.label.count {
            let pair = scored.probabilities[row]
            largest = max(largest, abs(pair[1] - p), abs(pair[0] - (1 - p)))
            if scored.label[row] != model.classes[p > 0.5 ? 1 : 0] {
                wrongLabels += 1
                if wrongLabels <= 5 {
                    Issue.record("\(what) row \(row): label \(scored.label[row]), tusk says p = \(p)")
                }
            }
        }
        #expect(largest <= 1e-5, "\(what): largest probability difference \(largest)")
        #expect(wrongLabels == 0, "\(what): \(wrongLabels) labels differ")
        #expect(scored.irVersion == 8 && scored.opsets == ["ai.onnx": 17, "ai.onnx.ml": 3])
        print(
            "onnx: \(what) (\(model.kind.rawValue)), \(table.rowCount) rows: largest probability difference \(largest)")
        return largest
    }

    @Test(arguments: TrainedModel.Kind.allCases)
    func projectDatasetsScoreAsTuskDoes(kind: TrainedModel.Kind) throws {
        let datasets = ONNXRuntime.project + "/datasets/"
        let model = try Self.train(kind, Self.load(datasets + "census.csv"))
        for name in ["census_test.csv", "collected.csv", "vendor.csv", "requests_v1.csv"] {
            try Self.compare(model, Self.load(datasets + name), name)
        }
        try Self.compare(model, Self.edgeRows(model, like: datasets + "collected.csv"), "edge rows")
    }

    @Test(arguments: TrainedModel.Kind.allCases)
    func pooledLevelsScoreAsTuskDoes(kind: TrainedModel.Kind) throws {
        let datasets = ONNXRuntime.project + "/datasets/"
        let model = try Self.train(
            kind, Self.load(datasets + "census.csv"),
            encoding: FeatureEncoder.Options(maxCategories: 4, minFrequency: 30))
        #expect(model.encoder.pooled.count >= 5)
        try Self.compare(model, Self.load(datasets + "collected.csv"), "collected.csv, pooled")
        try Self.compare(model, Self.edgeRows(model, like: datasets + "census_test.csv"), "edge rows, pooled")
    }

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: adultPath), "needs ../shared/datasets/adult/adult.data"),
        arguments: TrainedModel.Kind.allCases)
    func theRealCensusFileScoresAsTuskDoes(kind: TrainedModel.Kind) throws {
        let adult = try Self.adult()
        let train = adult.rows((0..<adult.rowCount).filter { $0 % 5 != 4 })
        let held = adult.rows((0..<adult.rowCount).filter { $0 % 5 == 4 })
        let model = try Self.train(kind, train)
        try Self.compare(model, held, "adult.data held-out fifth")
        try Self.compare(model, adult, "adult.data")
        let pooled = try Self.train(kind, train, encoding: FeatureEncoder.Options(maxCategories: 8, minFrequency: 50))
        try Self.compare(pooled, held, "adult.data held-out fifth, pooled")
        try Self.compare(pooled, Self.edgeRows(pooled, like: Self.adultCSV()), "adult.data edge rows, pooled")
    }

    /// adult.data's first rows with a header, for ``edgeRows(_:like:)``.
    static func adultCSV() throws -> String {
        let adult = KnownSchema.uciAdult
        let lines = try String(contentsOfFile: adultPath, encoding: .utf8).split(separator: "\n").prefix(30)
        let text =
            adult.format.columnNames!.joined(separator: ",") + "\n"
            + lines.map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
            }
            .joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("adult-head-\(UUID().uuidString).csv")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func metadataNamesTheModel() throws {
        let model = try Self.train(.logistic, Self.load(ONNXRuntime.project + "/datasets/census.csv"))
        let bytes = try ONNXExport.model(
            model,
            provenance: ONNXProvenance(
                source: "models@master:/model.json", commit: "models@0123abcd", producerVersion: "9"))
        let scored = try ONNXRuntime.score(
            bytes, Self.load(ONNXRuntime.project + "/datasets/census_test.csv"), model.encoder)
        #expect(scored.metadata["tusk.commit"] == "models@0123abcd")
        #expect(scored.metadata["tusk.label"] == "income")
        #expect(scored.metadata["tusk.training_data.sha256"] == model.trainingData.sha256)
        #expect(scored.metadata["tusk.classes.positive"] == model.classes[1])
    }
}
