import TuskCore

/// Where a file's current content came from: the commit that wrote it, and what that write was
/// computed from (empty for data put by hand).
public struct FileOrigin: Sendable, Equatable {
    public let path: RepoPath
    /// The file's size now.
    public let size: Int
    public let commit: CommitInfo
    public let provenance: [CommitAddress]
}
