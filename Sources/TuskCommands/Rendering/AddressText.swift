import TuskServing

/// A store address, `repo@commit:/path` or `repo@commit`, as results carry it: in JSON with the
/// commit id in full (64 digits, as a script needs it to address the commit), in text with its
/// first 12 (`models@66177fa8ca15:/model.json`).
///
/// It decodes from the full form it encodes.
package struct AddressText: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `repo@<64 hex>:/path`.
    package let full: String
    /// `repo@<12 hex>:/path`.
    package let description: String

    package init(_ address: ModelAddress) {
        full = address.full
        description = address.description
    }

    /// A release's record of where a model's training data is: a stored file, or a local path.
    package init(_ location: TrainingDataLocation) {
        switch location {
        case .stored(let repo, let commit, let path):
            full = location.description
            description = "\(repo)@\(commit.short):\(path)"
        case .local(let path):
            full = path
            description = path
        }
    }

    /// From the full form.
    package init(full: String) {
        self.full = full
        description = Self.shortened(full)
    }

    package init(from decoder: any Decoder) throws {
        self.init(full: try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(full)
    }

    /// `repo@<64 hex>:/path` with the commit id cut to 12 digits (the address itself shortens,
    /// as an id does: nothing searches rendered text).
    static func shortened(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return address }
        let rest = address[address.index(after: at)...]
        let id = rest.prefix { $0.isHexDigit }
        guard id.count > 12 else { return address }
        return String(address[...at]) + id.prefix(12) + rest.dropFirst(id.count)
    }

    /// Each address of a `, `-separated list shortened, for text: reports carry full addresses
    /// (`live` of a comparison may list several releases' models).
    static func shortenedList(_ text: String) -> String {
        text.components(separatedBy: ", ").map(shortened).joined(separator: ", ")
    }
}
