import TuskStore

extension AddressText {
    /// `repo@<64 hex>` of a commit.
    init(_ commit: CommitAddress) { self.init(full: "\(commit.repo)@\(commit.id.hex)") }
}
