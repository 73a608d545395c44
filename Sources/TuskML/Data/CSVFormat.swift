/// How to read a delimited text file.
public struct CSVFormat: Sendable, Equatable {
    /// The field separator: `,` by default; `;`, tab and `|` work too.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first line names the columns. When false, names come from `columnNames`.
    public var hasHeader = true
    /// Column names for a headerless file.
    public var columnNames: [String]? = nil
    /// Cell texts that mean "missing" (after trimming spaces).
    public var missingMarkers: Set<String> = Self.defaultMissingMarkers

    /// The default markers, built once: a request's reader asks ``isMissing(_:)`` per value.
    static let defaultMissingMarkers: Set<String> = ["", "?"]

    /// Whether a text given as a value (a JSON string) is a missing value, as a CSV cell of the
    /// default format is: `""` and `"?"`. The JSON readers of records and requests ask it, so a
    /// request reads as the trainer read its CSV file, and as the exported ONNX graph reads its
    /// string tensors (which have no null). Exactly those texts: a JSON string is a value, not a
    /// cell, so its spaces are kept (`" ?"` is a level, never seen), as the ONNX graph keeps them.
    public static func isMissing(_ text: String) -> Bool {
        defaultMissingMarkers.contains(text)
    }

    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, columnNames: [String]? = nil) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.columnNames = columnNames
    }
}
