/// Why a request payload cannot be answered: one lowercase line naming the field and where it is
/// (`'age' must be a number, not the string "old"`), a way to fix it, and its position: in a
/// JSON payload the character offset and length of the field, so the DSL can point a caret at
/// it; in a CSV file the line and the column.
///
/// `kind` lets a caller react without reading the message, as ``ServingError/kind`` does.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not JSON, or not CSV (an unterminated quote in the header, an empty file).
        case malformed
        /// JSON or CSV, but not laid out as a request: a Seldon row of the wrong length, V2
        /// inputs of different shapes, a top level that is not an object, no rows.
        case wrongShape
        /// A field that is neither a feature of the model, nor the request id, nor ignored.
        case unknownFeature
        /// A feature of the model that the payload does not carry.
        case missingFeature
        /// A value of the wrong type for its feature (a string for a number, a bool anywhere).
        case wrongType
    }

    public let kind: Kind
    public let message: String
    public let help: String?
    /// Character offset and length inside the JSON text, when known, so the DSL can point a caret at it.
    public let offset: Int?
    public let length: Int?
    /// For CSV: the 1-based line and the column's name.
    public let line: Int?
    public let field: String?

    public var description: String { message + (help.map { " (\($0))" } ?? "") }

    init(
        _ kind: Kind, _ message: String, help: String? = nil, offset: Int? = nil, length: Int? = nil,
        line: Int? = nil, field: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.help = help
        self.offset = offset
        self.length = length
        self.line = line
        self.field = field
    }

    /// A field the model does not know; `help` says what it may have meant. A name that looks
    /// like an id (`id`, `customer_id`) was most likely meant as the request id.
    static func unknownFeature(_ name: String, help: String, offset: Int? = nil, length: Int? = nil) -> Self {
        let lower = name.lowercased()
        let looksLikeAnID = lower == "id" || lower.hasSuffix("_id") || lower.hasSuffix("-id") || lower.hasPrefix("id_")
        return Self(
            .unknownFeature, "\(quoted(name)) is not a feature of the model",
            help: looksLikeAnID
                ? "a request's id goes in a field named request_id: rename \(quoted(name)) to request_id" : help,
            offset: offset, length: length)
    }

    /// Features of the model absent from a payload, named in schema order.
    static func missingFeatures(
        _ names: [String], help: String, offset: Int? = nil, length: Int? = nil, line: Int? = nil, field: String? = nil
    ) -> Self {
        let message =
            names.count == 1
            ? "feature \(quoted(names[0])) is missing" : "features \(list(names)) are missing"
        return Self(.missingFeature, message, help: help, offset: offset, length: length, line: line, field: field)
    }

    /// `'age'`: names in messages are single-quoted.
    static func quoted(_ name: String) -> String { "'\(name)'" }

    /// `'a', 'b' and 'c'`, and at most five names (`… and 3 more`).
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(names.count > 5 ? 4 : 5).map(quoted)
        let rest = names.count - shown.count
        if rest > 0 { return shown.joined(separator: ", ") + " and \(rest) more" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown.last!
    }
}
