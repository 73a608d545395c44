import Foundation

/// Turns feature columns into model inputs: numerics standardized (mean 0, variance 1, missing →
/// the mean), categoricals one-hot (a missing value is its own level when training saw one;
/// a level never seen in training encodes as all zeros), as scikit-learn's StandardScaler and
/// OneHotEncoder(handle_unknown="ignore") do.
public struct FeatureEncoder: Sendable, Equatable, Codable {
    public struct Numeric: Sendable, Equatable, Codable {
        public let name: String
        public let mean: Double
        public let scale: Double
    }

    public struct Categorical: Sendable, Equatable, Codable {
        public let name: String
        public let levels: [String]
        /// Index of the first one-hot slot of this column among all encoded features.
        public let offset: Int
        /// Whether a missing value has its own slot (after the levels).
        public let missingSlot: Bool
        /// The share of training rows in each slot (levels, then the missing slot): what an
        /// explanation compares a record with.
        public let frequencies: [Double]

        var width: Int { levels.count + (missingSlot ? 1 : 0) }
    }

    public let numeric: [Numeric]
    public let categorical: [Categorical]

    /// The number of encoded features: numerics first, then one-hot slots.
    public var width: Int { numeric.count + categorical.reduce(0) { $0 + $1.width } }

    /// Names of the encoded features, `age` or `sex=Female`, for coefficients and explanations.
    public var featureNames: [String] {
        numeric.map(\.name)
            + categorical.flatMap { column in
                column.levels.map { "\(column.name)=\($0)" } + (column.missingSlot ? ["\(column.name)=?"] : [])
            }
    }

    /// Learns means, scales and levels from training data.
    public static func fit(_ data: LabeledData) -> FeatureEncoder {
        var numeric: [Numeric] = []
        var pending: [(String, [String], Bool, [Double])] = []
        for column in data.features {
            switch column.values {
            case .numeric(let values):
                let moments = Moments(values)
                let std = moments.standardDeviation
                numeric.append(Numeric(name: column.name, mean: moments.mean, scale: std > 0 ? std : 1))
            case .categorical(let codes, let levels):
                let missing = codes.contains(-1)
                var counts = [Double](repeating: 0, count: levels.count + (missing ? 1 : 0))
                for code in codes { counts[code < 0 ? levels.count : Int(code)] += 1 }
                let total = Double(max(codes.count, 1))
                pending.append((column.name, levels, missing, counts.map { $0 / total }))
            }
        }
        var offset = numeric.count
        var categorical: [Categorical] = []
        for (name, levels, missing, frequencies) in pending {
            categorical.append(
                Categorical(name: name, levels: levels, offset: offset, missingSlot: missing, frequencies: frequencies))
            offset += levels.count + (missing ? 1 : 0)
        }
        return FeatureEncoder(numeric: numeric, categorical: categorical)
    }

    /// Encodes every row of a table that has the training columns (by name; others are ignored).
    /// With `missingColumnsAreMissing`, a training column the table lacks counts as all missing
    /// (a JSON record may leave fields out).
    public func encode(_ table: Table, missingColumnsAreMissing: Bool = false) throws(MLError) -> EncodedRows {
        let table = missingColumnsAreMissing ? completed(table) : table
        let n = table.rowCount
        var dense = [Double](repeating: 0, count: n * numeric.count)
        var hot = [Int32](repeating: -1, count: n * categorical.count)
        for (j, feature) in numeric.enumerated() {
            guard case .numeric(let values) = try column(feature.name, in: table, kind: .numeric).values else {
                continue
            }
            let inverse = 1 / feature.scale
            for i in 0..<n {
                let v = values[i]
                let x = v.isNaN ? 0 : (v - feature.mean) * inverse
                // A difference of two values near ±1e308 overflows; their scaled difference does not.
                dense[i * numeric.count + j] = x.isFinite ? x : v * inverse - feature.mean * inverse
            }
        }
        for (j, feature) in categorical.enumerated() {
            guard
                case .categorical(let codes, let levels) = try column(feature.name, in: table, kind: .categorical)
                    .values
            else { continue }
            // Map the table's levels to slots once; each row is then one lookup.
            let index = Dictionary(uniqueKeysWithValues: feature.levels.enumerated().map { ($1, $0) })
            let slots = levels.map { index[$0].map { Int32(feature.offset + $0) } ?? -1 }
            let missing: Int32 = feature.missingSlot ? Int32(feature.offset + feature.levels.count) : -1
            for i in 0..<n {
                let code = codes[i]
                hot[i * categorical.count + j] = code < 0 ? missing : slots[Int(code)]
            }
        }
        return EncodedRows(
            count: n, numericWidth: numeric.count, categoricalWidth: categorical.count, dense: dense, hot: hot)
    }

    /// `table` with every training column it lacks added as missing values.
    func completed(_ table: Table) -> Table {
        var columns = table.columns
        let n = table.rowCount
        for feature in numeric where table.column(named: feature.name) == nil {
            columns.append(Table.Column(name: feature.name, values: .numeric(Array(repeating: .nan, count: n))))
        }
        for feature in categorical where table.column(named: feature.name) == nil {
            columns.append(
                Table.Column(
                    name: feature.name, values: .categorical(codes: Array(repeating: -1, count: n), levels: [])))
        }
        return Table(source: table.source, rowCount: n, columns: columns)
    }

    func column(_ name: String, in table: Table, kind: Schema.Kind) throws(MLError) -> Table.Column {
        guard let column = table.column(named: name) else {
            throw MLError(
                "no column '\(name)', which the model was trained on", kind: .column, subject: .column(name),
                file: table.source,
                help: "score data with the training columns")
        }
        if column.kind != kind {
            if kind == .numeric, case .categorical(let codes, _) = column.values, codes.allSatisfy({ $0 < 0 }) {
                // Wholly missing (a JSON null, an empty column): missing numbers.
                return Table.Column(name: name, values: .numeric(Array(repeating: .nan, count: codes.count)))
            }
            if kind == .categorical, case .numeric(let values) = column.values {
                // A categorical column that happens to hold only numbers here (e.g. codes).
                let texts = values.map { $0.isNaN ? nil : NumberFormat.shortest($0) }
                let levels = Array(Set(texts.compactMap { $0 })).sorted()
                let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
                return Table.Column(
                    name: name, values: .categorical(codes: texts.map { $0.map { index[$0]! } ?? -1 }, levels: levels))
            }
            throw MLError(
                "column '\(name)' of \(table.source) is \(column.kind.rawValue), but the model expects \(kind.rawValue)",
                kind: .column, subject: .column(name), file: table.source,
                help: "score data with the same layout as the training data")
        }
        return column
    }
}

/// Encoded rows in a sparse-friendly layout: a dense block of standardized numerics, and for
/// each categorical column the index of its one hot slot (-1: none).
public struct EncodedRows: Sendable {
    public let count: Int
    public let numericWidth: Int
    public let categoricalWidth: Int
    /// Row-major `count × numericWidth`.
    public let dense: [Double]
    /// Row-major `count × categoricalWidth`.
    public let hot: [Int32]
}

/// Number formatting that reads the same on every machine.
enum NumberFormat {
    /// Swift's shortest round-trip form, without a trailing `.0` for integers: how a number
    /// names a category.
    static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A value shown to people: the shortest form, or scientific notation from 1e15 (`1.000e+308`),
    /// as the command layer prints data values.
    static func display(_ value: Double) -> String {
        abs(value) >= 1e15 && value.isFinite ? String(format: "%.3e", value) : shortest(value)
    }
}
