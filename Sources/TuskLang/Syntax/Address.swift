import TuskCore

/// A `repo[@ref][:/path]` address as written, in pachctl's syntax: `income_data@master:/train.csv`,
/// `income_data@master^2`, `income_data@3f2a9c:/`.
public struct Address: Sendable, Equatable {
    public let repo: Located<RepoName>
    /// The branch or commit after `@`; nil when omitted.
    public let ref: Located<CommitRef>?
    /// The path after `:`; nil when omitted.
    public let path: Located<RepoPath>?
    /// The whole address.
    public let span: SourceSpan

    public init(repo: Located<RepoName>, ref: Located<CommitRef>?, path: Located<RepoPath>?, span: SourceSpan) {
        self.repo = repo
        self.ref = ref
        self.path = path
        self.span = span
    }

    /// The ref, or `master` when none was written.
    public var refOrMaster: CommitRef { ref?.value ?? CommitRef(base: "master") }
}

/// An address whose ref must be a branch, for commands that write: `put file`, `create branch`.
public struct BranchAddress: Sendable, Equatable {
    public let repo: Located<RepoName>
    public let branch: Located<BranchName>
    public let path: Located<RepoPath>?
}
