import TuskCommands
import TuskCore

/// What running one command produced: its rendered lines and typed value, or a diagnostic.
public struct CommandResult: Sendable {
    public var output: [String]
    /// Stretches of ``output`` that carry a meaning (a verdict, a diff line), for front ends
    /// that style them; none for JSON.
    public var spans: [Span]
    /// The command's typed result, for callers that want more than text.
    public var value: (any CommandOutput)?
    public var error: Diagnostic?

    public init(
        output: [String] = [], spans: [Span] = [], value: (any CommandOutput)? = nil, error: Diagnostic? = nil
    ) {
        self.output = output
        self.spans = spans
        self.value = value
        self.error = error
    }

    public var succeeded: Bool { error == nil }
}
