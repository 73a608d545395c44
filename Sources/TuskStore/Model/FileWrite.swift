import Foundation
import TuskCore

/// One file to write in a commit: bytes in memory, or a local file streamed in chunk by chunk.
///
///     FileWrite(path: try RepoPath("/train.csv"), bytes: Array("a,b\n".utf8))
///     FileWrite(path: try RepoPath("/images.tar"), source: .localFile(URL(fileURLWithPath: "images.tar")))
public struct FileWrite: Sendable {
    /// Where the bytes come from.
    public enum Source: Sendable, Equatable {
        case bytes([UInt8])
        /// Read while the commit is made, one chunk at a time: what keeps a put of a file larger
        /// than memory possible.
        case localFile(URL)
        /// A content the store already holds, by its SHA-256: a file copied by reference, no
        /// bytes read or written (what a collector step and a reused datum do).
        case content(ContentHash)
    }

    public let path: RepoPath
    public let source: Source
    /// Add the bytes after the current content instead of replacing it.
    public let append: Bool
    /// What this file was computed from, when it is not what the whole put was: a collector's
    /// file came from one of its inputs only.
    public let provenance: [CommitAddress]?

    public init(path: RepoPath, bytes: [UInt8], append: Bool = false) {
        self.init(path: path, source: .bytes(bytes), append: append)
    }

    public init(path: RepoPath, source: Source, append: Bool = false, provenance: [CommitAddress]? = nil) {
        self.path = path
        self.source = source
        self.append = append
        self.provenance = provenance
    }

    /// The bytes of an in-memory write; empty for a local file (see ``source``).
    public var bytes: [UInt8] {
        if case .bytes(let bytes) = source { return bytes }
        return []
    }
}
