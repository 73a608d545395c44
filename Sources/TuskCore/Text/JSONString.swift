/// A JSON string literal written by hand: the one escaper of the project's JSON writers (the
/// server's responses, the request log's records, the request readers' messages).
///
/// `"` and `\` are escaped, `\n`, `\r` and `\t` by name, the other C0 controls as `\u00XX`
/// (lower-case hex, as Python's `json.dumps` writes them); everything else, `/`, DEL and the
/// whole of Unicode included, is written as it is, since JSON text is UTF-8. Why not
/// `JSONEncoder`: these strings are written on every request, and an encoder per string costs
/// many times the copy.
///
///     JSONString.quoted("a \"b\"\n")  // "\"a \\\"b\\\"\\n\""
public enum JSONString {
    /// `text` in double quotes, escaped.
    public static func quoted(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        append(text, to: &out)
        return out
    }

    /// Appends `text` in double quotes, escaped, to `out`.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        // Most strings (ids, class names, model addresses) need no escape: one append.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
