import Foundation
import TestSupport
import Testing

/// The REPL as a person meets it: the built `tusk` binary on a pseudo-terminal, keystrokes in,
/// the rendered screen and the exit status checked. Needs `swift build --product tusk` first
/// (`make test-unit` does it); a missing or stale binary fails every test with that advice.
///
/// Serialized: each test starts a tusk, and one test times a Ctrl-C against a training run.
@Suite(.serialized, .ownThread) final class REPLTerminalTests {
    let directory: String
    var store: String { directory + "/store" }

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-repl-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func banner(new: Bool) -> String {
        "tusk 0.1 — store \(store)\(new ? " (new)" : "") — type 'help' for commands, TAB to complete, Ctrl-D to leave."
    }

    /// tusk on `store`, at its first prompt.
    func start() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(arguments: ["--store", store])
        try terminal.waitForPrompt()
        return terminal
    }

    /// Types `text` and waits until the line editor shows it before the cursor.
    func type(_ text: String, on terminal: PseudoTerminal, after prompt: String = "tusk> ") throws {
        terminal.send(text)
        try terminal.wait(until: "the line reads \(String(reflecting: prompt + text))", timeout: .seconds(10)) {
            $0.beforeCursor == prompt + text
        }
    }

    /// Ctrl-D on the fresh prompt: tusk ends with status 0, having drawn nothing it should not.
    func leave(_ terminal: PseudoTerminal) throws {
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.screen.unknownSequences == [])
    }

    @Test func tabCompletesACommand() throws {
        let terminal = try start()
        defer { terminal.close() }
        try type("lis", on: terminal)
        terminal.send("\t")
        try terminal.wait(until: "`lis` completed", timeout: .seconds(10)) { $0.beforeCursor == "tusk> list " }
        terminal.send("repo\r")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> list repo
                no repos yet; create one with 'create repo NAME'
                tusk> ^D
                """)
    }

    @Test func tabCompletesARepoName() throws {
        let terminal = try start()
        defer { terminal.close() }
        terminal.send("create repo census\r")
        try terminal.waitFor("created repo census")
        try terminal.waitForPrompt()
        try type("inspect repo cen", on: terminal)
        terminal.send("\t")
        try terminal.wait(until: "`cen` completed", timeout: .seconds(10)) {
            $0.beforeCursor == "tusk> inspect repo census "
        }
        terminal.send("\r")
        try terminal.waitFor("Size:")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> create repo census
                created repo census
                tusk> inspect repo census
                Name:        census
                Description: -
                Branches:    master
                Commits:     0
                Size:        0 B (master)
                tusk> ^D
                """)
    }

    @Test func historyComesBackWithUpArrowInTheNextRun() throws {
        let first = try start()
        defer { first.close() }
        first.send("create repo alpha\r")
        try first.waitFor("created repo alpha")
        try first.waitForPrompt()
        try leave(first)
        #expect(first.screen.text.hasPrefix(banner(new: true) + "\n"))

        let second = try start()
        defer { second.close() }
        second.send("\u{1B}[A")
        try second.wait(until: "the previous run's command", timeout: .seconds(10)) {
            $0.beforeCursor == "tusk> create repo alpha"
        }
        second.send("\u{03}")
        try second.waitForPrompt()
        try leave(second)
        #expect(
            second.screen.text == """
                \(banner(new: false))
                tusk> create repo alpha^C
                tusk> ^D
                """)
    }

    @Test func ctrlCOnATypedLineGivesAFreshPromptAndTheSessionGoesOn() throws {
        let terminal = try start()
        defer { terminal.close() }
        try type("list rep", on: terminal)
        terminal.send("\u{03}")
        try terminal.waitForPrompt()
        terminal.send("list repo\r")
        try terminal.waitFor("no repos yet")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> list rep^C
                tusk> list repo
                no repos yet; create one with 'create repo NAME'
                tusk> ^D
                """)
    }

    @Test func ctrlCOnAnEmptyLineGivesAFreshPrompt() throws {
        let terminal = try start()
        defer { terminal.close() }
        terminal.send("\u{03}")
        try terminal.waitFor("tusk> ^C")
        try terminal.waitForPrompt()
        terminal.send("\u{03}")
        try terminal.waitFor("tusk> ^C\ntusk> ^C")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> ^C
                tusk> ^C
                tusk> ^D
                """)
    }

    @Test func ctrlDOnAnEmptyLineExitsZero() throws {
        let terminal = try start()
        defer { terminal.close() }
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> ^D
                """)
    }

    @Test func aBackslashContinuesTheCommandOnTheNextLine() throws {
        let terminal = try start()
        defer { terminal.close() }
        terminal.send("create repo \\\r")
        try terminal.waitForPrompt("  ... ")
        terminal.send("x\r")
        try terminal.waitFor("created repo x")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> create repo \\
                  ... x
                created repo x
                tusk> ^D
                """)
    }

    @Test func aPastedJSONRecordContinuesUntilItsBracketsClose() throws {
        let terminal = try start()
        defer { terminal.close() }
        terminal.send("explain nowhere {\r")
        try terminal.waitForPrompt("  ... ")
        terminal.send("  \"age\": [39,\r")
        try terminal.waitFor("[39,")
        try terminal.waitForPrompt("  ... ")
        terminal.send("  40]}\r")
        try terminal.waitFor("error: no deployment named 'nowhere'")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(terminal.screen.text.contains("tusk> explain nowhere {\n  ...   \"age\": [39,\n  ...   40]}"))
    }

    @Test func ctrlCDropsAPendingContinuation() throws {
        let terminal = try start()
        defer { terminal.close() }
        terminal.send("create repo \\\r")
        try terminal.waitForPrompt("  ... ")
        terminal.send("\u{03}")
        try terminal.waitForPrompt()
        // Were `create repo ` still pending, this would be `create repo list repo`: an error.
        terminal.send("list repo\r")
        try terminal.waitFor("no repos yet")
        try terminal.waitForPrompt()
        try leave(terminal)
        #expect(
            terminal.screen.text == """
                \(banner(new: true))
                tusk> create repo \\
                  ... ^C
                tusk> list repo
                no repos yet; create one with 'create repo NAME'
                tusk> ^D
                """)
    }

    @Test func ctrlCWhileACommandRunsKeepsTheSession() throws {
        let census = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets/census.csv").path
        // Training has to outlast the pause before Ctrl-C. Boosting census.csv's 8,000 rows takes
        // seconds in a debug build but a fraction of one in a release build: a release tusk gets
        // the rows twelve times over.
        let lines = try String(contentsOfFile: census, encoding: .utf8).split(separator: "\n")
        let copies = try PseudoTerminal.tuskBinary().contains("/release/") ? 12 : 1
        let data = directory + "/census.csv"
        let rows = Array(repeating: lines.dropFirst().joined(separator: "\n"), count: copies)
        try ([String(lines[0])] + rows).joined(separator: "\n").appending("\n")
            .write(toFile: data, atomically: true, encoding: .utf8)
        let model = directory + "/model.json"
        let command = "train boosted on \(data) --target income -o \(model)"
        let terminal = try start()
        defer { terminal.close() }
        terminal.send(command + "\r")
        // The command has been read (the cursor is on the next line, the terminal back in cooked
        // mode); training takes seconds, so Ctrl-C lands while it runs.
        try terminal.wait(until: "the command to start", timeout: .seconds(10)) {
            $0.text.hasSuffix("tusk> " + command) && $0.beforeCursor.isEmpty && !terminal.isRaw
        }
        Thread.sleep(forTimeInterval: 0.2)
        terminal.send("\u{03}")
        try terminal.waitFor("interrupted: nothing was written", timeout: .seconds(60))
        try terminal.waitForPrompt()
        terminal.send("list repo\r")
        try terminal.waitFor("no repos yet")
        try terminal.waitForPrompt()
        try leave(terminal)
        let screen = terminal.screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The terminal echoes ^C (it is in cooked mode while a command runs) and the REPL ends
        // that line; training stops at the next tree and nothing is written.
        #expect(
            screen.prefix(4) == [
                banner(new: true), "tusk> " + command, "^C", "error: interrupted: nothing was written",
            ])
        #expect(!FileManager.default.fileExists(atPath: model))
        #expect(
            screen.suffix(3) == [
                "tusk> list repo",
                "no repos yet; create one with 'create repo NAME'",
                "tusk> ^D",
            ])
    }
}
