/// A user-facing error: what went wrong, where (a span in the command text), and how to fix it.
///
/// Every layer's errors end up as one of these, so the REPL, the player and the CLI render them
/// the same way, like a compiler does.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// One lowercase line naming the thing: "repo 'incme' not found".
    public var message: String
    /// The part of the command the error is about, when known.
    public var span: SourceSpan?
    /// How to fix it, e.g. "did you mean 'income_data'?".
    public var help: String?

    public init(_ message: String, at span: SourceSpan? = nil, help: String? = nil) {
        self.message = message
        self.span = span
        self.help = help
    }

    public var description: String {
        help.map { "\(message) (\($0))" } ?? message
    }
}
