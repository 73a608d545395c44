/// A normalized absolute path inside a repo: `/`, `/train.csv`, `/models/a.json`.
///
/// Normalization removes empty segments and `.`, resolves `..`, and refuses a path that would
/// climb above the root, so `/a/../b.csv` is `/b.csv` and `/../x` is an error.
public struct RepoPath: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The segments below the root; empty for the root itself.
    public let segments: [String]

    public static let root = RepoPath(segments: [])

    private init(segments: [String]) { self.segments = segments }

    /// What file systems allow (Linux's NAME_MAX and PATH_MAX): a path that could never be
    /// checked out is refused when it is written, not when it is read back.
    public static let maxComponentBytes = 255, maxBytes = 4096

    public init(_ text: String) throws(NameError) {
        if text.utf8.count > Self.maxBytes {
            throw NameError(
                message: "path '\(VisibleText.clipped(text))' is \(text.utf8.count) bytes; at most \(Self.maxBytes)")
        }
        var segments: [String] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if segments.isEmpty {
                    throw NameError(message: "path '\(VisibleText.clipped(text))' climbs above the repo root")
                }
                segments.removeLast()
            default:
                if part.unicodeScalars.contains(where: VisibleText.isControl) {
                    throw NameError(message: "path '\(VisibleText.clipped(text))' contains a control character")
                }
                if part.utf8.count > Self.maxComponentBytes {
                    throw NameError(
                        message: "path '\(VisibleText.clipped(text))' has a name of \(part.utf8.count) bytes; "
                            + "at most \(Self.maxComponentBytes) between slashes")
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
