/// The byte loop of delimited text, shared by the trainer's ``CSVReader`` and the router's CSV
/// request reader: one field at a time, located, not typed, no String made.
///
/// RFC 4180 as both readers have it: quoted fields with `""` escapes and line breaks inside,
/// CRLF or LF line ends, spaces around fields trimmed (unless space is the delimiter). A quoted
/// field with `""` inside is unescaped in place, so the buffer must be the reader's own copy;
/// nothing else is ever written, so a buffer without a `"` is only read.
/// A broken quote is reported, not thrown: the trainer refuses the file at it, the router sets
/// its row aside and reads on, so the scanner moves past it to the next delimiter or line end.
///
///     var i = 0, line = 1
///     let field = CSVScanner.field(base, n, &i, &line, delimiter: UInt8(ascii: ","))
///     // base[field.start..<field.end], field.endsRow
package enum CSVScanner {
    /// What went wrong in a quoted field.
    package enum Problem: Sendable {
        case none
        /// No closing quote before the end of the buffer.
        case unterminated
        /// Something other than spaces, a delimiter or a line end after the closing quote.
        case textAfterQuote
    }

    /// A field's bounds in the buffer (after unescaping), what went wrong, and whether it ends
    /// its row.
    package struct Field: Sendable {
        package var start: Int
        package var end: Int
        package var problem: Problem
        /// For ``Problem/textAfterQuote``: the offset of the first byte after the closing quote
        /// that does not belong there.
        package var problemOffset: Int
        package var endsRow: Bool

        @inlinable
        init(start: Int, end: Int, problem: Problem = .none, problemOffset: Int = 0, endsRow: Bool = false) {
            self.start = start
            self.end = end
            self.problem = problem
            self.problemOffset = problemOffset
            self.endsRow = endsRow
        }

        /// The number of bytes in the field.
        @inlinable package var count: Int { end - start }
    }

    /// Reads the field at `i` and moves past its delimiter or line end; `line` counts the line
    /// breaks inside quotes (the caller counts the one that ends a row). An unterminated quote
    /// runs to the end of the buffer and ends its row.
    @inlinable @inline(__always)
    package static func field(
        _ base: UnsafeMutablePointer<UInt8>, _ n: Int, _ i: inout Int, _ line: inout Int, delimiter: UInt8
    ) -> Field {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " ")
        let trimsSpaces = delimiter != space
        if trimsSpaces { while i < n && base[i] == space { i += 1 } }
        var result: Field
        if i < n && base[i] == quote {
            i += 1
            let start = i
            var doubled = false
            var closed = false
            while i < n {
                let c = base[i]
                if c == quote {
                    if i + 1 < n && base[i + 1] == quote {
                        doubled = true
                        i += 2
                        continue
                    }
                    closed = true
                    break
                }
                if c == newline { line += 1 }
                i += 1
            }
            guard closed else { return Field(start: start, end: n, problem: .unterminated, endsRow: true) }
            var end = i
            i += 1
            if doubled {
                // Unescape in place: each `""` becomes one `"`, the field shrinks from its end.
                var write = start
                var k = start
                while k < end {
                    base[write] = base[k]
                    write += 1
                    k += base[k] == quote ? 2 : 1
                }
                end = write
            }
            result = Field(start: start, end: end)
            if trimsSpaces { while i < n && base[i] == space { i += 1 } }
            if i < n && base[i] == cr { i += 1 }
            if i < n && base[i] != delimiter && base[i] != newline {
                result.problem = .textAfterQuote
                result.problemOffset = i
                while i < n && base[i] != delimiter && base[i] != newline { i += 1 }
            }
        } else {
            let start = i
            while i < n {
                let c = base[i]
                if c == delimiter || c == newline { break }
                i += 1
            }
            var end = i
            if end > start && base[end - 1] == cr { end -= 1 }
            if trimsSpaces { while end > start && base[end - 1] == space { end -= 1 } }
            result = Field(start: start, end: end)
        }
        if i < n && base[i] == delimiter {
            i += 1
        } else {
            result.endsRow = true
            if i < n { i += 1 }  // the line break
        }
        return result
    }

    /// Moves `i` past empty lines (LF or CRLF), counting them in `line`.
    @inlinable
    package static func skipBlankLines(_ base: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, _ line: inout Int) {
        let newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while i < n {
            if base[i] == newline {
                i += 1
            } else if base[i] == cr && i + 1 < n && base[i + 1] == newline {
                i += 2
            } else {
                return
            }
            line += 1
        }
    }

    /// Whether the buffer starts with a UTF-8 byte-order mark (which a reader skips).
    @inlinable
    package static func hasByteOrderMark(_ base: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
    }
}
