import TuskCore
import TuskStore

/// A model artifact in the store, resolved to its commit at release time: what a release serves
/// does not change when the branch moves on.
///
/// Typed parts, checked once when read back: a release record whose repo, commit or path is
/// malformed fails to decode at that field (``DeploymentRegistry`` names the record), rather
/// than being split again at its `@` wherever it is shown.
public struct ModelAddress: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public var repo: RepoName { parts.repo }
    public var commit: CommitID { parts.commit }
    public var path: RepoPath { parts.path }
    /// The commits the model was computed from (its training data).
    public var provenance: [CommitAddress] { parts.provenance }
    /// Where its training data is: the drift detector's reference. Nil when not found.
    public var trainingData: TrainingDataLocation? { parts.trainingData }

    /// The parts behind one reference: every answer `tusk serve` gives carries its model's
    /// address, copied as the answer is (split back per payload, handed to its event loop), and
    /// copying five parts retained each of their strings and arrays.
    private final class Parts: Sendable {
        let repo: RepoName
        let commit: CommitID
        let path: RepoPath
        let provenance: [CommitAddress]
        let trainingData: TrainingDataLocation?

        init(
            repo: RepoName, commit: CommitID, path: RepoPath, provenance: [CommitAddress],
            trainingData: TrainingDataLocation?
        ) {
            self.repo = repo
            self.commit = commit
            self.path = path
            self.provenance = provenance
            self.trainingData = trainingData
        }
    }

    private let parts: Parts

    public init(
        repo: RepoName, commit: CommitID, path: RepoPath, provenance: [CommitAddress] = [],
        trainingData: TrainingDataLocation? = nil
    ) {
        parts = Parts(repo: repo, commit: commit, path: path, provenance: provenance, trainingData: trainingData)
    }

    public static func == (a: ModelAddress, b: ModelAddress) -> Bool {
        a.parts === b.parts
            || (a.repo == b.repo && a.commit == b.commit && a.path == b.path && a.provenance == b.provenance
                && a.trainingData == b.trainingData)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(repo)
        hasher.combine(commit)
        hasher.combine(path)
        hasher.combine(provenance)
        hasher.combine(trainingData)
    }

    /// `models@3f2a9c1e0b7d:/model.json`.
    public var description: String { "\(repo)@\(commit.short):\(path)" }

    /// `models@<64 hex>:/model.json`: the address as reports carry it, for scripts.
    public var full: String { "\(repo)@\(commit.hex):\(path)" }

    /// Whether both name the same file of the same commit (whatever else they record).
    public func sameBytes(as other: ModelAddress) -> Bool {
        repo == other.repo && commit == other.commit && path == other.path
    }

    /// The same file, without what the release recorded about it.
    public var file: ModelAddress { ModelAddress(repo: repo, commit: commit, path: path) }

    /// Parses the ``full`` form, `repo@<64 hex>:/path`; a malformed one is refused with the part
    /// that is wrong and its character offset.
    public init(parsing text: String) throws(AddressError) {
        guard let at = text.firstIndex(of: "@") else {
            throw AddressError(text, offset: text.count, "has no '@' after its repo")
        }
        guard let colon = text[at...].firstIndex(of: ":") else {
            throw AddressError(text, offset: text.count, "has no ':' before its path")
        }
        let commitStart = text.index(after: at), pathStart = text.index(after: colon)
        let repo: RepoName, commit: CommitID, path: RepoPath
        do throws(NameError) {
            repo = try RepoName(String(text[..<at]))
        } catch {
            throw AddressError(text, offset: 0, error.message)
        }
        do throws(NameError) {
            commit = try CommitID(parsing: String(text[commitStart..<colon]))
        } catch {
            throw AddressError(text, offset: text.distance(from: text.startIndex, to: commitStart), error.message)
        }
        let pathText = String(text[pathStart...])
        guard pathText.hasPrefix("/") else {
            throw AddressError(
                text, offset: text.distance(from: text.startIndex, to: pathStart), "its path does not start with '/'")
        }
        do throws(NameError) {
            path = try RepoPath(pathText)
        } catch {
            throw AddressError(text, offset: text.distance(from: text.startIndex, to: pathStart), error.message)
        }
        self.init(repo: repo, commit: commit, path: path)
    }

    /// A malformed model address: what is wrong, and the character where the wrong part starts.
    public struct AddressError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        /// Characters from the start of `text` to the part that is wrong.
        public let offset: Int
        public let reason: String

        init(_ text: String, offset: Int, _ reason: String) {
            self.text = text
            self.offset = offset
            self.reason = reason
        }

        public var description: String {
            "'\(VisibleText.clipped(text))' is not a model address (REPO@COMMIT:/PATH): at character \(offset + 1), "
                + reason
        }
    }

    // MARK: - Codable: the shape releases have always been stored in, each part checked.

    enum CodingKeys: String, CodingKey {
        case repo, commit, path, provenance, trainingData
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func parsed<T>(_ key: CodingKeys, _ parse: (String) throws(NameError) -> T) throws -> T {
            let text = try container.decode(String.self, forKey: key)
            do { return try parse(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.message)
            }
        }
        let repo = try parsed(.repo) { text throws(NameError) in try RepoName(text) }
        let commit = try parsed(.commit) { text throws(NameError) in try CommitID(parsing: text) }
        let path = try parsed(.path) { text throws(NameError) in try RepoPath(text) }
        let sources = try container.decodeIfPresent([String].self, forKey: .provenance) ?? []
        let provenance = try sources.map { text in
            guard let at = text.firstIndex(of: "@") else {
                throw DecodingError.dataCorruptedError(
                    forKey: .provenance, in: container,
                    debugDescription: "'\(VisibleText.clipped(text))' is not a commit address (REPO@COMMIT)")
            }
            do throws(NameError) {
                return CommitAddress(
                    repo: try RepoName(String(text[..<at])),
                    id: try CommitID(parsing: String(text[text.index(after: at)...])))
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .provenance, in: container, debugDescription: error.message)
            }
        }
        let trainingData = try container.decodeIfPresent(String.self, forKey: .trainingData).map(
            TrainingDataLocation.init(recorded:))
        self.init(repo: repo, commit: commit, path: path, provenance: provenance, trainingData: trainingData)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(repo.rawValue, forKey: .repo)
        try container.encode(commit.hex, forKey: .commit)
        try container.encode(path.description, forKey: .path)
        try container.encode(provenance.map { "\($0.repo)@\($0.id.hex)" }, forKey: .provenance)
        try container.encodeIfPresent(trainingData?.description, forKey: .trainingData)
    }
}
