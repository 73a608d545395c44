import TuskCore

/// Every error the store raises: one lowercase line naming the thing, plus what it is about
/// (so a caller can point at the right word of a command), the names it is about, and, when
/// possible, how to fix it in words that hold for any caller.
///
/// The store knows no front end: its help never names a command or a flag. A front end words
/// its own advice from ``kind`` and the facts (``repo``, ``branch``, ``path``): the DSL says
/// "create it with 'create branch images@dev'", an HTTP server says it in its protocol's terms.
///
/// Like GRDB's `DatabaseError` and its result code, the ``kind`` says what went wrong in a form
/// `catch` can match, so callers never compare messages:
///
///     do {
///         try store.put(writes, repo: repo, branch: branch)
///     } catch let error where error.kind == .busy {
///         // another process holds the store: try again later
///     }
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The part of a request an error is about.
    public enum Subject: Sendable, Equatable {
        case repo, branch, ref, path, file, store
    }

    /// What went wrong: one case per kind of failure, stable for callers to match.
    public enum Kind: Sendable, Equatable, Hashable {
        case repoNotFound, repoExists, repoHasDependents
        case branchNotFound, refNotFound, ambiguousPrefix, emptyBranch, tooFewAncestors
        case fileNotFound, isDirectory, underFile, rootIsNotAFile
        case commitAlreadyOpen, noOpenCommit, branchHasOpenCommit
        /// The store's directory or database could not be opened or created.
        case cannotOpen
        /// No store exists where one was to be opened without creating it.
        case noStore
        /// Another process held the store for longer than the busy timeout.
        case busy
        /// The database file is not a database, is malformed, or lacks data it refers to.
        case corrupt
        /// The disk is full, a file cannot be read or written, or permissions forbid it.
        case io
        /// Something is larger than the store accepts.
        case tooLarge
        /// Any other database failure.
        case database
        /// The caller asked the write to stop (Ctrl-C); its transaction rolled back.
        case cancelled
    }

    public let kind: Kind
    public let message: String
    public let subject: Subject
    /// How to fix it, in words that name no command: a "did you mean" among the names that
    /// exist, or a step any caller can take ("type more digits", "restore it from a copy").
    public let help: String?
    /// The repo the error is about, when there is one.
    public let repo: RepoName?
    /// The branch the error is about, when there is one.
    public let branch: BranchName?
    /// The store's directory or database file, for the errors of opening one.
    public let storePath: String?

    private init(
        _ kind: Kind, _ message: String, _ subject: Subject, help: String? = nil, repo: RepoName? = nil,
        branch: BranchName? = nil, storePath: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.subject = subject
        self.help = help
        self.repo = repo
        self.branch = branch
        self.storePath = storePath
    }

    public var description: String { help.map { "\(message) (\($0))" } ?? message }

    static func repoNotFound(_ name: RepoName, candidates: [String]) -> Self {
        Self(
            .repoNotFound, "repo '\(name)' not found", .repo,
            help: Suggestion.didYouMean(name.rawValue, among: candidates), repo: name)
    }
    static func repoExists(_ name: RepoName) -> Self {
        Self(
            .repoExists, "repo '\(name)' already exists", .repo,
            help: "pick another name, or delete it first", repo: name)
    }
    static func repoHasDependents(_ name: RepoName, _ dependents: [String]) -> Self {
        Self(
            .repoHasDependents,
            "repo '\(name)' is the provenance of commits in \(dependents.joined(separator: ", "))", .repo,
            help: "delete those repos first", repo: name)
    }
    static func branchNotFound(_ branch: BranchName, repo: RepoName, candidates: [String]) -> Self {
        Self(
            .branchNotFound, "branch '\(branch)' not found in repo '\(repo)'", .branch,
            help: Suggestion.didYouMean(branch.rawValue, among: candidates), repo: repo, branch: branch)
    }
    static func refNotFound(_ ref: CommitRef, repo: RepoName, candidates: [String]) -> Self {
        Self(
            .refNotFound, "no branch or commit '\(ref.base)' in repo '\(repo)'", .ref,
            help: Suggestion.didYouMean(ref.base, among: candidates), repo: repo)
    }
    static func ambiguousPrefix(_ prefix: String, matches: [CommitID]) -> Self {
        Self(
            .ambiguousPrefix,
            "commit prefix '\(prefix)' is ambiguous: it matches \(matches.map(\.short).joined(separator: ", "))",
            .ref, help: "type more digits")
    }
    static func emptyBranch(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            .emptyBranch, "branch '\(branch)' of repo '\(repo)' has no commits yet", .ref,
            help: "put a file on it first", repo: repo, branch: branch)
    }
    static func tooFewAncestors(_ ref: CommitRef, available: Int) -> Self {
        Self(
            .tooFewAncestors,
            "'\(ref)' goes back \(ref.ancestors) commits but only \(available) exist before '\(ref.base)'", .ref,
            help: available == 0 ? "'\(ref.base)' has no parent" : "use at most '\(ref.base)^\(available)'")
    }
    static func fileNotFound(_ path: RepoPath, commit: CommitID, candidates: [String]) -> Self {
        Self(
            .fileNotFound, "file '\(path)' not found in commit \(commit.short)", .path,
            help: Suggestion.didYouMean(path.description, among: candidates))
    }
    static func contentNotFound(_ hash: ContentHash) -> Self {
        Self(.fileNotFound, "no stored content with SHA-256 \(hash.short)", .file, help: "write the bytes instead")
    }
    static func isDirectory(_ path: RepoPath) -> Self {
        Self(
            .isDirectory, "'\(path)' is a directory, not a file", .path,
            help: "name a file below it")
    }
    static func underFile(_ path: RepoPath, file: RepoPath) -> Self {
        Self(.underFile, "cannot write '\(path)': '\(file)' is a file", .path, help: "choose another path")
    }
    static func rootIsNotAFile() -> Self {
        Self(.rootIsNotAFile, "'/' is the repo root, not a file", .path, help: "name a file, such as '/train.csv'")
    }
    static func commitAlreadyOpen(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            .commitAlreadyOpen, "a commit is already open on \(repo)@\(branch)", .branch,
            help: "finish it first", repo: repo, branch: branch)
    }
    static func noOpenCommit(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            .noOpenCommit, "no open commit on \(repo)@\(branch)", .branch,
            help: "start one first", repo: repo, branch: branch)
    }
    static func branchHasOpenCommit(_ branch: BranchName, repo: RepoName) -> Self {
        Self(
            .branchHasOpenCommit, "branch \(repo)@\(branch) has an open commit", .branch,
            help: "finish it first", repo: repo, branch: branch)
    }
    static func noStore(_ path: String) -> Self { Self(.noStore, "no tusk store at \(path)", .store, storePath: path) }
    static func cannotOpen(_ path: String, reason: String) -> Self {
        Self(.cannotOpen, "cannot open store at '\(path)': \(reason)", .store, help: "check the path", storePath: path)
    }
    static func busy() -> Self {
        Self(
            .busy, "store is busy: another tusk process is writing", .store,
            help: "try again when it has finished")
    }
    /// The file at `path` is not a database, or one so damaged that SQLite refuses it.
    static func notAStore(_ path: String, reason: String) -> Self {
        Self(
            .corrupt, "store at '\(path)' is not a tusk store: \(reason)", .store,
            help: "move the file away", storePath: path)
    }
    public static func corrupt(_ reason: String) -> Self {
        Self(.corrupt, "store is damaged: \(reason)", .store, help: "restore it from a copy")
    }
    /// A record the store holds (a document) that its owner cannot read back: the store is damaged,
    /// and the record is named so that it is never silently skipped.
    public static func unreadableRecord(_ collection: String, _ key: String, reason: String) -> Self {
        Self(
            .corrupt, "store is damaged: the \(collection) record '\(key)' is unreadable: \(reason)", .store,
            help: "restore it from a copy")
    }
    /// A record that cannot be encoded to be written; nothing was written.
    public static func unwritableRecord(_ collection: String, _ key: String, reason: String) -> Self {
        Self(.database, "cannot write the \(collection) record '\(key)': \(reason)", .store)
    }
    static func io(_ reason: String) -> Self {
        Self(
            .io, "store cannot read or write its files: \(reason)", .store,
            help: "check free disk space and permissions")
    }
    static func cannotReadLocal(_ path: String, reason: String) -> Self {
        Self(.io, "cannot read '\(path)': \(reason)", .file, help: "check that the file exists and is readable")
    }
    static func cannotWriteLocal(reason: String) -> Self {
        Self(.io, "cannot write the file: \(reason)", .file, help: "check free disk space and permissions")
    }
    static func tooLarge(_ reason: String) -> Self {
        Self(.tooLarge, "too large for the store: \(reason)", .store)
    }
    /// The write stopped because the caller asked (Ctrl-C); it rolled back, so nothing of it exists.
    public static func cancelled() -> Self {
        Self(.cancelled, "interrupted: nothing was written", .store, help: "run the command again")
    }
    static func database(_ reason: String) -> Self {
        Self(.database, "store failure: \(reason)", .store)
    }
}
