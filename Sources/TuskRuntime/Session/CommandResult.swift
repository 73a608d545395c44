import TuskCore

/// What running one command produced: lines of output, or a diagnostic.
public struct CommandResult: Sendable, Equatable {
    public var output: [String]
    public var error: Diagnostic?

    public init(output: [String] = [], error: Diagnostic? = nil) {
        self.output = output
        self.error = error
    }

    public var succeeded: Bool { error == nil }
}
