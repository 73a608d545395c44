/// The name of a branch inside a repo, such as `master` or `staging`: a movable head.
public struct BranchName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws(NameError) {
        if let problem = NameRule.problem(with: rawValue, kind: "branch") { throw NameError(message: problem) }
        self.rawValue = rawValue
    }

    private init(valid: String) { rawValue = valid }

    /// Every repo's first branch, and where pipelines write.
    public static let master = BranchName(valid: "master")

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
