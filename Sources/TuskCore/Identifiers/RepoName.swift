/// The name of a data repository, such as `income_data`.
public struct RepoName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue` against ``NameRule``; throws a ``NameError`` saying what is wrong.
    public init(_ rawValue: String) throws(NameError) {
        if let problem = NameRule.problem(with: rawValue, kind: "repo") { throw NameError(message: problem) }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// A plain JSON string, checked like any name when read back.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A name that breaks ``NameRule``.
public struct NameError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    /// For names whose rule lives beside their engine (a predictor's `canary-N`).
    public init(message: String) { self.message = message }
    public var description: String { message }
}
