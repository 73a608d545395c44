import TuskCommands
import TuskCore

/// What running one command produced: its rendered lines and typed value, or a diagnostic.
public struct CommandResult: Sendable {
    public var output: [String]
    /// The command's typed result, for callers that want more than text.
    public var value: (any CommandOutput)?
    public var error: Diagnostic?

    public init(output: [String] = [], value: (any CommandOutput)? = nil, error: Diagnostic? = nil) {
        self.output = output
        self.value = value
        self.error = error
    }

    public var succeeded: Bool { error == nil }
}
