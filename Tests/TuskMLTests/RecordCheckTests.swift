import Foundation
import Testing

@testable import TuskML

/// A record sent to a model: misspelled fields are errors, unseen levels are said.
@Suite struct RecordCheckTests {
    let model: TrainedModel

    init() throws {
        let data = try LabeledData(
            table: try table(smallCSV + "48,50,Female,owner,yes\n"), target: "label", exclude: ["hours"])
        model = try Trainer.train(.logistic, on: data, fingerprint: DataFingerprint(source: "t", rows: 16, sha256: ""))
    }

    @Test func findsWhereEachTopLevelFieldIsWritten() {
        let text = #"{"age": 30, "sex": {"a": 1}, "x\"y": [1, {"k": 2}], "né": null}"#
        let positions = RecordReader.fieldPositions(text)
        #expect(Set(positions.keys) == ["age", "sex", "x\"y", "né"])
        #expect(positions["age"]?.offset == 1 && positions["age"]?.length == 5)
        #expect(positions["sex"]?.offset == 12 && positions["sex"]?.length == 5)
        #expect(positions["x\"y"]?.offset == 29 && positions["x\"y"]?.length == 6)
        #expect(positions["né"]?.offset == 52 && positions["né"]?.length == 4)
    }

    @Test func anUnknownFieldIsAnErrorWithTheClosestName() throws {
        let error = #expect(throws: MLError.self) {
            try model.check(record: try RecordReader.table(fromJSON: #"{"agee": 30, "sex": "Male"}"#))
        }
        #expect(error?.message == "unknown field 'agee' in the record")
        #expect(error?.subject == .column("agee"))
        #expect(error?.help == "did you mean 'age'?")
        let far = #expect(throws: MLError.self) {
            try model.check(record: try RecordReader.table(fromJSON: #"{"zzzz": 1}"#))
        }
        #expect(far?.help == "the model's fields are age, sex, job")
    }

    @Test func theLabelAndExcludedColumnsAreKnownFields() throws {
        #expect(model.excluded == ["hours"])
        let record = try RecordReader.table(fromJSON: #"{"age": 30, "hours": 40, "label": "yes", "sex": "Male"}"#)
        #expect(try model.check(record: record).isEmpty)
    }

    @Test func unseenLevelsAreReportedWithTheClosestLevel() throws {
        let record = try RecordReader.table(fromJSON: #"{"age": 30, "sex": "Femal", "job": "astronaut"}"#)
        let unseen = try model.check(record: record)
        #expect(
            unseen == [
                UnseenLevel(feature: "sex", value: "Femal", suggestion: "Female"),
                UnseenLevel(feature: "job", value: "astronaut", suggestion: nil),
            ])
        let number = try model.check(record: try RecordReader.table(fromJSON: #"{"job": 7}"#))
        #expect(number == [UnseenLevel(feature: "job", value: "7", suggestion: nil)])
    }
}

/// The router's per-row scorer gives the batch scorer's probabilities, for both kinds of model.
@Suite struct BoundScorerTests {
    @Test func rowByRowEqualsTheBatch() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets/census.csv").standardizedFileURL.path
        let table = try TableLoader.load(
            CSVReader.read(path: path, format: CSVFormat()), schema: nil, format: CSVFormat(), labelColumn: "income")
        let data = try LabeledData(table: table.rows(Array(0..<2000)), target: "income")
        let test = table.rows(Array(2000..<2600))
        for kind in TrainedModel.Kind.allCases {
            let model = try Trainer.train(
                kind, on: data, fingerprint: DataFingerprint(source: "x", rows: 0, sha256: ""))
            let batch = try model.probabilities(test)
            let scorer = BoundScorer(model, table: test)
            for row in 0..<test.rowCount {
                #expect(abs(scorer.probability(row: row) - batch[row]) < 1e-12, "\(kind) row \(row)")
            }
            let encoded = try model.encoder.encode(test)
            let distances = model.outliers.distances(encoded)
            for row in 0..<test.rowCount { #expect(abs(scorer.outlierDistance(row: row) - distances[row]) < 1e-9) }
        }
    }
}
