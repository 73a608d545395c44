import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskRuntime

/// A scenario played on a fresh in-memory store.
func play(_ text: String, path: String = "t.md", overrides: [String: String] = [:]) throws -> (
    Scenario, [ScenarioPlayer.Outcome]
) {
    let scenario = try ScenarioParser.parse(path: path, text: text)
    let player = try ScenarioPlayer(scenario: scenario, overrides: overrides)
    return (scenario, player.play(on: Session(store: try Store.inMemory())))
}

@Suite struct ScenarioParserTests {
    @Test func readsCellsCommandsAndOutputs() throws {
        let scenario = try ScenarioParser.parse(
            path: "s.md",
            text: """
                ---
                title: T
                seed: 7
                params:
                  data: a.csv
                ---
                Prose.
                ```sh
                > not a command
                ```
                ```tusk id=setup
                > create repo r
                created repo r
                > create repo
                . --description "x"
                ! error: boom

                ```
                ```tusk skip
                > list repo
                ```
                """)
        #expect(scenario.title == "T")
        #expect(scenario.seed == 7)
        #expect(scenario.parameters == ["data": "a.csv"])
        #expect(scenario.steps.map(\.command) == ["create repo r", "create repo\n--description \"x\"", "list repo"])
        #expect(scenario.steps.map(\.line) == [12, 14, 20])
        #expect(scenario.steps[0].expected == ["created repo r"])
        #expect(scenario.steps[1].expected == ["! error: boom"])
        #expect(scenario.steps[1].expectsError)
        #expect(scenario.steps[0].options.id == "setup")
        #expect(scenario.steps[2].options.skip)
    }

    @Test(arguments: [
        ("```tusk\n> list repo\n", "cell opened here is not closed", 1),
        ("```tusk\noutput\n```\n", "output before any command in this cell", 2),
        ("---\ntitle: x\n", "front matter is not closed", 1),
        ("---\ncolour: red\n---\n", "unknown front matter key 'colour'", 2),
        ("---\nseed: many\n---\n", "seed must be an integer", 2),
        ("```Tusk\n> list repo\n```\n", "'Tusk' is not a tusk cell", 1),
        ("````tusk\n> list repo\n````\n", "a tusk cell opens with three backticks, not 4", 1),
        ("text\n```tusk ignore_output\n> list repo\n```\n", "unknown cell option 'ignore_output'", 2),
    ])
    func reportsMalformedFilesWithTheirLine(text: String, message: String, line: Int) {
        if message.hasPrefix("unknown cell option") {
            let error = try? ScenarioParser.parse(path: "bad.md", text: text)
            #expect(error == nil)
        }
        let error = #expect(throws: LocatedDiagnostic.self) { try ScenarioParser.parse(path: "bad.md", text: text) }
        #expect(error?.diagnostic.message == message)
        #expect(error?.rendered[1].hasSuffix("bad.md:\(line):1") == true)
    }
}

@Suite struct ScenarioPlayerTests {
    @Test func matchingOutputPasses() throws {
        let (_, outcomes) = try play("```tusk\n> create repo r\ncreated repo r\n> list repo\nNAME[..]\nr  [..]\n```\n")
        #expect(outcomes.allSatisfy { $0.matches })
    }

    @Test func aWrongRecordingIsReportedAtItsLine() throws {
        let text = "# T\n\n```tusk\n> create repo r\ncreated repo r\n> create repo q\ncreated repo WRONG\n```\n"
        let (_, outcomes) = try play(text)
        let failing = outcomes.filter { !$0.matches }
        #expect(failing.count == 1)
        #expect(failing[0].step.line == 6)
        #expect(failing[0].actual == ["created repo q"])
        #expect(
            LineDiff.unified(failing[0].step.expected, failing[0].actual!) == [
                "@@ -1 +1 @@", "-created repo WRONG", "+created repo q",
            ])
    }

    @Test func updateRewritesOnlyWhatChangedAndThenPasses() throws {
        let text = "Intro\n```tusk\n> create repo r\nstale\n> list repo\nNAME[..]\n...\n> list branch r\n```\nEnd\n"
        let (scenario, outcomes) = try play(text)
        let updated = ScenarioPlayer.notebook(scenario, outcomes) {
            OutputMatcher.updated($0.step.expected, $0.actual ?? [])
        }
        #expect(
            updated == """
                Intro
                ```tusk
                > create repo r
                created repo r
                > list repo
                NAME[..]
                ...
                > list branch r
                BRANCH  HEAD  STATE
                master  -
                ```
                End

                """)
        let (_, again) = try play(updated)
        #expect(again.allSatisfy { $0.matches })
    }

    @Test func expectedErrorsAreChecked() throws {
        let good =
            "```tusk\n> list branch nope\n! error: repo 'nope' not found\n!   list branch nope\n!               ^^^^ see 'list repo'\n```\n"
        #expect(try play(good).1.allSatisfy { $0.matches })
        #expect(try play(good).1[0].unexpectedError == nil)
        let unannounced = "```tusk\n> list branch nope\n```\n"
        let outcome = try play(unannounced).1[0]
        #expect(!outcome.matches)
        #expect(outcome.unexpectedError?.rendered.first == "error: repo 'nope' not found")
        #expect(outcome.unexpectedError?.rendered[1] == " --> t.md:2:15")
    }

    @Test func preflightFindsParseErrorsBeforeAnythingRuns() throws {
        let scenario = try ScenarioParser.parse(
            path: "p.md", text: "```tusk\n> create repo r\n\n> craete repo q\n```\n")
        let error = #expect(throws: LocatedDiagnostic.self) { try ScenarioPlayer(scenario: scenario).preflight() }
        #expect(error?.rendered[1] == " --> p.md:4:3")
        #expect(error?.diagnostic.help == "did you mean 'create repo'?")
    }

    @Test func parametersAreSubstitutedAndChecked() throws {
        let text = "---\nparams:\n  name: first\n---\n```tusk\n> create repo ${name}\ncreated repo first\n```\n"
        #expect(try play(text).1.allSatisfy { $0.matches })
        let overridden = try play(text, overrides: ["name": "second"]).1[0]
        #expect(overridden.actual == ["created repo second"])
        let misspelled = #expect(throws: PlayerError.self) { try play(text, overrides: ["nmae": "x"]) }
        #expect(misspelled?.description.contains("has no parameter 'nmae' (it declares: name)") == true)
        let unknown = try play("```tusk\n> create repo ${who}\n```\n").1[0]
        #expect(unknown.error?.diagnostic.message == "unknown parameter 'who'")
        #expect(unknown.error?.diagnostic.span?.column == 13)
    }

    /// A recorded value reads back as the same text in tusk and in YAML 1.1 readers such as
    /// PyYAML: `yes` would be a boolean there, `>50K` a folded block.
    @Test func recordedParameterValuesStayTextInYAML() throws {
        let text = "---\nparams:\n  positive: a\n  census: c.csv\n---\n```tusk\n> list repo\n```\n"
        let scenario = try ScenarioParser.parse(path: "t.md", text: text)
        let recorded = scenario.recording(["positive": "yes", "census": "loans/train.csv"])
        #expect(recorded.lines[2] == "  positive: \"yes\"")
        #expect(recorded.lines[3] == "  census: loans/train.csv")
        #expect(Scenario.frontMatterValue(">50K") == "\">50K\"")
        #expect(Scenario.frontMatterValue("Off") == "\"Off\"")
        let reread = try ScenarioParser.parse(path: "t.md", text: recorded.lines.joined(separator: "\n"))
        #expect(reread.parameters["positive"] == "yes")
    }

    @Test func aParameterIsOneArgument() throws {
        let text = "---\nparams:\n  file: a.csv\n---\n```tusk\n> put file r@master:/x -f ${file}\n```\n"
        let scenario = try ScenarioParser.parse(path: "t.md", text: text)
        let injected = try ScenarioPlayer(scenario: scenario, overrides: ["file": "x.csv --append"])
        #expect(try injected.source(of: scenario.steps[0]).text == "put file r@master:/x -f \"x.csv --append\"")
        let dash = try ScenarioPlayer(scenario: scenario, overrides: ["file": "-m"])
        #expect(try dash.source(of: scenario.steps[0]).text == "put file r@master:/x -f \"-m\"")
        let inWord = try ScenarioParser.parse(
            path: "t.md", text: "---\nparams:\n  b: a b\n---\n```tusk\n> list file r@${b}\n```\n")
        let error = #expect(throws: LocatedDiagnostic.self) {
            try ScenarioPlayer(scenario: inWord).source(of: inWord.steps[0])
        }
        #expect(error?.diagnostic.message == "parameter 'b' is 'a b', which cannot be part of a word")
    }

    @Test func theFrontMattersSeedIsTheDefaultSeed() throws {
        let scenario = try ScenarioParser.parse(
            path: "dir/t.md", text: "---\nseed: 42\n---\n```tusk\n> list repo\n```\n")
        let session = try ScenarioPlayer(scenario: scenario).session(store: try Store.inMemory())
        #expect(session.context.seed == 42)
        #expect(session.context.files.baseDirectory == "dir")
    }

    @Test func commandLinePathsAreRelocatedToTheScenariosFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-relocate-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: root + "/scenarios", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/data/x.csv", contents: Data()))
        #expect(
            ScenarioPlayer.relocate("data/x.csv", scenarioDirectory: "scenarios", workingDirectory: root)
                == "../data/x.csv")
        #expect(
            ScenarioPlayer.relocate("missing.csv", scenarioDirectory: "scenarios", workingDirectory: root)
                == "missing.csv")
        #expect(
            ScenarioPlayer.relocate("/abs.csv", scenarioDirectory: "scenarios", workingDirectory: root) == "/abs.csv")
    }

    @Test func skippedAndIgnoredCellsAreNotChecked() throws {
        let text =
            "```tusk skip\n> list branch nope\nwhatever\n```\n```tusk ignore-output\n> list repo\nanything\n```\n"
        let (scenario, outcomes) = try play(text)
        #expect(outcomes.allSatisfy { $0.matches })
        #expect(outcomes[0].actual == nil)
        #expect(ScenarioPlayer.notebook(scenario, outcomes) { $0.actual ?? [] } == text)
    }

    @Test func replayingTwiceGivesTheSameBytes() throws {
        let text = "```tusk\n> create repo r\n> create branch r@dev\n> list branch r\n```\n"
        let (s1, o1) = try play(text)
        let (s2, o2) = try play(text)
        #expect(ScenarioPlayer.notebook(s1, o1) { $0.actual! } == ScenarioPlayer.notebook(s2, o2) { $0.actual! })
    }
}

@Suite struct OutputMatcherTests {
    @Test(arguments: [
        ("abc", "abc", true), ("a[..]c", "abbbc", true), ("a[..]c", "ac", true), ("a[..]", "a", true),
        ("[..]c", "abc", true), ("a[..]c", "abd", false), ("a[..]b[..]c", "a1b2c", true),
        ("a[..]b[..]c", "a1c2b", false),
    ])
    func matchesWithinALine(pattern: String, actual: String, expected: Bool) {
        #expect(OutputMatcher.lineMatches(pattern, actual) == expected)
    }

    @Test func matchesAnyNumberOfLines() {
        #expect(OutputMatcher.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        #expect(OutputMatcher.matches(["a", "...", "d"], ["a", "d"]))
        #expect(OutputMatcher.matches(["..."], []))
        #expect(!OutputMatcher.matches(["a", "...", "d"], ["a", "b"]))
        #expect(!OutputMatcher.matches(["a"], ["a", "b"]))
    }

    @Test func aManyLinesWildcardSurvivesAnUpdate() {
        #expect(OutputMatcher.updated(["a", "...", "z"], ["a", "b", "c", "y"]) == ["a", "...", "y"])
        #expect(
            OutputMatcher.updated(["head", "...", "tail"], ["head", "1", "2", "3", "tail", "more"]) == [
                "head", "...", "tail", "more",
            ])
    }

    @Test func theReportShowsTheRecordingAsWritten() {
        let diff = OutputMatcher.diff(["id [..]", "...", "end"], ["id 42", "x", "y", "END"])
        #expect(diff == ["@@ -1,3 +1,4 @@", " id [..]", " ...", "-end", "+END"])
    }

    @Test func anErrorBlockTakesTheManyLinesWildcard() {
        #expect(OutputMatcher.matches(["! error: boom", "! ..."], ["! error: boom", "!   x", "!   ^"]))
        #expect(!OutputMatcher.matches(["! error: bang", "! ..."], ["! error: boom", "!   x"]))
    }

    @Test func updateKeepsWildcardsThatStillMatch() {
        #expect(OutputMatcher.updated(["x[..]", "...", "z"], ["x1", "y", "z"]) == ["x[..]", "...", "z"])
        #expect(OutputMatcher.updated(["x[..]", "old", "z[..]"], ["x1", "new", "z9"]) == ["x[..]", "new", "z[..]"])
        #expect(OutputMatcher.updated(["a"], ["b", "c"]) == ["b", "c"])
    }
}

@Suite struct ScriptTests {
    @Test func splitsLinesAndJoinsContinuations() {
        let commands = Script.commands(in: "create repo r\n\n# note\nlist \\\n repo\r\n", name: "s.tusk")
        #expect(commands.map(\.text) == ["create repo r", "# note", "list \n repo"])
        #expect(commands.map(\.firstLine) == [1, 3, 4])
    }
}
