/// How results print: as text (tables and sentences) or as one JSON document.
///
/// One type for every layer that names a format: the DSL's `--format` and `format` command,
/// the session that prints, and the command line's `--format`.
public enum OutputFormat: String, Sendable, Codable, CaseIterable {
    case text, json

    /// `text`, `json`: the words that name the formats, for help and did-you-mean.
    public static let names = allCases.map(\.rawValue)
}
