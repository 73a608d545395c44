import TuskArtifacts

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

/// A step that failed: its own error, already worded (with its location in the command).
public struct StepFailure: Error, Sendable, Equatable {
    public let lines: [String]

    public init(lines: [String]) { self.lines = lines }
}
