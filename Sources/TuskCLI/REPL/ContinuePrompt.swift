import TuskRuntime

/// `tusk run FILE --continue`: the REPL after the run, on the session the run used (its store,
/// the scenario's folder as the base of relative paths, its seed and its logical clock), so a
/// presenter can improvise where the demo ended and `save` it all.
struct ContinuePrompt {
    /// Whether `--continue` was given; when not, nothing here does anything.
    let enabled: Bool
    /// `--store`, or nil for the run's in-memory store.
    let store: String?
    let storeIsNew: Bool
    /// The scenario or script that ran first, which the banner names.
    let origin: String

    /// Starts recording before the run, so that `save` writes the run's commands too. Only at a
    /// terminal: commands piped after the run are a stream, not held in memory.
    func record(_ session: Session) {
        guard enabled, Terminal.inputIsInteractive else { return }
        session.recorder = SessionRecorder(format: session.format, scenario: origin)
    }

    /// Opens the prompt (or reads the piped commands) on `session`, until Ctrl-D or `exit`.
    func open(on session: Session) throws {
        guard enabled else { return }
        try ReplCommand.serve(REPL(session: session, storePath: store, storeIsNew: storeIsNew, origin: origin))
    }

    /// Runs a script, then opens the prompt; a failure of the script is shown first, and ends
    /// tusk with its status once the prompt is left.
    func after(_ session: Session, _ run: () throws -> Void) throws {
        guard enabled else { return try run() }
        do { try run() } catch let failure as CLIFailure {
            Terminal.printError(failure.lines)
            try open(on: session)
            throw CLIFailure([], failure.status)
        }
        try open(on: session)
    }
}
