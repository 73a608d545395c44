import Foundation
import TestSupport
import Testing

/// The CreditCo story's exports as people look at them: the `.ipynb` through Jupyter's own
/// converter, and both pages in a real browser, where every picture must have a width.
@Suite(.ownThread) struct NotebookBrowserTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-browser-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// `tusk run scenarios/creditco.md --html … --ipynb …`, by the binary.
    func export() throws -> (html: String, notebook: String) {
        let html = directory + "/creditco.html", notebook = directory + "/creditco.ipynb"
        let result = try Spawn.tusk([
            "run", Self.project + "/scenarios/creditco.md", "--html", html, "--ipynb", notebook,
        ])
        #expect(result.status == 0, "\(result.error)")
        return (html, notebook)
    }

    /// How many pictures the export drew: the notebook's SVG outputs.
    func pictureCount(_ notebook: String) throws -> Int {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: notebook)), as: UTF8.self)
        return text.components(separatedBy: "\"image/svg+xml\" : [").count - 1
    }

    @Test(
        .enabled(if: BrowserProbe.chromium != nil, "chromium is not installed (apt-get install chromium)"),
        .enabled(if: BrowserProbe.hasNBConvert, "nbconvert is not installed (pip install nbconvert)"))
    func everyPictureOfTheNotebookHasAWidthInNBConvertsPage() throws {
        let (_, notebook) = try export()
        let count = try pictureCount(notebook)
        #expect(count >= 10)
        let python = try #require(BrowserProbe.executable("python3"))
        let converted = try Spawn.run(python, ["-m", "nbconvert", "--to", "html", "--output", "nbconvert", notebook])
        #expect(converted.status == 0, "\(converted.error)")
        let widths = try BrowserProbe.widths(ofPage: directory + "/nbconvert.html", scratch: directory)
        // nbconvert shows an SVG output as an <img> whose source is the SVG (a data URI).
        let images = widths.filter { $0.hasPrefix("img ") }
        #expect(images.count == count, "\(widths)")
        #expect(images.filter { $0 == "img 0" }.isEmpty, "\(widths)")
    }

    @Test(.enabled(if: BrowserProbe.chromium != nil, "chromium is not installed (apt-get install chromium)"))
    func everyPictureOfTheHTMLExportHasAWidth() throws {
        let (html, notebook) = try export()
        let count = try pictureCount(notebook)
        let widths = try BrowserProbe.widths(ofPage: html, scratch: directory)
        #expect(widths.count == count, "\(widths)")
        #expect(widths.allSatisfy { $0.hasPrefix("svg ") && $0 != "svg 0" }, "\(widths)")
    }
}
