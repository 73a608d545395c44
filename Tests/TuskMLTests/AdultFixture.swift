import Foundation

@testable import TuskML

/// The real UCI Adult training file, for the tests that compare with scikit-learn and scipy.
enum AdultFixture {
    static let path = "../shared/datasets/adult/adult.data"

    /// The file as a table, or nil (saying so) when it is absent: those tests then skip.
    static func table() throws -> Table? {
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: \(path) is absent")
            return nil
        }
        let adult = KnownSchema.uciAdult
        return try TableLoader.load(
            CSVReader.read(path: path, format: adult.format), schema: adult.schema, format: adult.format,
            labelColumn: adult.target, normalizeLabel: adult.normalizeLabel)
    }

    /// The bench's split: every fifth row held out for testing.
    static func split(_ table: Table) throws -> (train: LabeledData, test: LabeledData) {
        (
            try LabeledData(table: table.rows((0..<table.rowCount).filter { $0 % 5 != 4 }), target: "income"),
            try LabeledData(table: table.rows((0..<table.rowCount).filter { $0 % 5 == 4 }), target: "income")
        )
    }
}
