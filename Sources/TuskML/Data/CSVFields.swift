/// The fields of a delimited text file, located but not yet typed.
///
/// Parsing is one pass over the bytes (RFC 4180: quoted fields with `""` escapes and line breaks,
/// CRLF or LF line ends, a UTF-8 byte-order mark, spaces around fields trimmed); no String is made
/// per cell, so typing a column later costs only what that column needs.
public struct CSVFields: Sendable {
    /// The source name used in errors.
    public let source: String
    public let columnNames: [String]
    public let rowCount: Int
    /// The bytes fields point into (quoted fields are unescaped in place).
    let bytes: [UInt8]
    /// Field bounds, column after column (each column contiguous, for fast typing): field (row,
    /// column) is `bytes[starts[k]..<ends[k]]` with k = column × rowCount + row.
    let starts: [Int32]
    let ends: [Int32]
    /// For each row, its 1-based line and the byte offset where that line starts (for columns in errors).
    let rowLines: [Int32]
    let rowLineStarts: [Int32]

    public var columnCount: Int { columnNames.count }

    /// `file:line:col` of a field, 1-based.
    func location(row: Int, column: Int) -> (line: Int, column: Int) {
        (Int(rowLines[row]), Int(starts[column * rowCount + row] - rowLineStarts[row]) + 1)
    }

    /// The text of a field.
    func text(row: Int, column: Int) -> String {
        String(
            decoding: bytes[Int(starts[column * rowCount + row])..<Int(ends[column * rowCount + row])], as: UTF8.self)
    }
}
