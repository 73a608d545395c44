/// The id of a commit: the SHA-256 of its canonical description (repo, branch, parent,
/// sequence number, message, provenance and file tree), so two stores given the same
/// commands produce the same ids. Shown abbreviated to 12 digits; any unique prefix resolves.
public struct CommitID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let hash: ContentHash

    public init(_ hash: ContentHash) { self.hash = hash }
    public init(hex: String) { self.hash = ContentHash(hex: hex) }

    /// A full id as records keep it: exactly 64 lowercase hex digits, or a ``NameError`` saying
    /// what it is instead (a prefix, a branch name).
    public init(parsing text: String) throws(NameError) {
        guard text.utf8.count == 64, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw NameError(
                message: "'\(VisibleText.clipped(text))' is not a commit id (64 lowercase hex digits)")
        }
        self.init(hex: text)
    }

    public var hex: String { hash.hex }
    public var short: String { hash.short }
    public var description: String { hash.hex }
    public static func < (a: Self, b: Self) -> Bool { a.hash < b.hash }
}
