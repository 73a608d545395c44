import Testing

@testable import TuskCommands

/// The text a span covers in a line.
private func covered(_ lines: [String], _ span: Span) -> String {
    let scalars = Array(lines[span.line].unicodeScalars)
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars[span.columns])
    return String(text)
}

@Suite struct StyledTextTests {
    @Test func plainTextIsWhatAStringWouldSay() {
        let count = 3
        let styled: StyledText = "verdict: \(.fail("DRIFT in \(count) of 14 features")) (\(1.5))"
        #expect(styled.plain == "verdict: DRIFT in 3 of 14 features (1.5)")
        #expect("\(styled)" == styled.plain)
        var text = TextOutput()
        text.line(styled)
        #expect(text.lines == ["verdict: DRIFT in 3 of 14 features (1.5)"])
        #expect(text.spans == [Span(.fail, line: 0, columns: 9..<34)])
    }

    @Test func aStyledPieceInterpolatedIntoALineKeepsItsSpan() {
        // `line("…\(verdict)")` must read the literal as styled text, not as a String.
        let verdict: StyledText = .pass("PASS")
        var text = TextOutput()
        text.line("first")
        text.line("verdict: \(verdict) (all checks)")
        #expect(text.lines == ["first", "verdict: PASS (all checks)"])
        #expect(text.spans.map { covered(text.lines, $0) } == ["PASS"])
        #expect(text.spans.map(\.line) == [1])
    }

    @Test func spansCountScalarsAfterControlsAreMadeVisible() {
        var text = TextOutput()
        text.line("é\u{1B} \(.warn("cannot judge"))")
        #expect(text.lines == ["é\\u{1B} cannot judge"])
        #expect(text.spans.map { covered(text.lines, $0) } == ["cannot judge"])
    }

    @Test func tableCellsKeepTheirSpansWhereTheLayoutPutsThem() {
        var table = TextTable("FEATURE", "P-VALUE", "DRIFT")
        table.add("age", "0.0001", .fail("yes"))
        table.add("workclass", "0.5", "no")
        table.add("x", "n/a", .warn("cannot judge: no values in the new data"))
        var text = TextOutput()
        text.line("before")
        text.table(table)
        #expect(
            text.lines == [
                "before",
                "FEATURE    P-VALUE  DRIFT",
                "age         0.0001  yes",
                "workclass      0.5  no",
                "x              n/a  cannot judge: no values in the new data",
            ])
        #expect(text.spans.map(\.kind) == [.fail, .warn])
        #expect(text.spans.map(\.line) == [2, 4])
        #expect(text.spans.map { covered(text.lines, $0) } == ["yes", "cannot judge: no values in the new data"])
    }

    @Test func aWrappedCellSplitsItsSpanOverItsLines() {
        var table = TextTable("COMMIT", "MESSAGE")
        table.add("abc", "a message \(.fail("long enough to need two lines")) on a narrow screen" as StyledText)
        let lines = table.styledLines(width: 40)
        #expect(
            lines.map(\.text) == [
                "COMMIT  MESSAGE",
                "abc     a message long enough to need",
                "        two lines on a narrow screen",
            ])
        let cut = lines.map { line in line.spans.map { covered([line.text], $0) } }
        #expect(cut == [[], ["long enough to need"], ["two lines"]])
    }

    @Test func aFileDiffMarksItsHeadersAndItsAddedAndRemovedLines() {
        let diff = FileDiff(
            old: AddressText(full: "r@1:/v.csv"), new: AddressText(full: "r@2:/v.csv"), kind: .text,
            hunks: ["@@ -1,3 +1,3 @@", " a,b", "-1,2", "+1,3", "--- a line that was removed", " end"])
        let text = diff.rendered()
        #expect(text.lines == diff.textLines())
        let kinds = text.lines.indices.map { line in text.spans.first { $0.line == line }?.kind }
        #expect(kinds == [.heading, .heading, .hunk, nil, .removed, .added, .removed, nil])
        #expect(text.spans.allSatisfy { covered(text.lines, $0) == text.lines[$0.line] })
    }

    @Test func everyKindHasItsOwnClassAndARule() {
        let classes = Span.Kind.allCases.map { SpanStyle.of($0).htmlClass }
        #expect(Set(classes).count == classes.count)
        for kind in Span.Kind.allCases {
            #expect(SpanStyle.css.contains(".\(SpanStyle.of(kind).htmlClass) { "))
        }
        let line = "verdict: FAIL <x>"
        let spans = [Span(.fail, line: 0, columns: 9..<13)]
        #expect(SpanStyle.ansi(line, spans) == "verdict: \u{1B}[31mFAIL\u{1B}[0m <x>")
        #expect(SpanStyle.html(line, spans) == "verdict: <span class=\"fail\">FAIL</span> &lt;x&gt;")
        #expect(SpanStyle.ansi(line, []) == line)
    }
}
