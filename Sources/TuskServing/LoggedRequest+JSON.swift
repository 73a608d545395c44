import TuskCore
import TuskML
import TuskStore

extension LoggedRequest {
    /// The request's features as one compact JSON object, keys in the table's column order: what
    /// `explain` reads back.
    public var inputJSON: String {
        var text = "{"
        for (index, field) in input.enumerated() {
            if index > 0 { text += "," }
            text += JSONString.quoted(field.name) + ":"
            switch field.value {
            case .number(let value): text += LogJSON.number(value)
            case .text(let level): text += JSONString.quoted(level)
            case .null: text += "null"
            }
        }
        return text + "}"
    }
}

/// JSON numbers written by hand, the way the log needs them: fast and always the same bytes
/// (strings are TuskCore's ``JSONString``).
enum LogJSON {
    static func number(_ value: Double) -> String {
        value.isFinite ? CategoryLevel.name(of: value) : "null"
    }
}
