/// A reference to a commit as a user writes it: a branch name or a commit-id prefix, followed by
/// an ancestry suffix (`master^` is the parent, `master^3` the third ancestor, as in pachctl).
public struct CommitRef: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The branch name or commit-id prefix.
    public let base: String
    /// How many parents to walk back from `base`.
    public let ancestors: Int

    public init(base: String, ancestors: Int = 0) {
        self.base = base
        self.ancestors = ancestors
    }

    /// Parses `base`, `base^`, `base^^`, `base^N`; returns nil on malformed suffixes.
    public init?(parsing text: String) {
        guard let caret = text.firstIndex(of: "^") else {
            guard !text.isEmpty else { return nil }
            self.init(base: text)
            return
        }
        let base = String(text[..<caret])
        let suffix = text[caret...]
        guard !base.isEmpty else { return nil }
        if suffix.allSatisfy({ $0 == "^" }) {
            self.init(base: base, ancestors: suffix.count)
        } else if let n = Int(suffix.dropFirst()), n >= 0, suffix.dropFirst().allSatisfy(\.isASCII) {
            self.init(base: base, ancestors: n)
        } else {
            return nil
        }
    }

    public var description: String {
        switch ancestors {
        case 0: base
        case 1: base + "^"
        default: base + "^\(ancestors)"
        }
    }
}
