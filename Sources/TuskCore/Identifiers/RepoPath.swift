/// A normalized absolute path inside a repo: `/`, `/train.csv`, `/models/a.json`.
///
/// Normalization removes empty segments and `.`, resolves `..`, and refuses a path that would
/// climb above the root, so `/a/../b.csv` is `/b.csv` and `/../x` is an error.
public struct RepoPath: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The segments below the root; empty for the root itself.
    public let segments: [String]

    public static let root = RepoPath(segments: [])

    private init(segments: [String]) { self.segments = segments }

    public init(_ text: String) throws(NameError) {
        var segments: [String] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if segments.isEmpty {
                    throw NameError(message: "path '\(text)' climbs above the repo root")
                }
                segments.removeLast()
            default:
                if part.unicodeScalars.contains(where: VisibleText.isControl) {
                    throw NameError(message: "path '\(VisibleText.escaping(text))' contains a control character")
                }
                segments.append(String(part))
            }
        }
        self.segments = segments
    }

    public var isRoot: Bool { segments.isEmpty }
    public var name: String { segments.last ?? "/" }
    public var description: String { "/" + segments.joined(separator: "/") }

    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: RepoPath) -> Bool {
        segments.count >= other.segments.count && Array(segments.prefix(other.segments.count)) == other.segments
    }

    /// The path one level below `self` named `child`.
    public func appending(_ child: String) -> RepoPath { RepoPath(segments: segments + [child]) }

    public static func < (a: Self, b: Self) -> Bool { a.segments.lexicographicallyPrecedes(b.segments) }
}
