import TuskCore

/// A table split into features and a binary label, ready to fit or score.
public struct LabeledData: Sendable {
    public let table: Table
    public let target: String
    /// The two label values, sorted; the second is the positive class (as `classes_[1]` in scikit-learn).
    public let classes: [String]
    /// 1 for the positive class, 0 for the negative, per row.
    public let labels: [UInt8]
    /// The feature columns, in table order.
    public let features: [Table.Column]
    /// The columns left out of the features, as asked.
    public let excluded: [String]

    /// - Parameters:
    ///   - exclude: columns to leave out of the features (ids, leaky fields, protected attributes).
    ///   - classes: the classes a model already knows, to score data labeled the same way (which
    ///     may hold only one of them); by default, the two classes the data holds.
    public init(table: Table, target: String, exclude: [String] = [], classes known: [String]? = nil) throws(MLError) {
        guard let label = table.column(named: target) else {
            throw MLError(
                "no column '\(target)'", kind: .column, subject: .column(target), file: table.source,
                help: Suggestion.didYouMean(target, among: table.columns.map(\.name))
                    ?? "columns: " + table.columns.map(\.name).joined(separator: ", "))
        }
        for name in exclude where table.column(named: name) == nil {
            throw MLError(
                "cannot exclude '\(name)': no such column", kind: .column, subject: .column(name), file: table.source,
                help: Suggestion.didYouMean(name, among: table.columns.map(\.name)))
        }
        guard case .categorical(let codes, let levels) = label.values else {
            throw MLError(
                "label column '\(target)' is numeric", kind: .column, subject: .column(target), file: table.source,
                help: "give a column of two classes")
        }
        let missing = codes.filter { $0 < 0 }.count
        if missing > 0 {
            let row = codes.firstIndex(of: -1)!
            throw MLError(
                "\(missing) rows have no '\(target)' value (the first is data row \(row + 1))", file: table.source,
                help: "drop those rows or fill in their labels")
        }
        if let known {
            // Map by name onto the model's classes.
            let index = Dictionary(uniqueKeysWithValues: known.enumerated().map { ($1, UInt8($0)) })
            if let stranger = levels.first(where: { index[$0] == nil }) {
                throw MLError(
                    "label '\(stranger)' in column '\(target)' is not one of the model's classes (\(known.joined(separator: ", ")))",
                    file: table.source, help: "score data labeled like the training data")
            }
            let mapped = levels.map { index[$0]! }
            self.table = table
            self.target = target
            self.classes = known
            self.labels = codes.map { mapped[Int($0)] }
            self.features = table.columns.filter { $0.name != target && !exclude.contains($0.name) }
            self.excluded = exclude
            return
        }
        let present = Set(codes.filter { $0 >= 0 })
        if present.count < 2 {
            throw MLError(
                "label column '\(target)' has a single class (\(present.first.map { levels[Int($0)] } ?? "none"))",
                file: table.source, help: "a classifier needs examples of both classes")
        }
        if levels.count > 2 {
            throw MLError(
                "label column '\(target)' has \(levels.count) classes (\(levels.prefix(4).joined(separator: ", "))…); "
                    + "only binary labels are supported",
                file: table.source, help: "pick a two-valued column as the target", remedy: .binaryTarget)
        }
        self.table = table
        self.target = target
        self.classes = levels
        self.labels = codes.map { UInt8($0) }
        self.features = table.columns.filter { $0.name != target && !exclude.contains($0.name) }
        self.excluded = exclude
    }

    public var rowCount: Int { table.rowCount }
}
