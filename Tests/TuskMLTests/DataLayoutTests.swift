import Foundation
import Testing

@testable import TuskML

/// A data file's layout is recorded with the model trained on it and read back the same way.
@Suite struct DataLayoutTests {
    @Test func plainCSVRecordsNothing() {
        #expect(DataLayout(schema: nil, columns: nil, delimiter: nil) == nil)
        #expect(DataLayout(schema: nil, columns: nil, delimiter: UInt8(ascii: ",")) == nil)
    }

    @Test func aKnownLayoutIsRecordedByName() throws {
        let layout = try #require(DataLayout(schema: .uciAdult, columns: nil, delimiter: nil))
        #expect(layout == DataLayout(schema: "uci-adult"))
        let json = try JSONEncoder().encode(layout)
        #expect(String(decoding: json, as: UTF8.self) == #"{"schema":"uci-adult"}"#)
        let (schema, columns, delimiter) = try layout.resolved()
        #expect(schema?.name == "uci-adult" && columns == nil && delimiter == nil)
        #expect(layout.headerless && layout.columnCount == 15)
    }

    @Test func aSchemaFileIsRecordedInline() throws {
        let file = #"""
            {"header": false, "delimiter": ";", "target": "y", "missing": ["NA"],
             "columns": [{"name": "age", "kind": "numeric"}, {"name": "city", "kind": "categorical"},
                         {"name": "y", "kind": "categorical"}]}
            """#
        let known = try KnownSchema.load(Array(file.utf8), source: "s.json")
        let layout = try #require(DataLayout(schema: known, columns: nil, delimiter: nil))
        #expect(layout.schema == nil && layout.header == false && layout.delimiter == ";")
        #expect(layout.missing == ["NA"] && layout.target == "y")
        #expect(layout.columns?.map(\.kind) == [.numeric, .categorical, .categorical])
        // Read back, it reads the same file to the same table.
        let (schema, columns, delimiter) = try layout.resolved()
        let resolved = try #require(schema)
        #expect(columns == nil && delimiter == UInt8(ascii: ";"))
        #expect(resolved.format == known.format && resolved.schema == known.schema && resolved.target == "y")
        let text = "31;Lyon;no\nNA;Paris;yes\n"
        let original = try table(text, format: known.format, schema: known.schema, label: "y")
        let again = try table(text, format: resolved.format, schema: resolved.schema, label: "y")
        #expect(original.columns.map(\.name) == again.columns.map(\.name))
        #expect(original.columns.map(\.kind) == again.columns.map(\.kind) && original.rowCount == again.rowCount)
    }

    @Test func columnNamesAndADelimiterAreRecordedInline() throws {
        let layout = try #require(DataLayout(schema: nil, columns: ["a", "b"], delimiter: UInt8(ascii: "\t")))
        #expect(layout == DataLayout(header: false, delimiter: "\t", columns: [.init(name: "a"), .init(name: "b")]))
        let (schema, columns, delimiter) = try layout.resolved()
        #expect(schema == nil && columns == ["a", "b"] && delimiter == UInt8(ascii: "\t"))
        #expect(layout.headerless && layout.columnCount == 2)
    }

    @Test func aModelKeepsItsLayoutAndOldModelsKeepTheirBytes() throws {
        let data = try LabeledData(table: try table(DatasetFiles.table(.census, rows: 300, seed: 5)), target: "income")
        let plain = try Trainer.train(
            .logistic, on: data, fingerprint: DataFingerprint(source: "t", rows: 300, sha256: ""))
        // No layout: no key, so models trained on plain CSV have the bytes they always had.
        #expect(!String(decoding: try plain.jsonData(), as: UTF8.self).contains("layout"))
        let adult = try Trainer.train(
            .logistic, on: data,
            fingerprint: DataFingerprint(source: "t", rows: 300, sha256: "", layout: DataLayout(schema: "uci-adult")))
        let loaded = try TrainedModel.load(adult.jsonData(), source: "m.json")
        #expect(loaded.trainingData.layout == DataLayout(schema: "uci-adult"))
    }

    @Test func aModelWithAnUnknownLayoutIsRefused() throws {
        let data = try LabeledData(table: try table(DatasetFiles.table(.census, rows: 300, seed: 5)), target: "income")
        let model = try Trainer.train(
            .logistic, on: data,
            fingerprint: DataFingerprint(source: "t", rows: 300, sha256: "", layout: DataLayout(schema: "uci-adult")))
        let json = String(decoding: try model.jsonData(), as: UTF8.self).replacingOccurrences(
            of: #""schema":"uci-adult""#, with: #""schema":"nowhere""#)
        let error = #expect(throws: MLError.self) { try TrainedModel.load(Data(json.utf8), source: "m.json") }
        #expect(error?.kind == .invalidModel)
        #expect(error?.message.contains("the recorded layout 'nowhere' is not one this tusk knows") == true)
    }
}
