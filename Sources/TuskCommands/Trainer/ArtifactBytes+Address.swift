import TuskArtifacts

extension ArtifactBytes {
    /// Where the bytes were read, as results carry it: a local path as given, or the store address
    /// named by the commit that wrote them, in full in JSON (``AddressText``).
    var address: AddressText {
        guard let commit else { return AddressText(full: name) }
        // The name is `repo@<short id>:/path`; the address is the same with the full id.
        let short = "@" + commit.id.short + ":"
        guard let range = name.range(of: short) else { return AddressText(full: name) }
        return AddressText(full: name.replacingCharacters(in: range, with: "@" + commit.id.hex + ":"))
    }
}
