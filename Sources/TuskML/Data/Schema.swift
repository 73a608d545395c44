import Foundation

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
    /// The label column, when the layout names one.
    public let target: String?
    /// Label spellings mapped to one (the UCI test file writes `>50K.` for `>50K`).
    public let normalizeLabel: @Sendable (String) -> String

    public static let all: [KnownSchema] = [uciAdult]

    public static func named(_ name: String) -> KnownSchema? { all.first { $0.name == name } }

    /// A layout described in a JSON schema file:
    ///
    ///     {"header": false, "delimiter": ";", "target": "income", "missing": ["?", "NA"],
    ///      "columns": [{"name": "age", "kind": "numeric"}, {"name": "income", "kind": "categorical"}]}
    ///
    /// Every key but `columns` is optional; a file with a header line may still declare kinds.
    public static func load(_ data: [UInt8], source: String) throws(MLError) -> KnownSchema {
        struct File: Decodable {
            var header: Bool?
            var delimiter: String?
            var target: String?
            var missing: [String]?
            var columns: [Schema.Column]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(data))
        } catch {
            throw MLError(
                "'\(source)' is not a schema file", file: source,
                help: #"write {"columns": [{"name": "age", "kind": "numeric"}, …]}, kinds numeric or categorical"#)
        }
        guard !file.columns.isEmpty else { throw MLError("'\(source)' declares no columns", file: source) }
        var format = CSVFormat(hasHeader: file.header ?? true)
        if format.hasHeader == false { format.columnNames = file.columns.map(\.name) }
        if let delimiter = file.delimiter {
            guard delimiter.utf8.count == 1 else {
                throw MLError("delimiter '\(delimiter)' in '\(source)' is not one character", file: source)
            }
            format.delimiter = delimiter.utf8.first!
        }
        if let missing = file.missing { format.missingMarkers = Set(missing) }
        if let target = file.target, !file.columns.contains(where: { $0.name == target }) {
            throw MLError("target '\(target)' is not a column of '\(source)'", file: source)
        }
        return KnownSchema(
            name: source, format: format, schema: Schema(columns: file.columns), target: file.target,
            normalizeLabel: { $0 })
    }

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
