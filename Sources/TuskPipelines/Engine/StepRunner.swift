import TuskArtifacts
import TuskCore

/// Runs one transform command on one datum. The engine knows no DSL: the command layer provides
/// the runner, which parses the words as a tusk command and runs it against `/pfs` mounts.
public protocol StepRunner: Sendable {
    /// Runs `command` (without the leading `tusk`); what it writes under `/pfs/out` lands in
    /// `mounts`. Returns the lines it printed, for the job's log.
    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String]

    /// Runs a `transform.stdin` script on one datum: each line a tusk command, in order, all
    /// against the same mounts (a line reads what an earlier one wrote under `/pfs/out`).
    func run(script: [String], mounts: PFSMounts) throws(StepFailure) -> [String]
}

extension StepRunner {
    /// A runner that knows only command lines refuses scripts.
    public func run(script: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        throw StepFailure(lines: ["error: this runner runs no transform.stdin scripts"])
    }
}

/// A step that failed: its own error, already worded (with its location in the command), and
/// the same error as fields when the runner knows them.
public struct StepFailure: Error, Sendable, Equatable {
    public let lines: [String]
    public let error: StepError?

    public init(lines: [String], error: StepError? = nil) {
        self.lines = lines
        self.error = error
    }
}

/// A step's error as fields, kept in the job's record so a script reads why a job failed
/// without parsing its log.
public struct StepError: Codable, Sendable, Equatable {
    /// The command line that failed (the step's command, or one line of its `transform.stdin`).
    public let command: String
    /// One lowercase line: `release refused: accuracy is 0.6415, needs >= 0.75 (short by 0.1085)`.
    public let message: String
    /// Where in `command`: `<step>`, or `<stdin:N>` for a script's line N; line and column when known.
    public let source: String
    public let line: Int?
    public let column: Int?
    public let help: String?
    /// For a release its gates refused: every clause as checked.
    public let gates: [GateCheck]?

    public init(
        command: String, message: String, source: String, line: Int?, column: Int?, help: String?,
        gates: [GateCheck]?
    ) {
        self.command = command
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.help = help
        self.gates = gates
    }
}
