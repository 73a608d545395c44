import Foundation
import TestSupport
import Testing

/// Presenter mode and the REPL after a run, as a person meets them: the built `tusk` on a
/// pseudo-terminal (see ``PseudoTerminal``), keys in, the rendered screen checked.
@Suite(.serialized, .ownThread) final class PresenterTerminalTests {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-presenter-\(UUID().uuidString)").path
        for folder in ["demo", "notes"] {
            try FileManager.default.createDirectory(
                atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        try Data(PresenterReplayTests.twoCells.utf8).write(to: URL(fileURLWithPath: scenario))
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var scenario: String { directory + "/demo/x.md" }

    /// The notebook up to the end of the first cell, as the screen shows it.
    static let firstCell = """
        ---
        title: two cells
        ---

        # Intro

        ```tusk
        > create repo alpha
        created repo alpha
        ```
        """

    /// Waits for the pause after `cell`: its line shown, and the terminal raw (keys read at once).
    func waitForPause(_ terminal: PseudoTerminal, _ line: String) throws {
        try terminal.wait(until: "the pause \(String(reflecting: line))", timeout: .seconds(10)) {
            $0.text.hasSuffix(line) && terminal.isRaw
        }
    }

    @Test func stepPausesAfterEachCellUntilEnterAndQStops() throws {
        let terminal = try PseudoTerminal(arguments: ["run", scenario, "--step"])
        defer { terminal.close() }
        try waitForPause(terminal, "── cell 1 of 2 done · Enter for the next, q to stop ──")
        // The second cell has not run: neither its prose, its commands nor their output show.
        #expect(terminal.screen.text == Self.firstCell + "\n── cell 1 of 2 done · Enter for the next, q to stop ──")
        // Half a second more of reading: still nothing until Enter.
        var ranOn = true
        do {
            try terminal.wait(until: "the second cell", timeout: .milliseconds(500)) {
                $0.text.contains("Now we list.")
            }
        } catch { ranOn = false }
        #expect(!ranOn, "the second cell ran before Enter")
        terminal.send("\r")
        try waitForPause(terminal, "── cell 2 of 2 done · Enter for the rest, q to stop ──")
        #expect(
            terminal.screen.text == PresenterReplayTests.played.components(separatedBy: "\nThe end.")[0]
                + "── cell 2 of 2 done · Enter for the rest, q to stop ──")
        terminal.send("q")
        #expect(try terminal.waitForExit() == 0)
        // The pause's line is erased; the prose after the last cell never came.
        #expect(
            terminal.screen.text == PresenterReplayTests.played.components(separatedBy: "\nThe end.")[0]
                + "stopped after cell 2 of 2")
        #expect(terminal.screen.unknownSequences == [])
    }

    @Test func ctrlCAtAPauseStopsCleanly() throws {
        let terminal = try PseudoTerminal(arguments: ["run", scenario, "--step"])
        defer { terminal.close() }
        try waitForPause(terminal, "── cell 1 of 2 done · Enter for the next, q to stop ──")
        terminal.send("\u{03}")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.screen.text == Self.firstCell + "\nstopped after cell 1 of 2")
    }

    @Test func continueOpensThePromptOnTheScenariosStoreAndSavesThemBoth() throws {
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: directory + "/demo/greeting.txt"))
        let terminal = try PseudoTerminal(arguments: ["run", scenario, "--continue"])
        defer { terminal.close() }
        try terminal.waitForPrompt()
        #expect(
            terminal.screen.text == PresenterReplayTests.played
                + "tusk 0.1 — store in memory, as \(scenario) left it — type 'help' for commands, TAB to complete, "
                + "Ctrl-D to leave.\ntusk>")
        terminal.send("list repo\r")
        try terminal.waitFor("alpha         1        0            0 B\ntusk>")
        try terminal.waitForPrompt()
        // Relative paths start at the scenario's folder.
        terminal.send("put file alpha@master:/greeting.txt -f greeting.txt\r")
        try terminal.waitFor("to alpha@master: /greeting.txt (6 B)")
        try terminal.waitForPrompt()
        terminal.send("save ../notes/improvised.md\r")
        try terminal.waitFor("paths rewritten to start at the file's folder: greeting.txt → ../demo/greeting.txt")
        try terminal.waitForPrompt()
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        let saved = try String(contentsOfFile: directory + "/notes/improvised.md", encoding: .utf8)
        // The scenario's commands first, then the ones typed, the path rewritten for the file's folder.
        #expect(
            saved.components(separatedBy: "\n").filter { $0.hasPrefix("> ") } == [
                "> create repo alpha", "> list repo", "> list branch alpha", "> list repo",
                "> put file alpha@master:/greeting.txt -f ../demo/greeting.txt",
            ])
        let test = try runTusk(["test", directory + "/notes/improvised.md"])
        #expect(test.status == 0)
        #expect(test.output == "ok      \(directory)/notes/improvised.md (5 commands)\n1 passed, 0 failed\n")
    }

    @Test func aREPLSessionSavedWithAFailurePassesTuskTest() throws {
        let terminal = try PseudoTerminal(arguments: ["--store", directory + "/store"])
        defer { terminal.close() }
        try terminal.waitForPrompt()
        for (line, answer) in [
            ("create repo census --description \"typed live\"", "created repo census"),
            ("list branch nope", "see 'list repo'"),
            ("create branch census@staging", "created branch census@staging"),
            ("list branch census", "staging  -"),
        ] {
            terminal.send(line + "\r")
            try terminal.waitFor(answer)
            try terminal.waitForPrompt()
        }
        let path = directory + "/notes/s.md"
        terminal.send("save \(path)\r")
        try terminal.waitFor("saved \(path): 4 commands")
        try terminal.waitForPrompt()
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8) == """
                ---
                title: s
                ---

                ```tusk
                > create repo census --description "typed live"
                created repo census
                ```

                ```tusk
                > list branch nope
                ! error: repo 'nope' not found
                !   list branch nope
                !               ^^^^ see 'list repo'
                ```

                ```tusk
                > create branch census@staging
                created branch census@staging
                ```

                ```tusk
                > list branch census
                BRANCH   HEAD  STATE
                master   -
                staging  -
                ```

                """)
        let test = try runTusk(["test", path])
        #expect(test.status == 0)
        #expect(test.output == "ok      \(path) (4 commands)\n1 passed, 0 failed\n")
    }
}
