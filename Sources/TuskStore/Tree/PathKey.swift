import Foundation
import TuskCore

/// A repo path as the store sorts it: its segments' UTF-8 bytes joined by a zero byte.
///
/// Zero cannot occur in a segment and sorts below every other byte, so everything below a
/// directory sorts in one run right after the directory's own key. That turns the tree's
/// questions into index seeks: "is an ancestor of this path a file?" is the key just before it,
/// "is this path a directory?" is the key just after it, and a directory's contents are a range.
struct PathKey: Hashable, Comparable {
    let bytes: Data

    init(_ path: RepoPath) {
        var bytes = Data()
        for (index, segment) in path.segments.enumerated() {
            if index > 0 { bytes.append(0) }
            bytes.append(contentsOf: segment.utf8)
        }
        self.bytes = bytes
    }

    init(bytes: Data) { self.bytes = bytes }

    /// The path back; the key came from a valid path, so its segments are valid again.
    var path: RepoPath {
        let segments = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        return (try? RepoPath("/" + segments.joined(separator: "/"))) ?? .root
    }

    /// Whether `self` is a proper ancestor directory of `other`.
    func isAncestor(of other: PathKey) -> Bool {
        other.bytes.count > bytes.count && other.bytes[other.bytes.startIndex + bytes.count] == 0
            && other.bytes.starts(with: bytes)
    }

    /// The half-open key range of everything below this path (for the root: everything).
    var descendants: (lower: Data, upper: Data?) {
        if bytes.isEmpty { return (Data(), nil) }
        return (bytes + [0], bytes + [1])
    }

    static func < (a: Self, b: Self) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
