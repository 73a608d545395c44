import TuskCore

/// Writes a JSON document by hand: responses are small and always the same shape, and a
/// hand-written one costs a fraction of `JSONEncoder`'s time on every request.
struct JSONWriter {
    private(set) var text = ""

    init(capacity: Int = 256) { text.reserveCapacity(capacity) }

    mutating func raw(_ fragment: String) { text += fragment }

    /// `value` as a JSON string, escaped by TuskCore's one escaper.
    mutating func string(_ value: String) { JSONString.append(value, to: &text) }

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
