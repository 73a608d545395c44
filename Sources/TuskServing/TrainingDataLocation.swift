import TuskCore

/// Where a model's training data was found at release time, checked byte for byte against the
/// model's fingerprint: a file of a commit in the store, or a local file.
public enum TrainingDataLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `repo@<64 hex>:/path`.
    case stored(repo: RepoName, commit: CommitID, path: RepoPath)
    /// A local path, as the model's fingerprint names it.
    case local(String)

    public var description: String {
        switch self {
        case .stored(let repo, let commit, let path): "\(repo)@\(commit.hex):\(path)"
        case .local(let path): path
        }
    }

    /// A release record's string: a stored file when it is `repo@<64 hex>:/path` with each part
    /// valid (what a release writes for one), a local path otherwise.
    ///
    /// Why not a tagged object: releases have recorded this one string since the first version,
    /// and a local path of that exact shape (a repo name, `@`, 64 hex digits, `:/`) is not one a
    /// release ever recorded, since a local fingerprint names a file the trainer read.
    public init(recorded text: String) {
        if let at = text.firstIndex(of: "@"), let colon = text[at...].firstIndex(of: ":"),
            let repo = try? RepoName(String(text[..<at])),
            let commit = try? CommitID(parsing: String(text[text.index(after: at)..<colon])),
            text[text.index(after: colon)...].hasPrefix("/"),
            let path = try? RepoPath(String(text[text.index(after: colon)...]))
        {
            self = .stored(repo: repo, commit: commit, path: path)
        } else {
            self = .local(text)
        }
    }

    /// The one string releases record (``description``).
    public init(from decoder: any Decoder) throws {
        self.init(recorded: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
