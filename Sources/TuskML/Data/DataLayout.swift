/// How a data file was read, recorded with what was trained on it, so every later reader of the
/// same file (a drift reference, an evaluation of the model on its own data) reads it the same
/// way: a known layout by name (`{"schema": "uci-adult"}`), or the layout spelled out inline
/// (a schema file's columns and kinds, `--columns` names, a `--delimiter`).
///
/// A file read as plain CSV (a header line, commas) has no layout: nothing is recorded, and a
/// model trained on it keeps the bytes it had before layouts were recorded.
///
///     let layout = DataLayout(schema: .uciAdult, columns: nil, delimiter: nil)   // {"schema": "uci-adult"}
///     let (schema, columns, delimiter) = try layout!.resolved()
public struct DataLayout: Sendable, Equatable, Codable {
    /// A column of an inline layout; `kind` is nil when only the name was given (`--columns`).
    public struct Column: Sendable, Equatable, Codable {
        public let name: String
        public let kind: Schema.Kind?

        public init(name: String, kind: Schema.Kind? = nil) {
            self.name = name
            self.kind = kind
        }
    }

    /// A known layout's name (``KnownSchema/named(_:)``); the other fields are then nil.
    public let schema: String?
    /// Whether the file's first line names its columns; nil means it does.
    public let header: Bool?
    /// The field separator, when not a comma.
    public let delimiter: String?
    public let columns: [Column]?
    /// The cell texts read as missing, when not the default `""` and `?`.
    public let missing: [String]?
    /// The label column a schema file named.
    public let target: String?

    public init(
        schema: String? = nil, header: Bool? = nil, delimiter: String? = nil, columns: [Column]? = nil,
        missing: [String]? = nil, target: String? = nil
    ) {
        self.schema = schema
        self.header = header
        self.delimiter = delimiter
        self.columns = columns
        self.missing = missing
        self.target = target
    }

    /// The layout of a read given these options; nil for plain CSV (nothing to record).
    ///
    /// - Parameters:
    ///   - schema: a known layout (recorded by name) or one from a schema file (recorded inline).
    ///   - columns: `--columns` names for a headerless file.
    ///   - delimiter: `--delimiter`.
    public init?(schema: KnownSchema?, columns: [String]?, delimiter: UInt8?) {
        let separator = delimiter.map { String(decoding: [$0], as: UTF8.self) }
        if let schema, let known = KnownSchema.named(schema.name), known.format == schema.format,
            known.schema == schema.schema, known.target == schema.target
        {
            guard let separator, delimiter != known.format.delimiter else {
                self.init(schema: known.name)
                return
            }
            // A known layout with another separator: spelled out, so it reads back exactly.
            self.init(inline: known, delimiter: separator)
            return
        }
        if let schema {
            self.init(inline: schema, delimiter: separator)
            return
        }
        guard columns != nil || (delimiter != nil && delimiter != UInt8(ascii: ",")) else { return nil }
        self.init(
            header: columns == nil ? nil : false, delimiter: delimiter == UInt8(ascii: ",") ? nil : separator,
            columns: columns?.map { Column(name: $0) })
    }

    private init(inline schema: KnownSchema, delimiter: String?) {
        let format = schema.format
        let separator = delimiter ?? String(decoding: [format.delimiter], as: UTF8.self)
        let kinds = Dictionary(schema.schema.columns.map { ($0.name, $0.kind) }) { first, _ in first }
        let names = format.columnNames ?? schema.schema.columns.map(\.name)
        self.init(
            header: format.hasHeader ? nil : false, delimiter: separator == "," ? nil : separator,
            columns: names.map { Column(name: $0, kind: kinds[$0]) },
            missing: format.missingMarkers == CSVFormat().missingMarkers ? nil : format.missingMarkers.sorted(),
            target: schema.target)
    }

    /// The read options this layout stands for: a known layout, or a schema (for kinds, the
    /// format and the label) plus column names and a separator.
    public func resolved() throws(MLError) -> (schema: KnownSchema?, columns: [String]?, delimiter: UInt8?) {
        var separator: UInt8?
        if let delimiter {
            guard delimiter.utf8.count == 1 else {
                throw MLError(
                    "the recorded layout's delimiter '\(delimiter)' is not one character", kind: .invalidModel)
            }
            separator = delimiter.utf8.first
        }
        if let schema {
            guard let known = KnownSchema.named(schema) else {
                throw MLError(
                    "the recorded layout '\(schema)' is not one this tusk knows", kind: .invalidModel,
                    help: "known: " + KnownSchema.all.map(\.name).joined(separator: ", "))
            }
            return (known, nil, separator)
        }
        guard let columns, !columns.isEmpty else { return (nil, nil, separator) }
        let hasHeader = header ?? true
        guard columns.contains(where: { $0.kind != nil }) || missing != nil || target != nil else {
            // Names only (`--columns`).
            return (nil, hasHeader ? nil : columns.map(\.name), separator)
        }
        var format = CSVFormat(delimiter: separator ?? UInt8(ascii: ","), hasHeader: hasHeader)
        if !hasHeader { format.columnNames = columns.map(\.name) }
        if let missing { format.missingMarkers = Set(missing) }
        let declared = columns.compactMap { column in column.kind.map { Schema.Column(name: column.name, kind: $0) } }
        return (
            KnownSchema(
                name: "the recorded layout", format: format, schema: Schema(columns: declared), target: target,
                normalizeLabel: { $0 }),
            nil, separator
        )
    }

    /// The number of columns the layout names, when it names them.
    public var columnCount: Int? {
        if let schema { return KnownSchema.named(schema)?.schema.columns.count }
        return header == false ? columns?.count : nil
    }

    /// Whether the file has no header line (its columns are named by the layout).
    public var headerless: Bool {
        if let schema { return KnownSchema.named(schema)?.format.hasHeader == false }
        return header == false
    }
}
