import TuskCore

/// Every error the store raises: one lowercase line naming the thing, plus what it is about
/// (so a caller can point at the right word of a command) and, when possible, how to fix it.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The part of a request an error is about.
    public enum Subject: Sendable, Equatable {
        case repo, branch, ref, path, file, store
    }

    public let message: String
    public let subject: Subject
    public let help: String?

    private init(_ message: String, _ subject: Subject, help: String? = nil) {
        self.message = message
        self.subject = subject
        self.help = help
    }

    public var description: String { help.map { "\(message) (\($0))" } ?? message }

    static func repoNotFound(_ name: RepoName, candidates: [String]) -> Self {
        Self(
            "repo '\(name)' not found", .repo,
            help: Suggestion.didYouMean(name.rawValue, among: candidates) ?? "see 'list repo'")
    }
    static func repoExists(_ name: RepoName) -> Self {
        Self("repo '\(name)' already exists", .repo, help: "pick another name, or 'delete repo \(name)' first")
    }
    static func repoHasDependents(_ name: RepoName, _ dependents: [String]) -> Self {
        Self(
            "repo '\(name)' is the provenance of commits in \(dependents.joined(separator: ", "))", .repo,
            help: "delete those repos first")
    }
    static func branchNotFound(_ branch: BranchName, repo: RepoName, candidates: [String]) -> Self {
        Self(
            "branch '\(branch)' not found in repo '\(repo)'", .branch,
            help: Suggestion.didYouMean(branch.rawValue, among: candidates)
                ?? "create it with 'create branch \(repo)@\(branch)'")
    }
    static func refNotFound(_ ref: CommitRef, repo: RepoName, candidates: [String]) -> Self {
        Self(
            "no branch or commit '\(ref.base)' in repo '\(repo)'", .ref,
            help: Suggestion.didYouMean(ref.base, among: candidates)
                ?? "see 'list branch \(repo)' and 'list commit \(repo)'")
    }
    static func ambiguousPrefix(_ prefix: String, matches: [CommitID]) -> Self {
        Self(
            "commit prefix '\(prefix)' is ambiguous: it matches \(matches.map(\.short).joined(separator: ", "))",
            .ref, help: "type more digits")
    }
    static func emptyBranch(_ branch: BranchName, repo: RepoName) -> Self {
        Self("branch '\(branch)' of repo '\(repo)' has no commits yet", .ref, help: "put a file on it first")
    }
    static func tooFewAncestors(_ ref: CommitRef, available: Int) -> Self {
        Self(
            "'\(ref)' goes back \(ref.ancestors) commits but only \(available) exist before '\(ref.base)'", .ref,
            help: available == 0 ? "'\(ref.base)' has no parent" : "use at most '\(ref.base)^\(available)'")
    }
    static func fileNotFound(_ path: RepoPath, commit: CommitID, candidates: [String]) -> Self {
        Self(
            "file '\(path)' not found in commit \(commit.short)", .path,
            help: Suggestion.didYouMean(path.description, among: candidates) ?? "see 'list file'")
    }
    static func isDirectory(_ path: RepoPath) -> Self {
        Self("'\(path)' is a directory, not a file", .path, help: "name a file below it, or use 'list file'")
    }
    static func underFile(_ path: RepoPath, file: RepoPath) -> Self {
        Self("cannot write '\(path)': '\(file)' is a file", .path, help: "choose another path")
    }
    static func rootIsNotAFile() -> Self {
        Self("'/' is the repo root, not a file", .path, help: "name a file, such as '/train.csv'")
    }
    static func commitAlreadyOpen(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            "a commit is already open on \(repo)@\(branch)", .branch,
            help: "finish it with 'finish commit \(repo)@\(branch)'")
    }
    static func noOpenCommit(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            "no open commit on \(repo)@\(branch)", .branch, help: "start one with 'start commit \(repo)@\(branch)'")
    }
    static func branchHasOpenCommit(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            "branch \(repo)@\(branch) has an open commit", .branch,
            help: "finish it with 'finish commit \(repo)@\(branch)' first")
    }
    static func cannotOpen(_ path: String, reason: String) -> Self {
        Self("cannot open store at '\(path)': \(reason)", .store, help: "check the path, or pass --store")
    }
    static func database(_ reason: String) -> Self {
        Self("store failure: \(reason)", .store)
    }
}
