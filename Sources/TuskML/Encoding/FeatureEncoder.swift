import Foundation

/// Turns feature columns into model inputs: numerics standardized (mean 0, variance 1, missing →
/// the mean), categoricals one-hot (a missing value is its own level when training saw one;
/// a level never seen in training encodes as all zeros), as scikit-learn's StandardScaler and
/// OneHotEncoder(handle_unknown="ignore") do.
///
/// Levels seen too rarely can share one `infrequent` slot, as OneHotEncoder's `max_categories`
/// and `min_frequency` pool them: a column of 50,000 customer ids then costs a model a hundred
/// slots, not 50,000.
public struct FeatureEncoder: Sendable, Equatable, Codable {
    public struct Numeric: Sendable, Equatable, Codable {
        public let name: String
        public let mean: Double
        public let scale: Double
    }

    public struct Categorical: Sendable, Equatable, Codable {
        public let name: String
        /// The levels with a slot of their own, sorted.
        public let levels: [String]
        /// Index of the first one-hot slot of this column among all encoded features.
        public let offset: Int
        /// Whether a missing value has its own slot (after the levels and the infrequent slot).
        public let missingSlot: Bool
        /// The share of training rows in each slot (levels, the infrequent slot, the missing
        /// slot): what an explanation compares a record with.
        public let frequencies: [Double]
        /// Levels seen in training but pooled into one slot after `levels` (scikit-learn's
        /// infrequent categories), sorted; nil when every level has its own slot.
        public let infrequent: [String]?

        init(
            name: String, levels: [String], offset: Int, missingSlot: Bool, frequencies: [Double],
            infrequent: [String]? = nil
        ) {
            self.name = name
            self.levels = levels
            self.offset = offset
            self.missingSlot = missingSlot
            self.frequencies = frequencies
            self.infrequent = infrequent
            codes = Self.codes(levels: levels, infrequent: infrequent)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try container.decode(String.self, forKey: .name),
                levels: try container.decode([String].self, forKey: .levels),
                offset: try container.decode(Int.self, forKey: .offset),
                missingSlot: try container.decode(Bool.self, forKey: .missingSlot),
                frequencies: try container.decode([Double].self, forKey: .frequencies),
                infrequent: try container.decodeIfPresent([String].self, forKey: .infrequent))
        }

        /// The stored fields; ``codes`` is derived from them.
        private enum CodingKeys: String, CodingKey {
            case name, levels, offset, missingSlot, frequencies, infrequent
        }

        /// The number of one-hot slots: the levels, the infrequent slot, the missing slot.
        public var width: Int { levels.count + (infrequent == nil ? 0 : 1) + (missingSlot ? 1 : 0) }

        /// The slot of the pooled levels, counted from `offset`.
        public var infrequentIndex: Int? { infrequent == nil ? nil : levels.count }

        /// The slot of a missing value, counted from `offset`.
        public var missingIndex: Int? { missingSlot ? levels.count + (infrequent == nil ? 0 : 1) : nil }

        /// Each level seen in training and its slot counted from `offset` (pooled levels share one).
        /// Built once with the encoder: every request's scorer looks its levels up here.
        public let codes: [String: Int32]

        private static func codes(levels: [String], infrequent: [String]?) -> [String: Int32] {
            // A damaged model file may repeat a level: it is built before the model is checked
            // (which refuses it), so it must not trap here.
            var codes = Dictionary(levels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
            for level in infrequent ?? [] { codes[level] = Int32(levels.count) }
            return codes
        }

        /// Names of the slots, `sex=Female`; the pooled one is `country=<infrequent>`, missing `country=?`.
        var slotNames: [String] {
            levels.map { "\(name)=\($0)" } + (infrequent == nil ? [] : ["\(name)=<infrequent>"])
                + (missingSlot ? ["\(name)=?"] : [])
        }
    }

    /// How categorical columns are encoded, as scikit-learn's OneHotEncoder takes it.
    public struct Options: Sendable, Equatable {
        /// At most this many slots per column, the infrequent one included (`max_categories`);
        /// nil: one per level.
        public var maxCategories: Int?
        /// Levels seen fewer times than this are infrequent (`min_frequency`); 1: none is.
        public var minFrequency: Int

        public init(maxCategories: Int? = nil, minFrequency: Int = 1) {
            self.maxCategories = maxCategories
            self.minFrequency = minFrequency
        }
    }

    public let numeric: [Numeric]
    public let categorical: [Categorical]

    /// The number of encoded features: numerics first, then one-hot slots.
    public var width: Int { numeric.count + categorical.reduce(0) { $0 + $1.width } }

    /// Names of the encoded features, `age` or `sex=Female`, for coefficients and explanations.
    public var featureNames: [String] { numeric.map(\.name) + categorical.flatMap(\.slotNames) }

    /// The columns whose rare levels share a slot: how many levels each had, and how many were pooled.
    public var pooled: [(column: String, levels: Int, pooled: Int)] {
        categorical.compactMap { column in
            column.infrequent.map { (column.name, column.levels.count + $0.count, $0.count) }
        }
    }

    /// Learns means, scales and levels from training data.
    public static func fit(_ data: LabeledData, options: Options = Options()) -> FeatureEncoder {
        var numeric: [Numeric] = []
        var pending: [(name: String, codes: [Int32], levels: [String])] = []
        for column in data.features {
            switch column.values {
            case .numeric(let values):
                let moments = Moments(values)
                let std = moments.standardDeviation
                // A spread below ModelBounds.minScale counts as none: dividing by it would
                // overflow ordinary inputs.
                numeric.append(
                    Numeric(name: column.name, mean: moments.mean, scale: std >= ModelBounds.minScale ? std : 1))
            case .categorical(let codes, let levels):
                pending.append((column.name, codes, levels))
            }
        }
        var offset = numeric.count
        var categorical: [Categorical] = []
        for (name, codes, levels) in pending {
            let column = categoricalColumn(name, codes: codes, levels: levels, offset: offset, options: options)
            categorical.append(column)
            offset += column.width
        }
        return FeatureEncoder(numeric: numeric, categorical: categorical)
    }

    static func categoricalColumn(
        _ name: String, codes: [Int32], levels: [String], offset: Int, options: Options
    ) -> Categorical {
        var counts = [Int](repeating: 0, count: levels.count)
        var missing = 0
        for code in codes {
            if code < 0 { missing += 1 } else { counts[Int(code)] += 1 }
        }
        let total = Double(max(codes.count, 1))
        let rare = infrequentLevels(counts, options)
        guard rare.contains(true) else {
            let shares = counts.map { Double($0) / total } + (missing > 0 ? [Double(missing) / total] : [])
            return Categorical(
                name: name, levels: levels, offset: offset, missingSlot: missing > 0, frequencies: shares)
        }
        let kept = levels.indices.filter { !rare[$0] }
        let pooled = levels.indices.filter { rare[$0] }
        let shares =
            kept.map { Double(counts[$0]) / total } + [Double(pooled.reduce(0) { $0 + counts[$1] }) / total]
            + (missing > 0 ? [Double(missing) / total] : [])
        return Categorical(
            name: name, levels: kept.map { levels[$0] }, offset: offset, missingSlot: missing > 0,
            frequencies: shares, infrequent: pooled.map { levels[$0] })
    }

    /// Which levels are infrequent, exactly as scikit-learn's `OneHotEncoder._identify_infrequent`:
    /// those seen fewer than `minFrequency` times, then, when more than `maxCategories` slots
    /// would remain (the infrequent one counted), all but the `maxCategories - 1` most frequent
    /// (a stable sort by count, so among equal counts the later levels stay).
    static func infrequentLevels(_ counts: [Int], _ options: Options) -> [Bool] {
        var rare = counts.map { $0 < options.minFrequency }
        let remaining = counts.count - rare.filter { $0 }.count + 1
        if let maximum = options.maxCategories, maximum < remaining {
            let frequent = maximum - 1
            if frequent <= 0 { return counts.map { _ in true } }
            let ascending = counts.indices.sorted { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
            for index in ascending.dropLast(frequent) { rare[index] = true }
        }
        return rare
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
            let index = feature.codes
            let slots = levels.map { index[$0].map { Int32(feature.offset) + $0 } ?? -1 }
            let missing: Int32 = feature.missingIndex.map { Int32(feature.offset + $0) } ?? -1
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
                    name: name,
                    values: .categorical(codes: texts.map { $0.flatMap { index[$0] } ?? -1 }, levels: levels))
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

/// How a number names a category level: Swift's shortest round-trip form, without a trailing
/// `.0` for integers. Public because whatever turns a number into a level (the router's request
/// readers, its log) must spell it as the encoder looks it up, or the level would be unseen.
public enum CategoryLevel {
    public static func name(of value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

/// Number formatting that reads the same on every machine.
enum NumberFormat {
    /// How a number names a category (``CategoryLevel/name(of:)``).
    static func shortest(_ value: Double) -> String { CategoryLevel.name(of: value) }

    /// A value shown to people: the shortest form, or scientific notation from 1e15 (`1.000e+308`),
    /// as the command layer prints data values.
    static func display(_ value: Double) -> String {
        abs(value) >= 1e15 && value.isFinite ? String(format: "%.3e", value) : shortest(value)
    }
}
