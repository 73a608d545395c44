import TuskCore

/// One finished commit: an immutable snapshot of a repo's files.
public struct CommitInfo: Sendable, Equatable {
    public let id: CommitID
    public let repo: RepoName
    /// The branch the commit was made on.
    public let branch: BranchName
    public let parent: CommitID?
    /// The store-wide logical clock when the commit was made: orders commits without wall time.
    public let sequence: Int
    public let message: String
    /// The commits this one was computed from (filled by pipelines; empty for data put by hand).
    public let provenance: [CommitAddress]
    public let fileCount: Int
    public let size: Int
}

/// A commit named with its repo: `income_data@3f2a…`.
public struct CommitAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let repo: RepoName
    public let id: CommitID

    public init(repo: RepoName, id: CommitID) {
        self.repo = repo
        self.id = id
    }

    public var description: String { "\(repo)@\(id.short)" }
    public static func < (a: Self, b: Self) -> Bool { (a.repo, a.id) < (b.repo, b.id) }
}
