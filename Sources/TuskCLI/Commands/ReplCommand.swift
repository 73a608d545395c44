import ArgumentParser
import Foundation
import TuskRuntime

/// `tusk` / `tusk repl`: the interactive prompt, or a script read from a pipe.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Open the interactive prompt (the default); with piped input, run it as a script.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var formatOptions: FormatOptions

    func run() throws {
        let storePath = storeOptions.store ?? ".tusk"
        let storeIsNew = REPL.isNewStore(at: storePath)
        let session = Session(
            store: try storeOptions.open(fallback: storePath), format: try formatOptions.outputFormat())
        try Self.serve(REPL(session: session, storePath: storePath, storeIsNew: storeIsNew))
    }

    /// The prompt on a terminal, or else the commands read from standard input. At the prompt,
    /// the session records what runs, for `save`; a stream is not held in memory.
    static func serve(_ repl: REPL) throws {
        let session = repl.session
        guard Terminal.inputIsInteractive else {
            // Batch mode runs on a logical clock: the same script prints the same bytes.
            session.context.measuresLatency = false
            // Each command runs as its line arrives: `yes 'list repo' | tusk` prints at once and
            // holds one line in memory, not the whole stream.
            var script = Script.Reader(name: "<stdin>")
            while let line = readLine(strippingNewline: true) {
                if let command = script.add(line) { try ScriptRunner.run([command], on: session) }
            }
            if let command = script.finish() { try ScriptRunner.run([command], on: session) }
            return
        }
        if session.recorder == nil { session.recorder = SessionRecorder(format: session.format) }
        session.width = Terminal.width
        repl.loop()
    }
}
