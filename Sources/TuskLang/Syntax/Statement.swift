import TuskCore

/// One parsed command of the DSL. The names follow pachctl's verbs.
public enum Statement: Sendable, Equatable {
    case createRepo(Located<RepoName>, description: String)
    case listRepo
    case inspectRepo(Located<RepoName>)
    case deleteRepo(Located<RepoName>)
    /// Creates a branch, or moves its head when it exists (deferred processing).
    case createBranch(BranchAddress, head: Located<CommitRef>?)
    case listBranch(Located<RepoName>)
    case putFile(BranchAddress, source: Located<String>, append: Bool, message: String?)
    case startCommit(BranchAddress, message: String?)
    case finishCommit(BranchAddress, message: String?)
    case getFile(Address, output: Located<String>?)
    case listFile(Address)
    case globFile(Address, pattern: Located<String>)
    /// Compares a path in one commit with the same or another path elsewhere (by default, the
    /// parent commit).
    case diffFile(Address, Address?)
    case listCommit(Address)
    case inspectCommit(Address)
    case help(topic: Located<String>?)
}
