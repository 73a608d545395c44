import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskCommands
@testable import TuskRuntime

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The folder of the project's scenarios.
private let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scenarios")

/// A scenario file of the project played on a fresh in-memory store, as `tusk run` plays it.
private func playScenario(_ name: String) throws -> NotebookRun {
    let path = scenarios.appendingPathComponent(name).path
    let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    let scenario = try ScenarioParser.parse(path: path, text: text)
    let player = try ScenarioPlayer(scenario: scenario)
    let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: outputs) }
    let outcomes = player.play(on: player.session(store: try Store.inMemory(), outputDirectory: outputs.path))
    return NotebookRun(scenario, outcomes, parameters: player.parameters)
}

/// A scenario text played on a fresh in-memory store.
private func playText(_ text: String) throws -> NotebookRun {
    let (scenario, outcomes) = try play(text)
    return NotebookRun(scenario, outcomes)
}

/// The `<svg>` titles in a page, in order.
private func pictureTitles(_ html: String) -> [String] {
    html.components(separatedBy: "<svg ").dropFirst().compactMap { svg in
        guard let open = svg.range(of: "<title>"), let close = svg.range(of: "</title>") else { return nil }
        return String(svg[open.upperBound..<close.lowerBound])
    }
}

/// What a page could load from elsewhere: `src` attributes, `<link>`, `@import`, `url(` and
/// web addresses in `src` or `href`.
private func externalReferences(_ html: String) -> [String] {
    ["src=", "<link", "@import", "url(", "href=\"http", "href=\"//", "<script", "<iframe", "<object"].filter {
        html.localizedCaseInsensitiveContains($0)
    }
}

@Suite struct ExportMarkupTests {
    @Test func escapesTagsQuotesAmpersandsAndControls() {
        #expect(
            Markup.escape("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(Markup.escape("bell\u{07}esc\u{1B}") == "bell\\u{7}esc\\u{1B}")
        #expect(Markup.escape("two\nlines\tand a tab") == "two\nlines\tand a tab")
        #expect(Markup.escape("plain") == "plain")
    }
}

@Suite struct ExportMarkdownHTMLTests {
    @Test func rendersTheSubsetScenariosUse() {
        let html = MarkdownHTML.render([
            "# Serving *models*", "", "A *deployment* serves **one** model; `max_categories` and `<infrequent>`",
            "go on the next line, and flip_rate_sex stays as it is.", "", "- one", "- two with [a link](docs/x.md)",
            "", "1. first", "2. second", "", "> quoted", "", "---", "", "```sh", "make <demo>", "```",
        ])
        #expect(
            html == """
                <h1 id="serving-models">Serving <em>models</em></h1>
                <p>A <em>deployment</em> serves <strong>one</strong> model; <code>max_categories</code> and <code>&lt;infrequent&gt;</code>
                go on the next line, and flip_rate_sex stays as it is.</p>
                <ul>
                <li>one</li>
                <li>two with <a href="docs/x.md">a link</a></li>
                </ul>
                <ol>
                <li>first</li>
                <li>second</li>
                </ol>
                <blockquote>
                <p>quoted</p>
                </blockquote>
                <hr>
                <pre class="code"><code class="language-sh">make &lt;demo&gt;</code></pre>
                """)
    }

    @Test func rawHTMLIsTextAndScriptLinksAreNotLinks() {
        let html = MarkdownHTML.render([
            "<script>alert(1)</script> <img src=x onerror=alert(2)>", "[click](javascript:alert(3)) and ![pic](p.png)",
        ])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("click"))
        // An image is a link to its file: the page loads nothing.
        #expect(html.contains("<a href=\"p.png\">pic</a>"))
    }

    @Test func headingsGetDistinctIdsAndTablesRender() {
        var renderer = MarkdownHTML()
        let first = renderer.render(["## Setup"])
        let second = renderer.render(["## Setup", "", "| a | b |", "|---|--:|", "| `x` | 2 |"])
        #expect(first == "<h2 id=\"setup\">Setup</h2>")
        #expect(second.hasPrefix("<h2 id=\"setup-2\">Setup</h2>"))
        #expect(second.contains("<td><code>x</code></td><td style=\"text-align: right\">2</td>"))
    }
}

@Suite struct ExportPictureTests {
    let graph = PipelineGraph(nodes: [
        .init(pipeline: "train", inputs: ["data@master:/"], fromPipelines: [], step: "train"),
        .init(
            pipeline: "evaluate", inputs: ["train@master:/", "data@master:/*.csv"], fromPipelines: ["train"],
            step: "evaluate"),
        .init(pipeline: "deploy", inputs: ["train@production:/"], fromPipelines: ["train"], step: "release"),
    ])

    @Test func theDAGHasABoxPerRepoAndPipelineAndAnArrowPerInput() {
        let svg = graph.picture.svg
        for name in ["data", "train", "evaluate", "deploy"] { #expect(svg.contains(">\(name)</text>")) }
        #expect(svg.components(separatedBy: "<polygon ").count - 1 == 4)
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 4)
        // Labels say what is not the default: another branch, another glob.
        #expect(svg.contains(">@production</text>"))
        #expect(svg.contains(">/*.csv</text>"))
        #expect(svg == graph.picture.svg)
        #expect(!svg.contains("id="))
    }

    @Test func aStandaloneFileIsXMLWithTheSVGNamespace() throws {
        let file = graph.picture.file
        #expect(
            file.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "))
        let document = try XMLDocument(data: Data(file.utf8))
        #expect(document.rootElement()?.name == "svg")
    }

    @Test func textInPicturesIsEscaped() {
        let svg = PipelineGraph(nodes: [
            .init(pipeline: "p", inputs: ["<evil>&\"@master:/"], fromPipelines: [], step: "x'y")
        ]).picture.svg
        #expect(svg.contains("&lt;evil&gt;&amp;&quot;"))
        #expect(svg.contains("x&#39;y"))
        #expect(!svg.contains("<evil>"))
    }

    @Test func numbersAreFixedToATenth() {
        #expect(SVGCanvas.number(12) == "12")
        #expect(SVGCanvas.number(12.345) == "12.3")
        #expect(SVGCanvas.number(-0.01) == "0")
        #expect(SVGCanvas.number(.nan) == "0")
    }
}

@Suite struct ExportHTMLTests {
    let text = """
        ---
        title: A <small> & "quoted" scenario
        ---
        # Repos

        Some *prose*.

        ```tusk
        > create repo r --description "<b>bold</b>"
        created repo r
        > create repo r
        ! error: repo 'r' already exists
        ```

        ```tusk
        > create pipeline p --input r@master:/ --step "describe /pfs/r/x.csv"
        ...
        > draw pipeline
        ...
        ```
        """

    @Test func aPageIsSelfContainedEscapedAndTheSameBytesEachRun() throws {
        let page = HTMLNotebook.page(try playText(text))
        #expect(page == HTMLNotebook.page(try playText(text)))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<title>A &lt;small&gt; &amp; &quot;quoted&quot; scenario</title>"))
        #expect(page.contains("--description &quot;&lt;b&gt;bold&lt;/b&gt;&quot;"))
        #expect(page.contains("<h1 id=\"repos\">Repos</h1>\n<p>Some <em>prose</em>.</p>"))
        #expect(page.contains("<span class=\"error\">error: repo &#39;r&#39; already exists</span>"))
        #expect(externalReferences(page).isEmpty)
    }

    @Test func aPictureFollowsTheOutputOfTheCommandThatDrewIt() throws {
        let page = HTMLNotebook.page(try playText(text))
        #expect(pictureTitles(page) == ["pipeline DAG: p"])
        let draw = try #require(page.range(of: "draw pipeline</span></pre>"))
        let picture = try #require(page.range(of: "<figure class=\"picture\">\n<svg "))
        #expect(draw.upperBound < picture.lowerBound)
        #expect(page[draw.upperBound..<picture.lowerBound].contains("[p: describe] --&gt; p@master"))
        // Nothing drawn for a page without such commands.
        #expect(
            pictureTitles(HTMLNotebook.page(try playText("```tusk\n> create repo r\ncreated repo r\n```\n"))).isEmpty)
    }
}

@Suite struct ExportJupyterTests {
    @Test func cellsAndOutputsMatchTheRun() throws {
        let run = try playText(
            "# Title\n\nProse.\n\n```tusk\n> create repo r\ncreated repo r\n> create repo r\n! error: x\n```\n\n"
                + "```tusk skip\n> list repo\nrecorded\n```\n\nMore.\n\n```tusk id=last\n> list repo\n...\n```\n")
        let json = JupyterNotebook.json(run)
        #expect(json == JupyterNotebook.json(run))
        let notebook = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        let kernel = try #require(metadata["kernelspec"] as? [String: String])
        #expect(kernel == ["name": "tusk", "display_name": "Tusk", "language": "tusk"])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code", "markdown", "code"])
        #expect(cells.map { $0["id"] as? String } == ["markdown-1", "code-2", "code-3", "markdown-4", "last"])
        #expect(cells.map { $0["execution_count"] as? Int } == [nil, 1, nil, nil, 2])
        #expect(cells[0]["source"] as? [String] == ["# Title\n", "\n", "Prose."])
        #expect(cells[1]["source"] as? [String] == ["create repo r\n", "create repo r"])
        let outputs = try #require(cells[1]["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["name"] as? String } == ["stdout", "stderr"])
        let texts = outputs.map { ($0["text"] as? [String])?.joined() ?? "" }
        #expect(texts[0] == "created repo r\n")
        #expect(texts[1].hasPrefix("error: repo 'r' already exists\n  create repo r\n"))
        // A skipped cell did not run: no count, no outputs.
        #expect((cells[2]["outputs"] as? [Any])?.isEmpty == true)
        // Every output line is the run's, in order.
        let printed = run.outcomes.compactMap(\.actual).flatMap { $0 }
        let exported = cells.compactMap { $0["outputs"] as? [[String: Any]] }.flatMap { $0 }.flatMap { output in
            ((output["text"] as? [String])?.joined() ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map { (output["name"] as? String == "stderr" ? "! " : "") + $0 }
        }
        #expect(exported == printed)
    }

    @Test func aContinuedCommandKeepsItsBackslash() throws {
        let run = try playText("```tusk\n> create repo r\n. --description x\ncreated repo r\n```\n")
        let cells = try #require(
            (try JSONSerialization.jsonObject(with: Data(JupyterNotebook.json(run).utf8)) as? [String: Any])?["cells"]
                as? [[String: Any]])
        #expect(cells[0]["source"] as? [String] == ["create repo r \\\n", "--description x"])
    }
}

/// The exports of the real serving, bias and monitoring scenarios.
@Suite struct ExportServingScenarioTests {
    @Test func servingExportsHaveTheirPicturesAndAValidNotebook() throws {
        let run = try playScenario("serving.md")
        #expect(run.outcomes.allSatisfy { $0.unexpectedError == nil })
        // The Markdown export is the notebook `tusk run` prints: here, the scenario as recorded.
        let path = scenarios.appendingPathComponent("serving.md").path
        #expect(run.markdown == String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self))

        let page = HTMLNotebook.page(run)
        #expect(externalReferences(page).isEmpty)
        let titles = pictureTitles(page)
        #expect(titles.filter { $0 == "release history of production" }.count == 4)
        #expect(titles.contains("traffic split of production release 4"))
        #expect(titles.contains("requests answered by each predictor of production"))
        #expect(titles.contains("selection rate by sex, live against shadow-1"))
        #expect(titles.contains("selection rate by race, live against shadow-1"))
        #expect(titles.filter { $0 == "drift per feature of the requests to production" }.count == 2)
        // A monitor's note on latency is there to be read past.
        #expect(
            page.contains(
                "<span class=\"line\">latency: <span class=\"muted\">not measured: a scenario replay runs on a logical clock</span></span>"
            ))
        #expect(page == HTMLNotebook.page(try playScenario("serving.md")))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("serving.html"),
            notebook = folder.appendingPathComponent("serving.ipynb")
        try Data(page.utf8).write(to: html)
        let json = JupyterNotebook.json(run)
        try Data(json.utf8).write(to: notebook)
        let cells = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        #expect(
            cells.filter { $0["cell_type"] as? String == "code" }.count
                == run.scenario.lines.filter { $0.hasPrefix("```tusk") }.count)
    }

    @Test(.enabled(if: Python.hasNBFormat, "nbformat is not installed (pip install nbformat)"))
    func theServingNotebookIsValidForNBFormat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = folder.appendingPathComponent("serving.ipynb")
        try Data(JupyterNotebook.json(try playScenario("serving.md")).utf8).write(to: notebook)
        let status = Python.run([
            "-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", notebook.path,
        ])
        #expect(status == 0)
    }

    /// The story draws what it reads: each of its four audits read back with `get file --table`
    /// is drawn as `audit` draws it (Act 3's flip rate beside the selection rates), and the release timeline
    /// names each lane by the data commit that trained its model, with the shadow in a lane of
    /// its own.
    @Test func creditCoDrawsItsAuditsAndNamesTimelineLanesByTheirData() throws {
        let page = HTMLNotebook.page(try playScenario("creditco.md"))
        let titles = pictureTitles(page)
        #expect(
            titles.filter { $0 == "selection rate and flip rate by sex of /pfs/income_training/model.json" }.count
                == 4)
        #expect(page.contains(">Reliance on sex: decisions that change when only sex is swapped</text>"))
        // A deploy job refused by its gate failed: its state says so in the failure colour.
        #expect(page.contains("deploy_production v2: <span class=\"fail\">failure</span>, 1 datum"))
        let timeline = try #require(
            page.components(separatedBy: "<svg ").last { $0.contains("<title>release history of production</title>") })
        for lane in ["census extract", "vendor data", "newly collected data"] {
            #expect(timeline.contains(">\(lane)</text>"))
        }
        // Release 4 adds the shadow: a ring in the third lane (model 3's), reached by a dashed line.
        #expect(timeline.contains(">mirror</text>"))
        #expect(timeline.contains("fill=\"#fff\" stroke=\"#3f8a5a\""))
    }

    @Test func anAuditDrawsSelectionRatesAndADriftDrawsPValues() throws {
        let page = HTMLNotebook.page(try playScenario("bias.md"))
        let bias = pictureTitles(page)
        #expect(bias.contains("selection rate and flip rate by sex of models@66177fa8ca15:/vendor.json"))
        // Act 3's key difference is drawn beside the selection rates: the flip rate and its
        // threshold, and every colour used has a legend entry.
        #expect(page.contains(">Reliance on sex: decisions that change when only sex is swapped</text>"))
        #expect(page.contains(">threshold 0.05</text>"))
        #expect(page.contains(">privileged (Male)</text>"))
        let monitoring = pictureTitles(HTMLNotebook.page(try playScenario("monitoring.md")))
        #expect(monitoring.contains { $0.hasPrefix("drift per feature of ") })
    }
}

@Suite struct BarChartTests {
    /// A value's text never sits on a threshold: it moves past the dashed line it would cross.
    @Test func textMovesPastAMarkerLineItWouldCross() {
        #expect(BarChart.textStart(after: 100, width: 50, lines: [300]) == 105)
        #expect(BarChart.textStart(after: 100, width: 50, lines: [120]) == 125)
        #expect(BarChart.textStart(after: 100, width: 50, lines: [120, 140]) == 145)
        #expect(BarChart.textStart(after: 100, width: 50, lines: [90]) == 105)
    }

    /// A rate of 0.003 on a 0–1 axis still draws a bar that can be seen; 0 draws none.
    @Test func aTinyValueGetsAVisibleStubAndZeroNone() {
        let chart = BarChart(
            caption: "c",
            rows: [
                .init(label: "tiny", bars: [.init(value: 0.003, color: "#111111", text: "0.003")]),
                .init(label: "zero", bars: [.init(value: 0, color: "#222222", text: "0")]),
            ], maximum: 1, ticks: BarChart.rateTicks, axisLabel: "a",
            markers: [.init(value: 0.5, label: "one"), .init(value: 0.52, label: "two")])
        let svg = chart.picture(title: "t").svg
        #expect(svg.contains("width=\"2\" height=\"14\" rx=\"2\" fill=\"#111111\""))
        #expect(svg.contains("width=\"0\" height=\"14\" rx=\"2\" fill=\"#222222\""))
        // Two close thresholds: their labels are on lines of their own.
        let y = { (label: String) -> Substring? in
            svg.components(separatedBy: "<text ").first { $0.contains(">\(label)</text>") }?
                .split(separator: " ").first { $0.hasPrefix("y=") }
        }
        #expect(y("one") != nil && y("one") != y("two"))
    }
}

/// `python3` with arguments; nil when there is no python3 to run.
private enum Python {
    /// Whether python3 can import nbformat (checked once).
    static let hasNBFormat = run(["-c", "import nbformat"]) == 0

    static func run(_ arguments: [String]) -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
