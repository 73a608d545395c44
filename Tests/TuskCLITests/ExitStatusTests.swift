import Foundation
import TestSupport
import Testing
import TuskRuntime
import TuskStore

@testable import TuskCLI

/// The documented exit codes, checked by running the CLI in-process on temporary files.
@Suite(.ownThread) struct ExitStatusTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    @Test func aPassingScenarioExitsZero() async throws {
        let path = try file("ok.md", "```tusk\n> create repo r\ncreated repo r\n```\n")
        #expect(await TuskMain.run(["test", path]) == ExitStatus.success.rawValue)
        #expect(await TuskMain.run(["run", path]) == ExitStatus.success.rawValue)
    }

    @Test func aMismatchExitsOneAndUpdateFixesIt() async throws {
        let path = try file("wrong.md", "```tusk\n> create repo r\ncreated repo WRONG\n```\n")
        #expect(await TuskMain.run(["test", path]) == ExitStatus.checkFailed.rawValue)
        #expect(await TuskMain.run(["test", "--update", path]) == ExitStatus.success.rawValue)
        #expect(read(path) == "```tusk\n> create repo r\ncreated repo r\n```\n")
        #expect(await TuskMain.run(["test", path]) == ExitStatus.success.rawValue)
    }

    @Test func aParseErrorExits65BeforeAnythingRuns() async throws {
        let path = try file("typo.md", "```tusk\n> create repo r\ncreated repo WRONG\n> lst repo\n```\n")
        #expect(await TuskMain.run(["test", path]) == ExitStatus.dslError.rawValue)
        #expect(await TuskMain.run(["run", path]) == ExitStatus.dslError.rawValue)
    }

    @Test func anUnexpectedFailureInRunExits65() async throws {
        let path = try file("fails.md", "```tusk\n> list branch nope\n```\n")
        #expect(await TuskMain.run(["run", path]) == ExitStatus.dslError.rawValue)
        let script = try file("fails.tusk", "create repo r\nlist branch nope\ncreate repo q\n")
        #expect(await TuskMain.run(["run", script]) == ExitStatus.dslError.rawValue)
    }

    @Test func badUsageExits64() async throws {
        let path = try file(
            "p.md", "---\nparams:\n  name: r\n---\n```tusk\n> create repo ${name}\ncreated repo r\n```\n")
        #expect(await TuskMain.run(["run", directory + "/missing.md"]) == ExitStatus.usage.rawValue)
        #expect(await TuskMain.run(["run", path, "--param", "nope=1"]) == ExitStatus.usage.rawValue)
        #expect(await TuskMain.run(["run", path, "--param", "novalue"]) == ExitStatus.usage.rawValue)
        #expect(await TuskMain.run(["run", path, "--bogus"]) == ExitStatus.usage.rawValue)
        #expect(await TuskMain.run(["test", directory + "/nowhere"]) == ExitStatus.usage.rawValue)
        #expect(await TuskMain.run(["run", path, "--param", "name=r"]) == ExitStatus.success.rawValue)
    }

    @Test func aScriptRunsAgainstAPersistentStore() async throws {
        let store = directory + "/store"
        let script = try file("s.tusk", "create repo r # a comment\n\ncreate branch r@dev\n")
        #expect(await TuskMain.run(["run", script, "--store", store]) == ExitStatus.success.rawValue)
        let check = try file("check.tusk", "inspect repo r\n")
        #expect(await TuskMain.run(["run", check, "--store", store]) == ExitStatus.success.rawValue)
        #expect(await TuskMain.run(["run", check]) == ExitStatus.dslError.rawValue)  // a fresh in-memory store
    }

    @Test func oneShotCommandsRunFromTheShell() async throws {
        let store = directory + "/one-shot"
        #expect(await TuskMain.run(["create", "repo", "r", "--description", "two words", "--store", store]) == 0)
        #expect(await TuskMain.run(["list", "repo", "--store", store, "--format", "json"]) == 0)
        #expect(await TuskMain.run(["help", "train"]) == 0)
        // A command that fails: the DSL's exit code; the repo from the first call is still there.
        #expect(await TuskMain.run(["create", "repo", "r", "--store", store]) == ExitStatus.dslError.rawValue)
        #expect(await TuskMain.run(["list", "branch", "nope", "--store=" + store]) == ExitStatus.dslError.rawValue)
        #expect(await TuskMain.run(["inspect", "repo", "r", "--store", store]) == 0)
    }

    @Test func aOneShotCommandOnLocalFilesOpensNoStore() async throws {
        let store = directory + "/untouched"
        let data = try file("d.csv", "x,y\n1,a\n2,b\n3,a\n4,b\n")
        let train = ["train", "logistic", "on", data, "--target", "y", "-o", directory + "/m.json", "--store", store]
        #expect(await TuskMain.run(train) == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/m.json"))
        #expect(!FileManager.default.fileExists(atPath: store))
        // A command that only reads needs the store to exist, and creates nothing; the first
        // command that creates something creates it.
        #expect(await TuskMain.run(["list", "repo", "--store", store]) == ExitStatus.storeFailure.rawValue)
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(await TuskMain.run(["create", "repo", "r", "--store", store]) == 0)
        #expect(FileManager.default.fileExists(atPath: store + "/store.sqlite"))
    }

    @Test func aMisspelledSubcommandIsAUsageError() async {
        #expect(await TuskMain.run(["tset"]) == ExitStatus.usage.rawValue)
        #expect(OneShot.unknown("tset")?.lines == ["error: unknown command 'tset'", "help: did you mean 'tusk test'?"])
        #expect(OneShot.unknown("lst")?.lines.last == "help: did you mean 'tusk list'?")
        #expect(OneShot.unknown("run") == nil && OneShot.unknown("list") == nil)
    }

    @Test func aBrokenStoreIsNotAUsageError() async throws {
        let store = directory + "/broken"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        _ = try file("broken/store.sqlite", String(repeating: "not a database ", count: 100))
        #expect(await TuskMain.run(["list", "repo", "--store", store]) == ExitStatus.storeFailure.rawValue)
        let script = try file("list.tusk", "list repo\n")
        #expect(await TuskMain.run(["run", script, "--store", store]) == ExitStatus.storeFailure.rawValue)
    }

    @Test func shellWordsAreQuotedBackForTheLexer() {
        #expect(OneShot.quote("r@master:/x.csv") == "r@master:/x.csv")
        #expect(OneShot.quote("two words") == "\"two words\"")
        #expect(OneShot.quote("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(OneShot.quote("#not-a-comment") == "\"#not-a-comment\"")
        #expect(OneShot.quote("{\"age\": 39}") == "{\"age\": 39}")
    }

    @Test func checkingAScenarioWritesNothingBesideIt() async throws {
        _ = try file("in.csv", "x,y\n1,a\n")
        let path = try file(
            "writes.md",
            "```tusk\n> create repo r\ncreated repo r\n> put file r@master:/in.csv -f in.csv\n...\n"
                + "> get file r@master:/in.csv -o out.csv\nwrote out.csv (8 B)\n> put file r@master:/back.csv -f out.csv\n...\n```\n"
        )
        #expect(await TuskMain.run(["test", path]) == ExitStatus.success.rawValue)
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.csv"))
        // From another directory (a process of its own, cwd /): paths start at the scenario's folder.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PseudoTerminal.tuskBinary())
        process.arguments = ["test", path]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aFileWithoutCellsIsNoPassAndAFolderNamedMdIsNoScenario() async throws {
        let empty = try file("prose.md", "# Only prose\n\nNo cells here.\n")
        #expect(await TuskMain.run(["test", empty]) == ExitStatus.checkFailed.rawValue)
        try FileManager.default.createDirectory(atPath: directory + "/suite/odd.md", withIntermediateDirectories: true)
        try Data("```tusk\n> create repo r\ncreated repo r\n```\n".utf8).write(
            to: URL(fileURLWithPath: directory + "/suite/real.md"))
        #expect(try TestCommand.scenarioFiles([directory + "/suite"]).map(\.path) == [directory + "/suite/real.md"])
        #expect(await TuskMain.run(["test", directory + "/suite"]) == ExitStatus.success.rawValue)
    }

    @Test func aReportNamesTheCellAndSaysHowToAccept() throws {
        let text = "```tusk id=setup\n> create repo r\ncreated repo WRONG\n```\n"
        let scenario = try ScenarioParser.parse(path: "x.md", text: text)
        let outcomes = try ScenarioPlayer(scenario: scenario).play(on: Session(store: try Store.inMemory()))
        #expect(
            TestCommand.report(outcomes[0], in: scenario) == [
                "x.md:2 (cell setup): output differs for 'create repo r'", "--- recorded", "+++ actual",
                "@@ -1 +1 @@", "-created repo WRONG", "+created repo r",
            ])
    }
}
