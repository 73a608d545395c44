import Foundation
import Testing
import TuskCommands
import TuskCore
import TuskStore

@testable import TuskRuntime

/// `save FILE.md`: a session's commands written as a scenario that replays to its own recording.
@Suite struct SessionSaveTests {
    let root: String
    /// Where the session runs, with a data file in it.
    var work: String { root + "/work" }
    /// Another folder to save into.
    var notes: String { root + "/notes" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-save-\(UUID().uuidString)").path
        for folder in [root + "/work", root + "/notes"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Data("name,score\nada,3\nbob,5\n".utf8).write(to: URL(fileURLWithPath: root + "/work/people.csv"))
    }

    /// A recording session on a fresh store, in `directory`.
    func session(in directory: String, store: Store? = nil) throws -> Session {
        let session = Session(store: try store ?? Store.inMemory(), baseDirectory: directory)
        session.recorder = SessionRecorder(format: .text)
        return session
    }

    @discardableResult
    func run(_ line: String, on session: Session) -> CommandResult {
        session.execute(SourceText(name: "<repl>", text: line))
    }

    /// The saved file replayed as `tusk test` does: every recording matches.
    func replaysToItsRecording(_ path: String) throws -> Bool {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let scenario = try ScenarioParser.parse(path: path, text: text)
        let scratch = root + "/scratch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let player = try ScenarioPlayer(scenario: scenario)
        let outcomes = player.play(on: player.session(store: try Store.inMemory(), outputDirectory: scratch))
        return !outcomes.isEmpty && outcomes.allSatisfy(\.matches)
    }

    @Test func aSessionSavedElsewhereReplaysFromItsOwnFolder() throws {
        let session = try session(in: work)
        run("create repo people", on: session)
        run("put file people@master:/all.csv -f people.csv", on: session)
        #expect(run("list branch nope", on: session).error != nil)
        run("get file people@master:/all.csv -o copy.csv", on: session)
        let describe = run("describe copy.csv", on: session).output
        run("# a comment is not a command", on: session)
        let saved = run("save ../notes/people.md --title \"People, improvised\"", on: session)
        #expect(saved.error == nil)
        #expect(
            saved.output == [
                // Named from where tusk runs, which is not the session's folder here.
                "saved \(notes)/people.md: 5 commands, one cell each, with the outputs of a replay on a fresh store "
                    + "('tusk test \(notes)/people.md' passes)",
                "paths rewritten to start at the file's folder: people.csv → ../work/people.csv",
            ])
        let text = try String(contentsOfFile: notes + "/people.md", encoding: .utf8)
        #expect(
            text == """
                ---
                title: People, improvised
                ---

                ```tusk
                > create repo people
                created repo people
                ```

                ```tusk
                > put file people@master:/all.csv -f ../work/people.csv
                committed a087d958d0b6 to people@master: /all.csv (23 B)
                ```

                ```tusk
                > list branch nope
                ! error: repo 'nope' not found
                !   list branch nope
                !               ^^^^ see 'list repo'
                ```

                ```tusk
                > get file people@master:/all.csv -o copy.csv
                wrote copy.csv (23 B)
                ```

                ```tusk
                > describe copy.csv

                """ + describe.joined(separator: "\n") + "\n```\n")
        #expect(try replaysToItsRecording(notes + "/people.md"))
        // `save` is not recorded: saving twice writes the same file, and says it replaced it.
        let again = run("save ../notes/people.md --title \"People, improvised\"", on: session)
        #expect(again.output.first?.hasPrefix("replaced \(notes)/people.md: 5 commands") == true)
        #expect(try String(contentsOfFile: notes + "/people.md", encoding: .utf8) == text)
    }

    @Test func whatReadsDifferentlyOnAFreshStoreIsNamed() throws {
        let store = try Store.inMemory()
        // Made before the session records: the saved file cannot know them.
        let before = Session(store: store, baseDirectory: work)
        for line in ["create repo old --description \"made before\"", "create repo other"] {
            #expect(before.execute(SourceText(name: "<t>", text: line)).error == nil)
        }
        let session = try session(in: work, store: store)
        #expect(run("create repo old", on: session).error != nil)
        run("list repo", on: session)
        #expect(run("inspect repo other", on: session).error == nil)
        run("create repo new", on: session)
        let saved = run("save s.md", on: session)
        #expect(
            saved.output == [
                "saved \(work)/s.md: 4 commands, one cell each, with the outputs of a replay on a fresh store "
                    + "('tusk test \(work)/s.md' passes)",
                "note: line 6 'create repo old': failed here, succeeds in the replay",
                "note: line 11 'list repo': prints differently in the replay",
                "note: line 17 'inspect repo other': succeeded here, fails in the replay",
                "(the file keeps the replay's outputs: here, the store or the folder held what no saved command made)",
            ])
        #expect(try replaysToItsRecording(work + "/s.md"))
    }

    @Test func anOutputAScenarioCannotHoldIsSavedAsAWildcard() throws {
        try Data("```tusk\n> list repo\n```\n".utf8).write(to: URL(fileURLWithPath: work + "/cell.md"))
        let session = try session(in: work)
        run("create repo docs", on: session)
        run("put file docs@master:/cell.md -f cell.md", on: session)
        run("get file docs@master:/cell.md", on: session)
        let saved = run("save s.md", on: session)
        #expect(
            saved.output.last
                == "note: line 16 'get file docs@master:/cell.md': its output has lines a scenario would read as "
                + "fences or commands; saved as '...'")
        let text = try String(contentsOfFile: work + "/s.md", encoding: .utf8)
        #expect(text.hasSuffix("> get file docs@master:/cell.md\n...\n```\n"))
        #expect(try replaysToItsRecording(work + "/s.md"))
    }

    @Test func aSessionInJSONSavesTheFormatFirstAndItsSeed() throws {
        let session = Session(store: try Store.inMemory(), baseDirectory: work, format: .json)
        session.context.seed = 7
        session.recorder = SessionRecorder(format: .json)
        run("create repo r", on: session)
        #expect(run("save s.md", on: session).error == nil)
        let text = try String(contentsOfFile: work + "/s.md", encoding: .utf8)
        #expect(
            text.hasPrefix("---\ntitle: s\nseed: 7\n---\n\n```tusk\n> format json\n{\n  \"format\" : \"json\"\n}\n```"))
        #expect(text.contains("> create repo r\n{\n"))
        #expect(try replaysToItsRecording(work + "/s.md"))
    }

    @Test(arguments: [
        ("save s.txt", "'s.txt' is not a .md file"),
        ("save nowhere/s.md", "no folder '"),
        ("save s.md --title \"  \"", "--title must be one line of text"),
    ])
    func badTargetsAreRefused(line: String, message: String) throws {
        let session = try session(in: work)
        run("create repo r", on: session)
        let error = try #require(run(line, on: session).error)
        #expect(error.message.hasPrefix(message))
        #expect(!FileManager.default.fileExists(atPath: work + "/s.md"))
    }

    @Test func onlyARecordingSessionSaves() throws {
        let session = Session(store: try Store.inMemory(), baseDirectory: work)
        run("create repo r", on: session)
        let refused = try #require(run("save s.md", on: session).error)
        #expect(refused.message == "nothing to save: only the REPL records what it runs")
        // At the path, as every refusal of a command is located.
        #expect(refused.span == SourceSpan(line: 1, column: 6, length: 4))
        #expect(!FileManager.default.fileExists(atPath: work + "/s.md"))
        let empty = try self.session(in: work)
        #expect(
            run("save s.md", on: empty).error?.message == "nothing to save yet: no command has run in this session")
        let continued = Session(store: try Store.inMemory(), baseDirectory: work)
        continued.recorder = SessionRecorder(format: .text, scenario: work + "/demo.md")
        run("create repo r", on: continued)
        #expect(run("save demo.md", on: continued).error?.message.hasPrefix("'demo.md' is the scenario") == true)
    }

    @Test func pathsARecordedCommandReadsAreRewrittenAndWhatItWroteIsNot() {
        try? Data("x".utf8).write(to: URL(fileURLWithPath: work + "/my data.csv"))
        let relocation = RecordedPaths.relocated(
            [
                "put file r@master:/a.csv -f \"my data.csv\"",
                "train logistic on people.csv --target score -o model.json",
                "evaluate model.json on people.csv",
                "describe r@master:/a.csv",
                "describe /etc/hosts",
                "describe missing.csv",
            ], from: work, to: notes)
        #expect(
            relocation.commands == [
                "put file r@master:/a.csv -f \"../work/my data.csv\"",
                "train logistic on ../work/people.csv --target score -o model.json",
                "evaluate model.json on ../work/people.csv",
                "describe r@master:/a.csv",
                "describe /etc/hosts",
                "describe missing.csv",
            ])
        #expect(relocation.summary == ["my data.csv → ../work/my data.csv", "people.csv → ../work/people.csv"])
    }

    /// A monitor measures latency in the REPL; the saved file says what a replay says, and the
    /// difference is not reported as one.
    @Test func latencyNeverLandsInASavedFile() throws {
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardizedFileURL.path
        let session = try session(in: datasets)
        for line in [
            "create repo data", "put file data@master:/train.csv -f census.csv",
            "train logistic on data@master:/train.csv --target income -o data@master:/model.json",
            "create deployment production", "release production data@master", "predict production -f requests_v1.csv",
        ] {
            #expect(run(line, on: session).error == nil, "\(line)")
        }
        let monitor = run("monitor production", on: session).output
        #expect(monitor.contains { $0.hasPrefix("latency: p50 ") })
        let saved = run("save \(notes)/serving.md", on: session)
        #expect(saved.error == nil)
        #expect(!saved.output.contains { $0.hasPrefix("note:") }, "\(saved.output)")
        let text = try String(contentsOfFile: notes + "/serving.md", encoding: .utf8)
        #expect(text.contains("\nlatency: not measured: a scenario replay runs on a logical clock\n"))
        #expect(!text.contains("p50"))
        #expect(try replaysToItsRecording(notes + "/serving.md"))
    }
}
