import Dispatch
import Foundation

/// Reads CSV (and other delimited) files into ``CSVFields``: checks the bytes are text, scans
/// them with ``CSVScanner`` (on two cores when large), and refuses a file at its first broken
/// quote or ragged row.
public enum CSVReader {
    /// Reads a file from disk.
    public static func read(path: String, format: CSVFormat = CSVFormat()) throws(MLError) -> CSVFields {
        // The size first: a 4 GB file is refused before a byte of it is read.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
            bufferTooLarge(size.intValue)
        {
            throw tooLarge(source: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw MLError("'\(path)' is a directory, not a data file", help: "name a CSV file")
            }
            throw MLError("data file '\(path)' not found", help: "check the path")
        }
        return try parse([UInt8](data), source: path, format: format)
    }

    /// Whether a header line is more likely the first row of a headerless file. Either most of
    /// its names are numbers (at least half, and at least two: no real header names most of its
    /// columns `39` or `77516`), or the rows below it (the first 1,000) say so: every column
    /// that holds numbers below has a number on the first line too (a header names such a
    /// column with a word), and, when some columns hold words, at least one of the first line's
    /// words is also a value below it (a header's names are not values of their own columns).
    /// `adult.data` starts `39, State-gov, 77516, …` (6 numbers of 15): `39` heads a column of
    /// ages, and `State-gov` is a workclass further down.
    static func headerLooksLikeData(_ header: [String], _ fields: CSVFields, format: CSVFormat) -> Bool {
        let numbersInHeader = header.filter { Self.number($0) != nil }.count
        if numbersInHeader >= 2 && numbersInHeader * 2 >= header.count { return true }
        let sample = min(fields.rowCount, 1000)
        guard sample > 0, header.count == fields.columnCount else { return false }
        var numericColumns = 0
        var wordColumns = 0
        var wordsSeenBelow = 0
        for column in 0..<fields.columnCount {
            var numbers = true
            var present = 0
            var values = Set<String>()
            for row in 0..<sample {
                let text = fields.text(row: row, column: column)
                if format.missingMarkers.contains(text) { continue }
                present += 1
                if numbers, Self.number(text) == nil { numbers = false }
                values.insert(text)
            }
            guard present > 0 else { continue }
            let first = header[column]
            if numbers {
                numericColumns += 1
                guard Self.number(first) != nil || format.missingMarkers.contains(first) else { return false }
            } else {
                wordColumns += 1
                if values.contains(first) { wordsSeenBelow += 1 }
            }
        }
        return numericColumns > 0 && (wordColumns == 0 || wordsSeenBelow > 0)
    }

    private static func number(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            NumberParser.parse(UnsafeBufferPointer(buffer), 0, buffer.count).flatMap { $0.isNaN ? nil : $0 }
        }
    }

    /// The first line of a file that looks headerless: what it looks like, and how to read it.
    static func headerlessError(_ header: [String], source: String) -> MLError {
        let layouts = KnownSchema.all.filter { $0.schema.columns.count == header.count }.map(\.name)
        return MLError(
            "the first line looks like data, not a header (\(header.prefix(3).joined(separator: ", ")), …)",
            kind: .malformedData, subject: .headerlessFile(columns: header.count), file: source, line: 1, column: 1,
            help: layouts.isEmpty
                ? "name its \(header.count) columns, or give a schema file"
                : "read it with the layout \(layouts.joined(separator: " or ")) (\(header.count) columns), or name them",
            remedy: .readLayout(known: layouts))
    }

    /// Parses bytes already in memory.
    ///
    /// A large buffer is scanned on two cores: the second half starts after the first line break
    /// past the middle, as if a row began there. That guess is checked (the first half must end
    /// exactly there, and the second half's rows must have the first half's field count); when it
    /// fails (a quoted field across the cut, a bad row), the whole buffer is scanned again in one
    /// pass, so fields, line numbers and errors are always those of one sequential scan.
    public static func parse(_ input: [UInt8], source: String, format: CSVFormat = CSVFormat()) throws(MLError)
        -> CSVFields
    {
        try parse(input, source: source, format: format, inHalves: true)
    }

    /// `inHalves: false` always scans in one pass (what tests compare the halves with).
    static func parse(_ input: [UInt8], source: String, format: CSVFormat, inHalves: Bool) throws(MLError)
        -> CSVFields
    {
        var bytes = input
        var scanned: Scanned?
        let failure: MLError? = bytes.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress, let nul = memchr(base, 0, buffer.count) {
                let (line, column) = lineAndColumn(
                    of: base.distance(to: nul.assumingMemoryBound(to: UInt8.self)), in: buffer)
                return MLError(
                    "binary data (a NUL byte), not a text file", kind: .malformedData, file: source, line: line,
                    column: column,
                    help: "give a CSV file")
            }
            if bufferTooLarge(buffer.count) { return tooLarge(source: source) }
            if let offset = firstInvalidUTF8(buffer) {
                let (line, column) = lineAndColumn(of: offset, in: buffer)
                return MLError(
                    String(format: "invalid UTF-8 (byte 0x%02X), not text", buffer[offset]), kind: .malformedData,
                    file: source, line: line, column: column,
                    help: "save the file as UTF-8 (iconv -f LATIN1 -t UTF-8 converts a Latin-1 file)")
            }
            // Classic Mac OS ends lines with CR alone: with no LF anywhere, each CR is a line end.
            if let base = buffer.baseAddress, memchr(base, 0x0A, buffer.count) == nil {
                for k in 0..<buffer.count where buffer[k] == 0x0D { buffer[k] = 0x0A }
            }
            var touched = false
            if inHalves, let halves = scanInHalves(buffer, format: format, source: source, touched: &touched) {
                scanned = halves
                return nil
            }
            if touched {
                // The guess failed: start again from the original bytes (the halves unescaped
                // quoted fields in place).
                input.withUnsafeBufferPointer { original in _ = buffer.update(fromContentsOf: original) }
            }
            var output = Output()
            let state = State(line: 1, expected: format.hasHeader ? 0 : (format.columnNames?.count ?? 0))
            let error = scan(
                buffer, 0..<buffer.count, format: format, source: source, state: state, needsHeader: format.hasHeader,
                into: &output)
            scanned = Scanned(output: output)
            return error
        }
        if let failure { throw failure }
        let result = scanned!
        let rows = result.rowCount
        let columns = rows == 0 ? 0 : result.columnCount
        let names = result.header ?? format.columnNames ?? (0..<columns).map { "column\($0 + 1)" }
        if names.isEmpty || rows == 0 {
            throw MLError(
                result.header != nil ? "no data rows after the header" : "the file is empty",
                kind: .malformedData, file: source, help: "give a file with a header line and at least one row")
        }
        let (starts, ends) = result.columnMajor()
        let fields = CSVFields(
            source: source, columnNames: names, rowCount: rows, bytes: bytes, starts: starts, ends: ends,
            rowLines: result.rowLines, rowLineStarts: result.rowLineStarts)
        if let header = result.header, Self.headerLooksLikeData(header, fields, format: format) {
            // `adult.data` read with a header: columns named 39, State-gov, 77516, …
            throw headerlessError(header, source: source)
        }
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw MLError(
                "column '\(duplicate)' appears twice in the header", kind: .malformedData, file: source, line: 1,
                help: "rename one")
        }
        return fields
    }

    /// Below this size one core scans alone: starting a second costs more than it saves.
    static let parallelThreshold = 1 << 18

    /// The two halves of a large buffer scanned at once, or nil when the buffer is small, there is
    /// one core, or the guess that a row starts at the cut turns out wrong (see ``parse(_:source:format:)``).
    private static func scanInHalves(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, format: CSVFormat, source: String, touched: inout Bool
    ) -> Scanned? {
        let n = buffer.count
        guard n >= parallelThreshold, ProcessInfo.processInfo.activeProcessorCount > 1,
            let newline = memchr(buffer.baseAddress! + n / 2, Int32(UInt8(ascii: "\n")), n - n / 2)
        else { return nil }
        let cut = buffer.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        guard cut < n else { return nil }
        touched = true
        // Safe to share: each half reads and writes (unescaping quotes) only inside its own range,
        // and `concurrentPerform` returns only when both are done.
        nonisolated(unsafe) let shared = buffer
        // Each half writes only its own element.
        nonisolated(unsafe) let halves = UnsafeMutableBufferPointer<Half>.allocate(capacity: 2)
        halves.initialize(repeating: Half())
        defer { halves.deinitialize().deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            var output = Output()
            var end = State(line: 1, expected: 0)
            let error: MLError?
            if index == 0 {
                let state = State(line: 1, expected: format.hasHeader ? 0 : (format.columnNames?.count ?? 0))
                error = scan(
                    shared, 0..<cut, format: format, source: source, state: state, needsHeader: format.hasHeader,
                    into: &output, end: &end)
            } else {
                // Lines counted from 1 here; shifted once the first half's count is known.
                error = scan(
                    shared, cut..<n, format: format, source: source, state: State(line: 1, expected: 0),
                    needsHeader: false, into: &output, end: &end)
            }
            halves[index] = Half(output: output, end: end, error: error)
        }
        let first = halves[0], second = halves[1]
        guard first.error == nil, second.error == nil, first.end.expected > 0, !first.output.rowLines.isEmpty,
            second.output.rowLines.isEmpty || second.end.expected == first.end.expected
        else { return nil }
        let shift = Int32(truncatingIfNeeded: first.end.line - 1)
        return Scanned(
            header: first.output.header, columnCount: first.end.expected, parts: [first.output, second.output],
            rowLines: first.output.rowLines + second.output.rowLines.map { $0 + shift },
            rowLineStarts: first.output.rowLineStarts + second.output.rowLineStarts)
    }

    /// What a scan found: the header, and each part's row-major field bounds.
    private struct Scanned {
        var header: [String]?
        var columnCount: Int
        var parts: [Output]
        var rowLines: [Int32]
        var rowLineStarts: [Int32]

        init(output: Output) {
            header = output.header
            rowLines = output.rowLines
            rowLineStarts = output.rowLineStarts
            columnCount = rowLines.isEmpty ? 0 : output.starts.count / rowLines.count
            parts = [output]
        }

        init(header: [String]?, columnCount: Int, parts: [Output], rowLines: [Int32], rowLineStarts: [Int32]) {
            self.header = header
            self.columnCount = columnCount
            self.parts = parts
            self.rowLines = rowLines
            self.rowLineStarts = rowLineStarts
        }

        var rowCount: Int { rowLines.count }

        /// Field starts and ends column after column (starts on one core, ends on the other).
        func columnMajor() -> (starts: [Int32], ends: [Int32]) {
            let rows = rowCount, columns = columnCount
            guard parts.count > 1 else {
                return (
                    transpose([parts[0].starts], rows: rows, columns: columns),
                    transpose([parts[0].ends], rows: rows, columns: columns)
                )
            }
            // Safe: each iteration assigns only its own array, and both are done when
            // `concurrentPerform` returns.
            nonisolated(unsafe) var starts: [Int32] = [], ends: [Int32] = []
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 {
                    starts = transpose(parts.map(\.starts), rows: rows, columns: columns)
                } else {
                    ends = transpose(parts.map(\.ends), rows: rows, columns: columns)
                }
            }
            return (starts, ends)
        }
    }

    /// Row-major pieces (one after another) to one column-major array, in one pass.
    private static func transpose(_ pieces: [[Int32]], rows: Int, columns: Int) -> [Int32] {
        var result = [Int32](repeating: 0, count: rows * columns)
        result.withUnsafeMutableBufferPointer { target in
            var first = 0
            for piece in pieces {
                piece.withUnsafeBufferPointer { source in
                    for row in 0..<(source.count / max(columns, 1)) {
                        for column in 0..<columns {
                            target[column * rows + first + row] = source[row * columns + column]
                        }
                    }
                }
                first += piece.count / max(columns, 1)
            }
        }
        return result
    }

    private struct Output {
        /// Row-major while scanning.
        var starts: [Int32] = [], ends: [Int32] = [], rowLines: [Int32] = [], rowLineStarts: [Int32] = []
        var header: [String]?
    }

    /// Where a scan is: the next line's number, and the field count rows must have (0: the first
    /// row decides).
    private struct State {
        var line: Int
        var expected: Int
    }

    /// One half of a buffer scanned on its own core.
    private struct Half {
        var output = Output()
        var end = State(line: 1, expected: 0)
        var error: MLError?
    }

    /// The byte loop over `range` (rows start at its lower bound; a byte-order mark is skipped at
    /// offset 0): fills `output`, or returns the first error.
    private static func scan(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, format: CSVFormat, source: String,
        state: State, needsHeader: Bool, into output: inout Output
    ) -> MLError? {
        var end = state
        return scan(
            buffer, range, format: format, source: source, state: state, needsHeader: needsHeader, into: &output,
            end: &end)
    }

    private static func scan(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, format: CSVFormat, source: String,
        state: State, needsHeader: Bool, into output: inout Output, end: inout State
    ) -> MLError? {
        let delimiter = format.delimiter
        let newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var expected = state.expected
        var needsHeader = needsHeader
        let n = range.upperBound
        var i = range.lowerBound
        var line = state.line
        defer { end = State(line: line, expected: expected) }
        guard let base = buffer.baseAddress else { return nil }  // an empty file
        if i == 0 && CSVScanner.hasByteOrderMark(base, n) { i = 3 }
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
                let fieldLine = line
                let field = CSVScanner.field(base, n, &i, &line, delimiter: delimiter)
                switch field.problem {
                case .none: break
                case .unterminated:
                    return MLError(
                        "unterminated quoted field", kind: .malformedData, file: source, line: fieldLine,
                        column: field.start - lineStart,  // the opening quote's, one before the field
                        help: "close the field with \"")
                case .textAfterQuote:
                    return MLError(
                        "unexpected text after a closing quote", kind: .malformedData, file: source, line: line,
                        column: field.problemOffset - lineStart + 1,
                        help: "quote the whole field, doubling inner quotes")
                }
                rowStarts.append(Int32(truncatingIfNeeded: field.start))
                rowEnds.append(Int32(truncatingIfNeeded: field.end))
                rowFields += 1
                endOfRow = field.endsRow
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
                    let estimate = ((n - range.lowerBound) / max(1, i - lineStart) + 16) * expected
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
        return nil
    }

    private static func bufferTooLarge(_ n: Int) -> Bool { n >= Int(Int32.max) }

    static func tooLarge(source: String) -> MLError {
        MLError(
            "the file is larger than 2 GiB", kind: .malformedData, file: source, help: "split it into smaller files")
    }

    /// The offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
    /// surrogates and code points beyond U+10FFFF included), or nil. ASCII is skipped 8 bytes at a time.
    static func firstInvalidUTF8(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var k = 0
        while k < n {
            if k + 8 <= n,
                UnsafeRawPointer(bytes.baseAddress! + k).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                k += 8
                continue
            }
            let lead = bytes[k]
            if lead < 0x80 {
                k += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return k
            }
            guard k + length <= n else { return k }
            guard (low...high).contains(bytes[k + 1]) else { return k }
            for j in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[k + j]) { return k }
            k += length
        }
        return nil
    }

    private static func lineAndColumn(of offset: Int, in bytes: UnsafeMutableBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1, lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
