/// The name of a branch inside a repo, such as `master` or `staging`: a movable head.
public struct BranchName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws(NameError) {
        if let problem = NameRule.problem(with: rawValue, kind: "branch") { throw NameError(message: problem) }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
