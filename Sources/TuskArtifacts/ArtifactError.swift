import TuskCore
import TuskML
import TuskStore

/// Why an artifact could not be read or written. Each case keeps the engine's own typed error,
/// so the command layer can point at the right word (the repo, the ref, the column).
public enum ArtifactError: Error, Sendable, Equatable {
    /// The store refused: no such repo, ref or file, or the store itself failed.
    case store(StoreError)
    /// The bytes are not usable data or not a usable model.
    case data(MLError)
    /// A local file could not be read or written.
    case localFile(LocalFileError)
    /// A store address that must name a file names none (`income_data@master`).
    case noFilePath(repo: RepoName, ref: CommitRef, reading: Bool)
    /// An output address whose ref is not a branch (`models@master^`).
    case outputNeedsBranch
}

/// A problem with a local file, worded for the user.
public struct LocalFileError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case notFound, isDirectory, unreadable, unwritable
        /// The path is inside the store's own directory, which only the store writes.
        case insideStore
    }

    public let kind: Kind
    /// The path as the user wrote it.
    public let path: String
    public let message: String
    public let help: String?

    init(_ kind: Kind, _ path: String, _ message: String, help: String? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.help = help
    }
}
