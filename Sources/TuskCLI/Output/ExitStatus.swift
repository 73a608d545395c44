/// The documented exit codes of `tusk` (sysexits.h where one fits).
public enum ExitStatus: Int32, Sendable {
    /// Everything ran and every check passed.
    case success = 0
    /// A scenario's recorded output did not match (`tusk test`).
    case checkFailed = 1
    /// Bad command-line usage: unknown flag, missing file, unknown parameter.
    case usage = 64
    /// A DSL error: a command that does not parse, or that failed in a script or scenario.
    case dslError = 65
    /// A bug in tusk or a broken store.
    case internalError = 70
}

/// An error that has already been worded for the user, with the exit status it ends with.
struct CLIFailure: Error {
    let lines: [String]
    let status: ExitStatus

    init(_ lines: [String], _ status: ExitStatus) {
        self.lines = lines
        self.status = status
    }

    init(_ line: String, _ status: ExitStatus) { self.init(["error: " + line], status) }
}
