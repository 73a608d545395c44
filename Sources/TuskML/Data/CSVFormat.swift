/// How to read a delimited text file.
public struct CSVFormat: Sendable, Equatable {
    /// The field separator: `,` by default; `;`, tab and `|` work too.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first line names the columns. When false, names come from `columnNames`.
    public var hasHeader = true
    /// Column names for a headerless file.
    public var columnNames: [String]? = nil
    /// Cell texts that mean "missing" (after trimming spaces).
    public var missingMarkers: Set<String> = ["", "?"]

    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, columnNames: [String]? = nil) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.columnNames = columnNames
    }
}
