import TuskCore

/// The documented exit codes of `tusk` (sysexits.h where one fits).
package enum ExitStatus: Int32, Sendable {
    /// Everything ran and every check passed.
    case success = 0
    /// A scenario's recorded output did not match (`tusk test`).
    case checkFailed = 1
    /// Bad command-line usage: unknown flag or subcommand, missing file, unknown parameter.
    case usage = 64
    /// A DSL error or bad data: a command that does not parse, names what does not exist, or
    /// reads data it cannot use.
    case dslError = 65
    /// A program tusk needs is not there: `tusk serve` without its server (`make serve`).
    case unavailable = 69
    /// A bug in tusk.
    case internalError = 70
    /// The store cannot be read or written: corrupt, unreadable, disk full.
    case storeFailure = 74
    /// Another process holds the store; try again.
    case busy = 75
    /// Interrupted by Ctrl-C; nothing was changed.
    case interrupted = 130

    /// The exit status a failed command ends a script or a one-shot command with.
    static func of(_ diagnostic: Diagnostic) -> ExitStatus {
        switch diagnostic.category {
        case .input: .dslError
        case .storeFailure: .storeFailure
        case .busy: .busy
        case .cancelled: .interrupted
        case .internal: .internalError
        }
    }
}

/// An error that has already been worded for the user, with the exit status it ends with.
package struct CLIFailure: Error {
    let lines: [String]
    let status: ExitStatus
    /// The DSL error behind it, when there is one (for the JSON form of the error).
    var diagnostic: (Diagnostic, SourceText)?

    package init(_ lines: [String], _ status: ExitStatus) {
        self.lines = lines
        self.status = status
    }

    /// A failed DSL command, rendered in the compiler's format.
    init(_ diagnostic: Diagnostic, in source: SourceText) {
        self.init(DiagnosticRenderer.full(diagnostic, in: source), ExitStatus.of(diagnostic))
        self.diagnostic = (diagnostic, source)
    }

    package init(_ line: String, _ status: ExitStatus) { self.init(["error: " + line], status) }
}
