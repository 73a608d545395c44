/// Writes a JSON document by hand: responses are small and always the same shape, and a
/// hand-written one costs a fraction of `JSONEncoder`'s time on every request.
struct JSONWriter {
    private(set) var text = ""

    init(capacity: Int = 256) { text.reserveCapacity(capacity) }

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func string(_ value: String) {
        text += "\""
        // Most strings (ids, class names, model addresses) need no escape: one append.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// Shortest round-trip digits; JSON has no NaN or infinity, so those are null.
    mutating func number(_ value: Double) {
        guard value.isFinite else {
            text += "null"
            return
        }
        text += value.description
    }

    mutating func number(_ value: Int) { text += String(value) }

    mutating func key(_ name: String) {
        string(name)
        text += ":"
    }

    /// `[a,b,c]`, each element written by `element`.
    mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        text += "["
        var first = true
        for value in elements {
            if !first { text += "," }
            first = false
            element(&self, value)
        }
        text += "]"
    }
}
