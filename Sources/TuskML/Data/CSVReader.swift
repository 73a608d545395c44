import Foundation

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

/// Reads CSV (and other delimited) files into ``CSVFields``.
public enum CSVReader {
    /// Reads a file from disk.
    public static func read(path: String, format: CSVFormat = CSVFormat()) throws(MLError) -> CSVFields {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw MLError("'\(path)' is a directory, not a data file", help: "name a CSV file")
            }
            throw MLError("data file '\(path)' not found", help: "check the path")
        }
        return try parse([UInt8](data), source: path, format: format)
    }

    /// Parses bytes already in memory.
    /// A header is data when at least half its names, and at least two, are numbers: no real
    /// header names most of its columns `39` or `77516`.
    static func looksLikeData(_ header: [String]) -> Bool {
        let numbers = header.filter { Double($0.trimmingCharacters(in: .whitespaces)) != nil }.count
        return numbers >= 2 && numbers * 2 >= header.count
    }

    public static func parse(_ input: [UInt8], source: String, format: CSVFormat = CSVFormat()) throws(MLError)
        -> CSVFields
    {
        var bytes = input
        var output = Output()
        let failure: MLError? = bytes.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress, let nul = memchr(base, 0, buffer.count) {
                let (line, column) = lineAndColumn(
                    of: base.distance(to: nul.assumingMemoryBound(to: UInt8.self)), in: buffer)
                return MLError(
                    "binary data (a NUL byte), not a text file", kind: .malformedData, file: source, line: line,
                    column: column,
                    help: "give a CSV file")
            }
            return scan(buffer, format: format, source: source, into: &output)
        }
        if let failure { throw failure }
        let rows = output.rowLines.count
        let columns = rows == 0 ? 0 : output.starts.count / rows
        let names = output.header ?? format.columnNames ?? (0..<columns).map { "column\($0 + 1)" }
        if names.isEmpty || rows == 0 {
            throw MLError(
                output.header != nil ? "no data rows after the header" : "the file is empty",
                kind: .malformedData, file: source, help: "give a file with a header line and at least one row")
        }
        if let header = output.header, Self.looksLikeData(header) {
            // `adult.data` read with a header: columns named 39, State-gov, 77516, …
            throw MLError(
                "the first line looks like data, not a header (\(header.prefix(3).joined(separator: ", ")), …)",
                kind: .malformedData, file: source, line: 1, column: 1,
                help: "name the columns with --columns A,B,C, or a layout with --schema (e.g. uci-adult)")
        }
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw MLError(
                "column '\(duplicate)' appears twice in the header", kind: .malformedData, file: source, line: 1,
                help: "rename one")
        }
        return CSVFields(
            source: source, columnNames: names, rowCount: rows, bytes: bytes,
            starts: transpose(output.starts, rows: rows, columns: columns),
            ends: transpose(output.ends, rows: rows, columns: columns), rowLines: output.rowLines,
            rowLineStarts: output.rowLineStarts)
    }

    /// Row-major to column-major, in one pass.
    private static func transpose(_ values: [Int32], rows: Int, columns: Int) -> [Int32] {
        var result = [Int32](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    for column in 0..<columns { target[column * rows + row] = source[row * columns + column] }
                }
            }
        }
        return result
    }

    private struct Output {
        /// Row-major while scanning.
        var starts: [Int32] = [], ends: [Int32] = [], rowLines: [Int32] = [], rowLineStarts: [Int32] = []
        var header: [String]?
    }

    /// The byte loop: fills `output`, or returns the first error.
    private static func scan(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, format: CSVFormat, source: String, into output: inout Output
    ) -> MLError? {
        let delimiter = format.delimiter
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
        let trimsSpaces = delimiter != space
        var expected = format.hasHeader ? 0 : (format.columnNames?.count ?? 0)
        var needsHeader = format.hasHeader
        let n = buffer.count
        var i = (n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) ? 3 : 0
        var line = 1
        var rowStarts: [Int32] = [], rowEnds: [Int32] = []
        while i < n {
            // Start of a row: skip blank lines.
            let lineStart = i
            if buffer[i] == newline || (buffer[i] == cr && i + 1 < n && buffer[i + 1] == newline) {
                i += buffer[i] == cr ? 2 : 1
                line += 1
                continue
            }
            let rowLine = line
            rowStarts.removeAll(keepingCapacity: true)
            rowEnds.removeAll(keepingCapacity: true)
            var rowFields = 0
            var endOfRow = false
            while !endOfRow {
                if trimsSpaces { while i < n && buffer[i] == space { i += 1 } }
                var fieldStart = i, fieldEnd = i
                if i < n && buffer[i] == quote {
                    // Quoted: unescape "" in place; the field may span lines.
                    let quoteLine = line, quoteColumn = i - lineStart + 1
                    i += 1
                    fieldStart = i
                    var write = i
                    var closed = false
                    while i < n {
                        let c = buffer[i]
                        if c == quote {
                            if i + 1 < n && buffer[i + 1] == quote {
                                buffer[write] = quote
                                write += 1
                                i += 2
                                continue
                            }
                            closed = true
                            i += 1
                            break
                        }
                        if c == newline { line += 1 }
                        buffer[write] = c
                        write += 1
                        i += 1
                    }
                    guard closed else {
                        return MLError(
                            "unterminated quoted field", kind: .malformedData, file: source, line: quoteLine,
                            column: quoteColumn,
                            help: "close the field with \"")
                    }
                    fieldEnd = write
                    if trimsSpaces { while i < n && buffer[i] == space { i += 1 } }
                    if i < n && buffer[i] == cr { i += 1 }
                    if i < n && buffer[i] != delimiter && buffer[i] != newline {
                        return MLError(
                            "unexpected text after a closing quote", kind: .malformedData, file: source, line: line,
                            column: i - lineStart + 1, help: "quote the whole field, doubling inner quotes")
                    }
                } else {
                    while i < n {
                        let c = buffer[i]
                        if c == delimiter || c == newline { break }
                        i += 1
                    }
                    fieldEnd = i
                    if fieldEnd > fieldStart && buffer[fieldEnd - 1] == cr { fieldEnd -= 1 }
                    if trimsSpaces { while fieldEnd > fieldStart && buffer[fieldEnd - 1] == space { fieldEnd -= 1 } }
                }
                rowStarts.append(Int32(truncatingIfNeeded: fieldStart))
                rowEnds.append(Int32(truncatingIfNeeded: fieldEnd))
                rowFields += 1
                if i < n && buffer[i] == delimiter {
                    i += 1
                } else {
                    endOfRow = true
                    if i < n { i += 1 }  // the newline
                }
            }
            if needsHeader {
                needsHeader = false
                output.header = (0..<rowFields).map { k in
                    String(
                        decoding: UnsafeBufferPointer(rebasing: buffer[Int(rowStarts[k])..<Int(rowEnds[k])]),
                        as: UTF8.self)
                }
                expected = rowFields
            } else {
                if expected == 0 { expected = rowFields }  // headerless, unnamed: the first row decides
                if output.starts.isEmpty {
                    // The first data row: room for as many rows as lines of its length would fill.
                    let estimate = (n / max(1, i - lineStart) + 16) * expected
                    output.starts.reserveCapacity(estimate)
                    output.ends.reserveCapacity(estimate)
                }
                if rowFields != expected {
                    let extra = rowFields > expected
                    return MLError(
                        "line \(rowLine) has \(rowFields) fields, expected \(expected)", kind: .malformedData,
                        file: source, line: rowLine,
                        column: extra
                            ? Int(rowStarts[expected]) - lineStart + 1
                            : Int(rowEnds.last!) - lineStart + 1,
                        help: extra
                            ? "remove the extra fields, or quote values that contain '\(Character(UnicodeScalar(delimiter)))'"
                            : "every row needs one value per column; leave a missing value empty or write '?'")
                }
                output.starts.append(contentsOf: rowStarts)
                output.ends.append(contentsOf: rowEnds)
                output.rowLines.append(Int32(truncatingIfNeeded: rowLine))
                output.rowLineStarts.append(Int32(truncatingIfNeeded: lineStart))
            }
            line += 1
        }
        if bufferTooLarge(n) {
            return MLError(
                "the file is larger than 2 GiB", kind: .malformedData, file: source, help: "split it into smaller files"
            )
        }
        return nil
    }

    private static func bufferTooLarge(_ n: Int) -> Bool { n >= Int(Int32.max) }

    private static func lineAndColumn(of offset: Int, in bytes: UnsafeMutableBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1, lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
