import TuskCore

/// A file or a directory in a commit's tree. Directories exist only through the files below them.
public struct FileInfo: Sendable, Equatable {
    public enum Kind: String, Sendable { case file, dir }

    public let path: RepoPath
    public let kind: Kind
    /// For a directory, the total of the files below it.
    public let size: Int
    /// The content hash; nil for a directory.
    public let hash: ContentHash?
}
