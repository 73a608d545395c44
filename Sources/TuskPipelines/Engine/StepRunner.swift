import TuskArtifacts

/// Runs one transform command on one datum. The engine knows no DSL: the command layer provides
/// the runner, which parses the words as a tusk command and runs it against `/pfs` mounts.
public protocol StepRunner: Sendable {
    /// Runs `command` (without the leading `tusk`); what it writes under `/pfs/out` lands in
    /// `mounts`. Returns the lines it printed, for the job's log.
    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String]
}

/// A step that failed: its own error, already worded (with its location in the command).
public struct StepFailure: Error, Sendable, Equatable {
    public let lines: [String]

    public init(lines: [String]) { self.lines = lines }
}
