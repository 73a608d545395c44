import TuskCore

/// One lexical unit of a command line.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A bare word: command names, addresses, paths, numbers.
        case word
        /// A quoted string, with its quotes removed and escapes resolved.
        case string
        /// `--name` or `-n`; `text` is the name without dashes.
        case option
        /// A `{…}` JSON object, kept verbatim for commands that take a record.
        case json
    }

    public let kind: Kind
    /// The token's value: unquoted for strings, without dashes for options.
    public let text: String
    /// Where the token sits, quotes and dashes included.
    public let span: SourceSpan
    /// For `--name=value`, the value and where it starts.
    public let attachedValue: (text: String, span: SourceSpan)?

    public init(kind: Kind, text: String, span: SourceSpan, attachedValue: (text: String, span: SourceSpan)? = nil) {
        self.kind = kind
        self.text = text
        self.span = span
        self.attachedValue = attachedValue
    }

    public static func == (a: Token, b: Token) -> Bool {
        a.kind == b.kind && a.text == b.text && a.span == b.span
            && a.attachedValue?.text == b.attachedValue?.text && a.attachedValue?.span == b.attachedValue?.span
    }
}
