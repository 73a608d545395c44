import Foundation
import TestSupport
import Testing
import TuskRuntime

/// The built `tusk` run as a process, `input` piped in: its status, standard output and error.
func runTusk(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try PseudoTerminal.tuskBinary())
    process.arguments = arguments
    // Files, not pipes, for what it writes: nothing to drain while it runs.
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-process-\(UUID().uuidString)")
    let files = [base.appendingPathExtension("out"), base.appendingPathExtension("err")]
    for file in files { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
    defer { for file in files { try? FileManager.default.removeItem(at: file) } }
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = try FileHandle(forWritingTo: files[0])
    process.standardError = try FileHandle(forWritingTo: files[1])
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
    return (process.terminationStatus, read(files[0]), read(files[1]))
}

/// `tusk run` prints as it plays, and `--step` read from a pipe changes none of its bytes.
@Suite(.ownThread) struct PresenterReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-present-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Two cells with prose between and after them.
    static let twoCells = """
        ---
        title: two cells
        ---

        # Intro

        ```tusk
        > create repo alpha
        ```

        Now we list.

        ```tusk
        > list repo
        > list branch alpha
        ```

        The end.

        """

    func scenario() throws -> String {
        let path = directory + "/x.md"
        try Data(Self.twoCells.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// What the scenario prints when it plays through.
    static let played = """
        ---
        title: two cells
        ---

        # Intro

        ```tusk
        > create repo alpha
        created repo alpha
        ```

        Now we list.

        ```tusk
        > list repo
        NAME   BRANCHES  COMMITS  SIZE (MASTER)  DESCRIPTION
        alpha         1        0            0 B
        > list branch alpha
        BRANCH  HEAD  STATE
        master  -
        ```

        The end.

        """

    @Test func runPrintsTheStoreScenarioByteForByteAsRecorded() throws {
        let path = Self.root.appendingPathComponent("scenarios/store.md").path
        let run = try runTusk(["run", path])
        #expect(run.status == 0)
        #expect(run.errors == "")
        // Every output in store.md is literal, so the replay is the file itself...
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        #expect(run.output == recorded)
        // ...and what the notebook printed at once would be.
        let scenario = try ScenarioParser.parse(path: path, text: recorded)
        let player = try ScenarioPlayer(scenario: scenario)
        let scratch = directory + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let outcomes = player.play(on: player.session(store: try .inMemory(), outputDirectory: scratch))
        #expect(run.output == ScenarioPlayer.notebook(scenario, outcomes) { $0.actual ?? $0.step.expected })
    }

    @Test func stepWithPipedEntersPrintsTheSameBytes() throws {
        let path = try scenario()
        let plain = try runTusk(["run", path])
        #expect(plain.output == Self.played)
        let stepped = try runTusk(["run", path, "--step"], input: "\n\n")
        #expect(stepped.status == 0)
        #expect(stepped.output == Self.played)
        #expect(
            stepped.errors == """
                ── cell 1 of 2 done · Enter for the next, q to stop ──
                ── cell 2 of 2 done · Enter for the rest, q to stop ──

                """)
    }

    @Test(arguments: ["q\n", ""])
    func stepStopsAtQOrTheEndOfInput(input: String) throws {
        let run = try runTusk(["run", try scenario(), "--step"], input: input)
        #expect(run.status == 0)
        #expect(run.output == Self.played.components(separatedBy: "\nNow we list.")[0])
        #expect(
            run.errors == """
                ── cell 1 of 2 done · Enter for the next, q to stop ──
                stopped after cell 1 of 2

                """)
    }

    @Test func stepIsForScenarios() throws {
        let script = directory + "/s.tusk"
        try Data("create repo r\n".utf8).write(to: URL(fileURLWithPath: script))
        let run = try runTusk(["run", script, "--step"])
        #expect(run.status == 64)
        #expect(run.errors == "error: --step applies to scenarios (.md files) only\n")
    }

    @Test func continueWithPipedInputRunsItOnTheScenariosStore() throws {
        let run = try runTusk(["run", try scenario(), "--continue"], input: "inspect repo alpha\n")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix(Self.played))
        #expect(
            run.output.hasSuffix(
                "\nName:        alpha\nDescription: -\nBranches:    master\nCommits:     0\nSize:        0 B (master)\n"
            ))
    }
}
