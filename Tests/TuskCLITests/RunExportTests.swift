import Foundation
import TestSupport
import Testing

@testable import TuskCLI

/// `tusk run --md --html --ipynb`: what is written, and what is refused before anything runs.
@Suite(.ownThread) struct RunExportTests {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-export-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func writesTheThreeExportsAfterTheRun() async throws {
        let text = "# T\n\n```tusk\n> create repo r\ncreated repo r\n```\n"
        let path = try file("ok.md", text)
        let out = directory + "/out"
        #expect(
            await TuskMain.run(["run", path, "--md", out + ".md", "--html", out + ".html", "--ipynb", out + ".ipynb"])
                == ExitStatus.success.rawValue)
        #expect(read(out + ".md") == text)
        #expect(read(out + ".html")?.contains("<span class=\"prompt\">&gt; </span>create repo r</span>") == true)
        #expect(read(out + ".ipynb")?.contains("\"nbformat_minor\" : 5") == true)
    }

    @Test func aFailedCommandIsExportedAndStillFailsTheRun() async throws {
        let path = try file("fails.md", "```tusk\n> delete repo nowhere\n```\n")
        let html = directory + "/fails.html"
        #expect(await TuskMain.run(["run", path, "--html", html]) == ExitStatus.dslError.rawValue)
        #expect(read(html)?.contains("<span class=\"error\">error: ") == true)
    }

    @Test func refusesScriptsMissingFoldersAndTheScenarioItself() async throws {
        let script = try file("setup.tusk", "create repo r\n")
        #expect(await TuskMain.run(["run", script, "--html", directory + "/x.html"]) == ExitStatus.usage.rawValue)
        let text = "```tusk\n> create repo r\ncreated repo WRONG\n```\n"
        let scenario = try file("s.md", text)
        #expect(
            await TuskMain.run(["run", scenario, "--ipynb", directory + "/no/x.ipynb"]) == ExitStatus.usage.rawValue)
        #expect(await TuskMain.run(["run", scenario, "--md", scenario]) == ExitStatus.usage.rawValue)
        #expect(read(scenario) == text)
    }

    /// A run with `--param` says so in its front matter, and its Markdown export, written in
    /// another folder, replays there to the same outputs (`base:` leads back to the data).
    @Test func aParameterizedExportElsewherePassesTusksOwnTest() async throws {
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/elsewhere", withIntermediateDirectories: true)
        _ = try file("data/a.csv", "x,y\n1,a\n2,b\n")
        _ = try file("data/b.csv", "x,y\n1,a\n2,b\n3,c\n")
        let text = """
            ---
            title: P
            params:
              data: data/a.csv
              label: <=50K
            ---

            ```tusk
            > describe ${data}
            ...
            ```

            """
        let path = try file("p.md", text)
        let out = directory + "/elsewhere/p.md"
        #expect(
            await TuskMain.run(["run", path, "--param", "data=data/b.csv", "--param", "label=>50K", "--md", out])
                == ExitStatus.success.rawValue)
        let exported = try #require(read(out))
        #expect(exported.contains("base: ..\n"))
        #expect(exported.contains("  data: data/b.csv\n"))
        #expect(exported.contains("  label: \">50K\"\n"))
        #expect(exported.contains("3 rows") || exported.contains("rows: 3") || exported.contains(" 3 "))
        // The export checks where it is written, and its front matter is what makes it pass.
        #expect(await TuskMain.run(["test", out]) == ExitStatus.success.rawValue)
        try Data(exported.replacingOccurrences(of: "data/b.csv", with: "data/a.csv").utf8).write(
            to: URL(fileURLWithPath: out))
        #expect(await TuskMain.run(["test", out]) == ExitStatus.checkFailed.rawValue)
    }
}
