import Foundation
import TuskCore
import TuskLang
import TuskRuntime

/// The read-eval-print loop. Bad input prints its diagnostic; the session always goes on.
///
/// Ctrl-C cancels the line being typed (and a pending `\` continuation) and gives a fresh prompt;
/// pressed while a command runs, it raises that command's ``CancellationFlag``. Ctrl-D on an
/// empty line, `exit` or `quit` leave.
struct REPL {
    let session: Session
    /// The store directory as the user named it; history lives in it. Nil: an in-memory store
    /// (`tusk run FILE --continue` without `--store`), and no history kept.
    let storePath: String?
    /// Whether the store was created by this run, which the banner says.
    let storeIsNew: Bool
    /// The scenario that ran before the prompt opened (`tusk run FILE --continue`).
    var origin: String? = nil

    func loop() {
        // Called from readline's callback, on this thread.
        let completer = Completer(session: session)
        let editor = LineEditor(historyPath: storePath.map { $0 + "/history" }) { line, cursor in
            completer.candidates(line: line, cursor: cursor)
        }
        Terminal.print([banner])
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
                // A pasted, pretty-printed JSON payload goes on until its brackets close.
                if OpenRecord.isOpen((pending + [line]).joined(separator: "\n")) {
                    pending.append(line)
                    continue
                }
                let text = (pending + [line]).joined(separator: "\n")
                pending = []
                editor.remember(text.replacingOccurrences(of: "\n", with: " "))
                number += 1
                execute(SourceText(name: "<repl>", text: text, firstLine: number))
            }
        }
    }

    /// Runs one command under a fresh cancellation flag that Ctrl-C raises, and prints its result.
    ///
    /// A command checks the flag before it writes anything: interrupted, it writes nothing and
    /// says so; a command that had finished its writes says Ctrl-C came too late.
    private func execute(_ source: SourceText) {
        let cancellation = CancellationFlag(polling: TerminalSignals.takeInterrupt)
        let result = session.execute(source, cancellation: cancellation)
        let interrupted = cancellation.isCancelled
        // In cooked mode the terminal has echoed `^C` already, without a newline.
        if interrupted { Terminal.write(TerminalSignals.terminalEchoesInterrupt ? "\n" : "^C\n") }
        Terminal.show(result)
        if let error = result.error { Terminal.showError(DiagnosticRenderer.full(error, in: source)) }
        if interrupted && result.succeeded { Terminal.print(["interrupted too late: the command had finished"]) }
    }

    /// `tusk 0.1 — store ./.tusk (new) — type 'help' …`: which store is open, whether this run
    /// created it, and which scenario filled it before the prompt.
    var banner: String {
        var store = "in memory"
        if let storePath {
            let explicit = ["/", "./", "../"].contains { storePath.hasPrefix($0) } || [".", ".."].contains(storePath)
            let shown = explicit ? storePath : "./" + storePath
            store = storeIsNew ? "\(shown) (new)" : shown
        }
        if let origin { store += ", as \(origin) left it" }
        return "tusk 0.1 — store \(store) — type 'help' for commands, TAB to complete, Ctrl-D to leave."
    }

    /// Whether opening the store at `path` will create it: it has no database yet.
    static func isNewStore(at path: String) -> Bool {
        // `Store.open(directory:)` keeps its database in `store.sqlite` inside the directory.
        !FileManager.default.fileExists(atPath: path + "/store.sqlite")
    }
}
