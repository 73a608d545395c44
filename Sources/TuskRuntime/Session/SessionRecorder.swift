import TuskCommands
import TuskCore
import TuskLang

/// What a session ran, in order, for `save`: each command as it was typed and a fingerprint of
/// what it printed, to tell whether the saved file's replay prints the same.
///
/// The REPL turns it on (and `tusk run --continue` before the scenario plays, so its commands
/// are saved too); other sessions record nothing, and `save` says so.
package struct SessionRecorder: Sendable {
    package struct Entry: Sendable {
        /// The command as it ran (parameters substituted).
        package let command: String
        package let failed: Bool
        /// A fingerprint of the output as a scenario records it (an error as `! ` lines), or nil
        /// when it cannot compare with a replay: what a command that ``CommandDeclaration/readsClock``
        /// (a monitor's latency) prints here, a replay on a logical clock does not.
        let printed: Int?
    }

    package private(set) var entries: [Entry] = []
    /// How results printed when recording began: a replay starts in text.
    package let format: OutputFormat
    /// The scenario file the session replayed first (`tusk run FILE --continue`), which `save`
    /// will not overwrite with a transcript.
    package let scenario: String?
    /// What the recorder knows of a command line: its command's declaration.
    var declaration: @Sendable (String) -> CommandDeclaration? = { CommandSet.declaration(of: $0) }

    package init(format: OutputFormat, scenario: String? = nil) {
        self.format = format
        self.scenario = scenario
    }

    /// Notes one command. Blank lines, comments, commands declared not ``CommandDeclaration/recorded``
    /// (`save`, done or refused) and commands stopped by Ctrl-C (which changed nothing) are left out.
    mutating func record(_ source: SourceText, _ result: CommandResult) {
        let declaration = self.declaration(source.text)
        if declaration?.recorded == false { return }
        if let error = result.error, error.category == .cancelled { return }
        if result.succeeded && result.value == nil && result.output.isEmpty { return }
        let errorLines = result.error.map { DiagnosticRenderer.compact($0, in: source).map { "! " + $0 } } ?? []
        let timed = declaration?.readsClock == true && result.error == nil
        entries.append(
            Entry(
                command: source.text, failed: !result.succeeded,
                printed: timed ? nil : Self.fingerprint(result.output + errorLines)))
    }

    /// Equal outputs have equal fingerprints within one process.
    static func fingerprint(_ lines: [String]) -> Int { lines.hashValue }
}
