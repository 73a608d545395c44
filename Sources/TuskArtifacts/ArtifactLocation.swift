import TuskCore

/// Where an artifact lives: a local file, or a file in the store named the pachctl way.
///
///     .local("datasets/census.csv")
///     .store(repo: RepoName("income_data"), ref: CommitRef(base: "master"), path: RepoPath("/train.csv"))
public enum ArtifactLocation: Sendable, Equatable {
    /// A path as the user wrote it; relative paths start at the workspace's base directory.
    case local(String)
    /// A file of a commit; `path` nil when the address names none (`models@master`).
    case store(repo: RepoName, ref: CommitRef, path: RepoPath?)
}
