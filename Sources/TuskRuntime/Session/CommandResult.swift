import TuskCommands
import TuskCore

/// What running one command produced: its rendered lines and typed value, or a diagnostic.
package struct CommandResult: Sendable {
    package var output: [String]
    /// Stretches of ``output`` that carry a meaning (a verdict, a diff line), for front ends
    /// that style them; none for JSON.
    package var spans: [Span]
    /// The command's typed result, for callers that want more than text.
    package var value: (any CommandOutput)?
    package var error: Diagnostic?

    package init(
        output: [String] = [], spans: [Span] = [], value: (any CommandOutput)? = nil, error: Diagnostic? = nil
    ) {
        self.output = output
        self.spans = spans
        self.value = value
        self.error = error
    }

    package var succeeded: Bool { error == nil }
}
