import TuskML

/// The columns of a JSON payload as they fill: numbers in place, categories interned by a
/// dictionary per column.
struct JSONColumns {
    let schema: RequestSchema
    let rows: Int
    var numbers: [[Double]]
    var codes: [[Int32]]
    var index: [[String: Int32]]
    var levels: [[String]]
    /// Whether each feature was given (null counts as given: a missing value).
    var present: [Bool]

    init(schema: RequestSchema, rows: Int) {
        self.schema = schema
        self.rows = rows
        numbers = schema.features.map { $0.kind == .numeric ? Array(repeating: .nan, count: rows) : [] }
        codes = schema.features.map { $0.kind == .categorical ? Array(repeating: -1, count: rows) : [] }
        index = Array(repeating: [:], count: schema.features.count)
        levels = Array(repeating: [], count: schema.features.count)
        present = Array(repeating: false, count: schema.features.count)
    }

    mutating func set(_ feature: Int, row: Int, level: String) {
        // The first level needs no dictionary (a single record's column has only that one).
        if levels[feature].isEmpty {
            levels[feature].append(level)
            codes[feature][row] = 0
            return
        }
        if index[feature].isEmpty { index[feature][levels[feature][0]] = 0 }
        if let code = index[feature][level] {
            codes[feature][row] = code
        } else {
            let code = Int32(levels[feature].count)
            levels[feature].append(level)
            index[feature][level] = code
            codes[feature][row] = code
        }
    }

    func table(source: String) -> Table {
        let columns = schema.features.enumerated().map { f, feature in
            Table.Column(
                name: feature.name,
                values: feature.kind == .numeric
                    ? .numeric(numbers[f]) : SortedLevels.values(levels[f], codes: codes[f], missing: []))
        }
        return Table(source: source, rowCount: rows, columns: columns)
    }
}
