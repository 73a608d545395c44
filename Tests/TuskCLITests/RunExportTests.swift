import Foundation
import Testing

@testable import TuskCLI

/// `tusk run --md --html --ipynb`: what is written, and what is refused before anything runs.
@Suite struct RunExportTests {
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

    @Test func writesTheThreeExportsAfterTheRun() throws {
        let text = "# T\n\n```tusk\n> create repo r\ncreated repo r\n```\n"
        let path = try file("ok.md", text)
        let out = directory + "/out"
        #expect(
            TuskMain.run(["run", path, "--md", out + ".md", "--html", out + ".html", "--ipynb", out + ".ipynb"])
                == ExitStatus.success.rawValue)
        #expect(read(out + ".md") == text)
        #expect(read(out + ".html")?.contains("<span class=\"prompt\">&gt; </span>create repo r</span>") == true)
        #expect(read(out + ".ipynb")?.contains("\"nbformat_minor\" : 5") == true)
    }

    @Test func aFailedCommandIsExportedAndStillFailsTheRun() throws {
        let path = try file("fails.md", "```tusk\n> delete repo nowhere\n```\n")
        let html = directory + "/fails.html"
        #expect(TuskMain.run(["run", path, "--html", html]) == ExitStatus.dslError.rawValue)
        #expect(read(html)?.contains("<span class=\"error\">error: ") == true)
    }

    @Test func refusesScriptsMissingFoldersAndTheScenarioItself() throws {
        let script = try file("setup.tusk", "create repo r\n")
        #expect(TuskMain.run(["run", script, "--html", directory + "/x.html"]) == ExitStatus.usage.rawValue)
        let text = "```tusk\n> create repo r\ncreated repo WRONG\n```\n"
        let scenario = try file("s.md", text)
        #expect(TuskMain.run(["run", scenario, "--ipynb", directory + "/no/x.ipynb"]) == ExitStatus.usage.rawValue)
        #expect(TuskMain.run(["run", scenario, "--md", scenario]) == ExitStatus.usage.rawValue)
        #expect(read(scenario) == text)
    }
}
