import TuskCore

/// What a command may ask of the session it runs in: `format` changes how the session prints,
/// `save` writes what it ran. The front end that owns a session (the REPL, a script, a scenario, a
/// one-shot shell command) puts its implementation in ``CommandContext/session``, as the pipeline
/// engine is handed its ``StepRunner``; where there is none (a pipeline step, a bare context), the
/// two commands refuse at their argument.
///
/// Why a capability and not results the session inspects: a command that only describes what it
/// wants leaves every front end to recognise it by type, and one that forgets prints a request as
/// if it were done. Why `Sendable` with no mutable state here: a context travels to pipeline
/// steps and across tasks; the implementation keeps its state behind a lock.
package protocol SessionCapability: Sendable {
    /// Results print as `format` from the command that set it on (a line's `--format` overrides it).
    func setFormat(_ format: OutputFormat)

    /// Writes what the session ran as a scenario at `request.path` (relative to `context`'s base
    /// directory), or throws a located diagnostic and writes nothing.
    func save(_ request: SaveRequest, in context: CommandContext) throws(Diagnostic) -> SavedScenario
}
