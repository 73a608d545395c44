/// What a column holds, and which column is the label.
public struct Schema: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case numeric, categorical }

    public struct Column: Sendable, Equatable, Codable {
        public let name: String
        public let kind: Kind
    }

    public let columns: [Column]

    public init(columns: [Column]) { self.columns = columns }

    public func kind(of name: String) -> Kind? { columns.first { $0.name == name }?.kind }
}

/// Layouts known by name, so well-known files load unchanged (`--schema uci-adult`).
public struct KnownSchema: Sendable {
    public let name: String
    public let format: CSVFormat
    public let schema: Schema
    /// The label column.
    public let target: String
    /// Label spellings mapped to one (the UCI test file writes `>50K.` for `>50K`).
    public let normalizeLabel: @Sendable (String) -> String

    public static let all: [KnownSchema] = [uciAdult]

    public static func named(_ name: String) -> KnownSchema? { all.first { $0.name == name } }

    /// The UCI Census Income ("Adult") layout: no header, `, ` between fields, `?` for missing.
    public static let uciAdult: KnownSchema = {
        let columns: [(String, Schema.Kind)] = [
            ("age", .numeric), ("workclass", .categorical), ("fnlwgt", .numeric), ("education", .categorical),
            ("education-num", .numeric), ("marital-status", .categorical), ("occupation", .categorical),
            ("relationship", .categorical), ("race", .categorical), ("sex", .categorical),
            ("capital-gain", .numeric), ("capital-loss", .numeric), ("hours-per-week", .numeric),
            ("native-country", .categorical), ("income", .categorical),
        ]
        return KnownSchema(
            name: "uci-adult", format: CSVFormat(hasHeader: false, columnNames: columns.map(\.0)),
            schema: Schema(columns: columns.map { Schema.Column(name: $0.0, kind: $0.1) }), target: "income",
            normalizeLabel: { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
    }()
}
