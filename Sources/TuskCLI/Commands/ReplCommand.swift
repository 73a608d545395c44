import ArgumentParser
import Foundation
import TuskCore
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
        let session = Session(
            store: try storeOptions.open(fallback: storePath), format: try formatOptions.outputFormat())
        guard Terminal.inputIsInteractive else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: data, as: UTF8.self)
            return try ScriptRunner.run(Script.commands(in: text, name: "<stdin>"), on: session)
        }
        REPL(session: session, historyPath: storePath + "/history").loop()
    }
}

/// The read-eval-print loop. Bad input prints its diagnostic; the session always goes on.
struct REPL {
    let session: Session
    let historyPath: String

    func loop() {
        let completer = Completer(session: session)
        // The store and completer are only touched from this thread, inside readline's callback.
        nonisolated(unsafe) let unsafeCompleter = completer
        let editor = LineEditor(historyPath: historyPath) { line, cursor in
            unsafeCompleter.candidates(line: line, cursor: cursor)
        }
        Terminal.print(["tusk 0.1 — type 'help' for commands, TAB to complete, Ctrl-D to leave."])
        var number = 0
        var pending: [String] = []
        while true {
            switch editor.readLine(prompt: pending.isEmpty ? "tusk> " : "  ... ") {
            case .endOfInput:
                Terminal.write("\n")
                return
            case .interrupted:
                Terminal.write("^C\n")
                pending = []
            case .line(let line):
                if pending.isEmpty && ["exit", "quit"].contains(line.trimmingCharacters(in: .whitespaces)) { return }
                if line.hasSuffix("\\") {
                    pending.append(String(line.dropLast()))
                    continue
                }
                let text = (pending + [line]).joined(separator: "\n")
                pending = []
                editor.remember(text.replacingOccurrences(of: "\n", with: " "))
                number += 1
                let source = SourceText(name: "<repl>", text: text, firstLine: number)
                let result = session.execute(source)
                Terminal.print(result.output)
                if let error = result.error { Terminal.printError(DiagnosticRenderer.full(error, in: source)) }
            }
        }
    }
}
