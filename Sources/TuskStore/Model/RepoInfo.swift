import TuskCore

/// A repo as listed: its name, description and sizes.
public struct RepoInfo: Sendable, Equatable {
    public let name: RepoName
    public let description: String
    public let branchCount: Int
    public let commitCount: Int
    /// Bytes of the files in the head of `master`, as pachctl reports a repo's size.
    public let masterSize: Int
}
