import TuskML
import TuskStore

extension LoggedRequest {
    /// The request's features as one compact JSON object, keys in the table's column order: what
    /// `explain` reads back.
    public var inputJSON: String {
        var text = "{"
        for (index, field) in input.enumerated() {
            if index > 0 { text += "," }
            text += LogJSON.string(field.name) + ":"
            switch field.value {
            case .number(let value): text += LogJSON.number(value)
            case .text(let level): text += LogJSON.string(level)
            case .null: text += "null"
            }
        }
        return text + "}"
    }
}

/// JSON scalars written by hand, the way the log needs them: fast and always the same bytes.
enum LogJSON {
    static func number(_ value: Double) -> String {
        value.isFinite ? CategoryLevel.name(of: value) : "null"
    }

    static func string(_ text: String) -> String {
        var out = "\""
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
        return out + "\""
    }
}
