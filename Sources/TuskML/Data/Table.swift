/// A typed, column-oriented table: numeric columns as doubles (NaN for missing), categorical
/// columns as codes into a sorted list of levels (-1 for missing).
public struct Table: Sendable {
    public let source: String
    public let rowCount: Int
    public let columns: [Column]

    public struct Column: Sendable {
        public let name: String
        public let values: Values

        /// A column built elsewhere (the router's request readers); categorical codes must index
        /// `levels`, sorted, or be -1.
        public init(name: String, values: Values) {
            self.name = name
            self.values = values
        }

        public var kind: Schema.Kind {
            if case .numeric = values { .numeric } else { .categorical }
        }
    }

    public enum Values: Sendable {
        case numeric([Double])
        /// Codes index `levels`, which are sorted (as scikit-learn sorts categories); -1 is missing.
        case categorical(codes: [Int32], levels: [String])
    }

    public init(source: String, rowCount: Int, columns: [Column]) {
        self.source = source
        self.rowCount = rowCount
        self.columns = columns
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    public var schema: Schema { Schema(columns: columns.map { Schema.Column(name: $0.name, kind: $0.kind) }) }
}
