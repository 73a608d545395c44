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

    /// - Parameter exclude: columns to leave out of the features (ids, leaky fields, protected attributes).
    public init(table: Table, target: String, exclude: [String] = []) throws(MLError) {
        guard let label = table.column(named: target) else {
            throw MLError(
                "no column '\(target)' in \(table.source)", file: table.source,
                help: Suggestion.didYouMean(target, among: table.columns.map(\.name))
                    ?? "columns: " + table.columns.map(\.name).joined(separator: ", "))
        }
        for name in exclude where table.column(named: name) == nil {
            throw MLError(
                "cannot exclude '\(name)': no such column in \(table.source)", file: table.source,
                help: Suggestion.didYouMean(name, among: table.columns.map(\.name)))
        }
        guard case .categorical(let codes, let levels) = label.values else {
            throw MLError(
                "label column '\(target)' is numeric", file: table.source, help: "give a column of two classes")
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
                file: table.source, help: "pick a two-valued column as --target")
        }
        let missing = codes.filter { $0 < 0 }.count
        if missing > 0 {
            let row = codes.firstIndex(of: -1)!
            throw MLError(
                "\(missing) rows have no '\(target)' value (the first is data row \(row + 1))", file: table.source,
                help: "drop those rows or fill in their labels")
        }
        self.table = table
        self.target = target
        self.classes = levels
        self.labels = codes.map { UInt8($0) }
        self.features = table.columns.filter { $0.name != target && !exclude.contains($0.name) }
    }

    public var rowCount: Int { table.rowCount }
}
