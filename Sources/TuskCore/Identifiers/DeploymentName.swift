/// The name of a deployment of the router, such as `production`: checked once, where it is typed
/// or read back, and carried typed from there to the request log.
///
/// Deployment names follow ``NameRule`` at its ``NameRule/Strictness/word`` strictness: letters,
/// digits, `_` and `-`, starting with a letter, at most 63 characters. So a bare word in
/// `predict production {JSON}` is a deployment, never a file (`model.json`).
public struct DeploymentName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue`; throws a ``NameError`` saying what is wrong.
    public init(_ rawValue: String) throws(NameError) {
        if let problem = NameRule.problem(with: rawValue, kind: "deployment", .word) {
            throw NameError(message: problem)
        }
        self.rawValue = rawValue
    }

    /// Whether `text` is made like a deployment name, whatever its length: a word a command can
    /// take for a deployment rather than a file, and then refuse as too long.
    public static func isWord(_ text: String) -> Bool {
        NameRule.characterProblem(with: text, kind: "deployment", .word) == nil
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// A plain JSON string, checked like any name when read back: a malformed one is a
    /// `DecodingError` at its field, so the record that holds it can be named.
    public init(from decoder: any Decoder) throws {
        self = try decoder.singleValueContainer().decodeName { text throws(NameError) in try Self(text) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
