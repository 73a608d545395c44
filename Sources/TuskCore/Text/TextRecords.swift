/// A text file cut into records: its lines, or its CSV rows (a line break inside a quoted field
/// belongs to the row), as `blame --rows` attributes them.
public enum TextRecords {
    /// The lines of `bytes` (see ``TextLines``); nil when they are not text (a NUL byte, or not UTF-8).
    public static func lines(_ bytes: [UInt8]) -> [String]? {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return TextLines.split(text)
    }

    /// The rows of a CSV file (RFC 4180: a quoted field may hold line breaks, `""` is a quote),
    /// each without its line end (`\n` or `\r\n`); nil when `bytes` are not text. A final line
    /// end makes no extra row.
    public static func csv(_ bytes: [UInt8]) -> [String]? {
        guard !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var rows: [String] = []
        var start = 0
        var quoted = false
        func add(_ end: Int) {
            var last = end
            if last > start, bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            rows.append(String(decoding: bytes[start..<last], as: UTF8.self))
        }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: "\n") where !quoted:
                add(index)
                start = index + 1
            default: continue
            }
        }
        if start < bytes.count { add(bytes.count) }
        return rows
    }
}
