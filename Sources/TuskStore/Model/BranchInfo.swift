import TuskCore

/// A branch: a movable pointer to a commit (nil until the first commit).
public struct BranchInfo: Sendable, Equatable {
    public let repo: RepoName
    public let name: BranchName
    public let head: CommitID?
    /// Whether `start commit` has opened a commit on it that is not finished yet.
    public let hasOpenCommit: Bool
}
