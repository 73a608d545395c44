/// A content-addressed id (a job's, a commit's) as results carry it: all 64 hex digits in JSON,
/// the first 12 in text (`093a75b2962e`), as git and pachctl print them.
package struct IDText: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    package let full: String

    package init(_ full: String) { self.full = full }

    package var description: String { String(full.prefix(12)) }

    package init(from decoder: any Decoder) throws { full = try decoder.singleValueContainer().decode(String.self) }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(full)
    }
}
