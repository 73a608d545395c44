import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskCommands
@testable import TuskRuntime

/// Results carry what their words mean, and every medium styles from that, never from the text.
@Suite struct OutputSpanTests {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-spans-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        // `x` moves far away between the two files; `c` keeps its mix.
        func csv(_ offset: Int) -> String {
            "x,c,y\n"
                + (0..<200).map { "\($0 + offset),\($0 % 2 == 0 ? "a" : "b"),\($0 % 3 == 0 ? "yes" : "no")" }
                .joined(separator: "\n") + "\n"
        }
        try Data(csv(0).utf8).write(to: URL(fileURLWithPath: directory + "/data/ref.csv"))
        try Data(csv(1000).utf8).write(to: URL(fileURLWithPath: directory + "/data/new.csv"))
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: directory + "/data/v1.csv"))
        try Data("a,b\n1,3\n".utf8).write(to: URL(fileURLWithPath: directory + "/data/v2.csv"))
    }

    static let script = """
        ```tusk
        > drift data/ref.csv vs data/new.csv --target y
        > create repo r
        > put file r@master:/v.csv -f data/v1.csv
        > put file r@master:/v.csv -f data/v2.csv
        > diff file r@master:/v.csv
        ```
        """

    /// The script played in `directory`.
    func played() throws -> NotebookRun {
        let scenario = try ScenarioParser.parse(path: "spans.md", text: Self.script)
        let player = try ScenarioPlayer(scenario: scenario)
        let outcomes = player.play(on: Session(store: try Store.inMemory(), baseDirectory: directory))
        return NotebookRun(scenario, outcomes)
    }

    func entry(_ run: NotebookRun, _ prefix: String) throws -> NotebookRun.Entry {
        let entries = run.blocks.flatMap { block -> [NotebookRun.Entry] in
            if case .cell(let cell) = block { return cell.entries }
            return []
        }
        return try #require(entries.first { $0.command.hasPrefix(prefix) })
    }

    @Test func aDriftVerdictIsAFailedCheckInEveryMedium() throws {
        let session = Session(store: try Store.inMemory(), baseDirectory: directory)
        let result = session.execute(SourceText(name: "<test>", text: "drift data/ref.csv vs data/new.csv --target y"))
        let verdict = try #require(result.output.firstIndex { $0.hasPrefix("verdict: ") })
        #expect(result.output[verdict] == "verdict: DRIFT in 1 of 2 features (x)")
        #expect(result.spans.filter { $0.line == verdict } == [Span(.fail, line: verdict, columns: 9..<37)])
        // The table's header says DRIFT too, and means nothing by it; the drifted feature's cell fails.
        let header = try #require(result.output.firstIndex { $0.hasPrefix("FEATURE") })
        #expect(result.spans.allSatisfy { $0.line != header })
        let xRow = try #require(result.output.firstIndex { $0.hasPrefix("x ") })
        #expect(result.spans.filter { $0.line == xRow }.map(\.kind) == [.fail])

        let run = try played()
        let html = HTMLNotebook.output(try entry(run, "drift"))
        #expect(
            html.contains(
                "<span class=\"line\">verdict: <span class=\"fail\">DRIFT in 1 of 2 features (x)</span></span>"))
        #expect(html.contains("<span class=\"line\">FEATURE  TEST"))

        let notebook = JupyterNotebook.document(run)
        let streams = notebook.cells.flatMap { $0.outputs ?? [] }.compactMap(\.text).map { $0.joined() }
        #expect(streams.contains { $0.contains("verdict: \u{1B}[31mDRIFT in 1 of 2 features (x)\u{1B}[0m\n") })
    }

    @Test func aFileDiffsLinesAreAddedAndRemovedInEveryMedium() throws {
        let run = try played()
        let diff = try entry(run, "diff file")
        #expect(diff.output.dropFirst(2) == ["@@ -1,2 +1,2 @@", " a,b", "-1,2", "+1,3"])
        let kinds = diff.output.indices.map { line in diff.spans.first { $0.line == line }?.kind }
        #expect(kinds == [.heading, .heading, .hunk, nil, .removed, .added])

        let html = HTMLNotebook.output(diff)
        #expect(
            html.hasSuffix(
                "<span class=\"line\"><span class=\"diff-hunk\">@@ -1,2 +1,2 @@</span></span><span class=\"line\"> a,b</span>"
                    + "<span class=\"line\"><span class=\"diff-remove\">-1,2</span></span>"
                    + "<span class=\"line\"><span class=\"diff-add\">+1,3</span></span>"))
        // The page's style sheet has each kind's rule, from the same table.
        #expect(HTMLNotebook.page(run).contains(".diff-add { color: var(--pass); }"))
    }

    @Test func plainOutputIsUnchangedByItsSpans() throws {
        let run = try played()
        for entry in try [entry(run, "drift"), entry(run, "diff file")] {
            #expect(!entry.spans.isEmpty)
            #expect(entry.output.allSatisfy { !$0.contains("\u{1B}") })
        }
        #expect(!run.markdown.contains("\u{1B}"))
        // JSON has no spans.
        let session = Session(store: try Store.inMemory(), baseDirectory: directory)
        let json = session.execute(
            SourceText(name: "<test>", text: "drift data/ref.csv vs data/new.csv --target y --format json"))
        #expect(json.output.first == "{" && json.spans.isEmpty)
    }
}
