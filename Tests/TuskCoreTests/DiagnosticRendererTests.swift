import Testing
import TuskCore

@Suite struct DiagnosticRendererTests {
    let diagnostic = Diagnostic(
        "repo 'incme' not found", at: SourceSpan(line: 1, column: 13, length: 5), help: "did you mean 'income'?")

    @Test func fullStyleNamesFileLineAndColumn() {
        let source = SourceText.scenarioCommand("list branch incme", path: "s.md", line: 12)
        #expect(
            DiagnosticRenderer.full(diagnostic, in: source) == [
                "error: repo 'incme' not found",
                "  --> s.md:12:15",
                "   |",
                "12 | > list branch incme",
                "   |               ^^^^^ did you mean 'income'?",
            ])
    }

    @Test func compactStyleKeepsTheCaret() {
        let source = SourceText(name: "<repl>", text: "list branch incme")
        #expect(
            DiagnosticRenderer.compact(diagnostic, in: source) == [
                "error: repo 'incme' not found",
                "  list branch incme",
                "              ^^^^^ did you mean 'income'?",
            ])
    }

    /// A 100 KB argument: the message's quote, the source line and the caret are cut to a window.
    @Test func aHugeArgumentGivesShortLines() {
        let huge = String(repeating: "q", count: 100_000)
        let text = "list branch " + huge + " --flag"
        let error = Diagnostic(
            "repo '\(huge)' not found", at: SourceSpan(line: 1, column: 13, length: huge.count), help: "'\(huge)'?")
        for lines in [
            DiagnosticRenderer.full(error, in: SourceText(name: "<repl>", text: text)),
            DiagnosticRenderer.compact(error, in: SourceText(name: "<repl>", text: text)),
        ] {
            #expect(lines.allSatisfy { $0.count < 520 }, "\(lines.map(\.count))")
            #expect(lines[0].hasPrefix("error: repo 'qqqq") && lines[0].hasSuffix("…' not found"))
        }
        // The window keeps the culprit under its caret, far into a long line.
        let far = String(repeating: "a ", count: 200) + "incme" + String(repeating: " b", count: 200)
        let at = Diagnostic("repo 'incme' not found", at: SourceSpan(line: 1, column: 401, length: 5))
        let lines = DiagnosticRenderer.compact(at, in: SourceText(name: "<repl>", text: far))
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let word = lines[1].range(of: "incme").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
        #expect(caret != nil && caret == word, "\(lines)")
        #expect(lines[1].hasPrefix("  …") && lines[1].hasSuffix("…") && lines[2].hasSuffix("^^^^^"))
    }

    @Test func withoutASpanItStillSaysWhere() {
        let lines = DiagnosticRenderer.full(Diagnostic("store failure"), in: SourceText(name: "x.tusk", text: ""))
        #expect(lines == ["error: store failure", " --> x.tusk"])
    }
}
