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

    @Test func withoutASpanItStillSaysWhere() {
        let lines = DiagnosticRenderer.full(Diagnostic("store failure"), in: SourceText(name: "x.tusk", text: ""))
        #expect(lines == ["error: store failure", " --> x.tusk"])
    }
}
