/// A user-facing error: what went wrong, where (a span in the command text), and how to fix it.
///
/// Every layer's errors end up as one of these, so the REPL, the player and the CLI render them
/// the same way, like a compiler does. The ``Category`` tells the CLI which exit code it ends with:
/// a typo is not a broken disk.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it is, for exit codes and retry advice.
    public enum Category: String, Sendable, Equatable, Codable {
        /// Bad input: a command that does not parse, a name that does not exist, bad data.
        case input
        /// The store could not be read or written: corrupt, unreadable, disk full.
        case storeFailure
        /// Another process holds the store; trying again later may succeed.
        case busy
        /// The command was cancelled (Ctrl-C) and changed nothing.
        case cancelled
        /// A bug in tusk.
        case `internal`
    }

    /// One lowercase line naming the thing: "repo 'incme' not found".
    public var message: String
    /// The part of the command the error is about, when known.
    public var span: SourceSpan?
    /// How to fix it, e.g. "did you mean 'income_data'?".
    public var help: String?
    public var category: Category
    /// For a release its gates refused: every clause as checked, so a deploy job's reason can
    /// give the figures as fields rather than the sentence.
    public var gates: [GateCheck]? = nil

    public init(_ message: String, at span: SourceSpan? = nil, help: String? = nil, category: Category = .input) {
        self.message = message
        self.span = span
        self.help = help
        self.category = category
    }

    public var description: String {
        help.map { "\(message) (\($0))" } ?? message
    }
}
