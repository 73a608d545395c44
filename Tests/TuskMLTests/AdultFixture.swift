import Foundation
import Testing

@testable import TuskML

/// The real UCI Adult training file, for the tests that compare with scikit-learn and scipy.
enum AdultFixture {
    static let path = "../shared/datasets/adult/adult.data"

    /// Whether the file is there (checked once): the tests that need it are skipped, and counted
    /// as skipped, when it is not.
    static let isPresent = FileManager.default.fileExists(atPath: path)

    /// Why those tests are skipped without it.
    static let absent: Comment = "needs ../shared/datasets/adult/adult.data"

    /// The file as a table.
    static func table() throws -> Table {
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
