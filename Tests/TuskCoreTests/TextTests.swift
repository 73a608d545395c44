import Testing
import TuskCore

@Suite struct ContentHashTests {
    @Test func matchesTheSHA256TestVectors() {
        #expect(ContentHash(ofText: "").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash(ofText: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash(ofText: "abc").short == "ba7816bf8f01")
    }
}

@Suite struct SuggestionTests {
    @Test func suggestsTheClosestName() {
        #expect(Suggestion.closest(to: "incme_data", among: ["income_data", "models"]) == "income_data")
        #expect(Suggestion.closest(to: "mastr", among: ["master", "staging"]) == "master")
        #expect(Suggestion.closest(to: "lsit", among: ["list", "create"]) == "list")
    }

    @Test func suggestsNothingWhenNothingIsClose() {
        #expect(Suggestion.closest(to: "zebra", among: ["income_data", "models"]) == nil)
        #expect(Suggestion.closest(to: "x", among: []) == nil)
    }

    @Test func countsASwapAsOneEdit() {
        #expect(Suggestion.editDistance("ab", "ba") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
    }
}

@Suite struct LineDiffTests {
    @Test func equalInputsHaveNoDiff() {
        #expect(LineDiff.unified(["a", "b"], ["a", "b"]).isEmpty)
    }

    @Test func rendersHunksAsDiffDoes() {
        let old = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        var new = old
        new[1] = "B"
        new.append("k")
        #expect(
            LineDiff.unified(old, new) == [
                "@@ -1,5 +1,5 @@", " a", "-b", "+B", " c", " d", " e",
                "@@ -8,3 +8,4 @@", " h", " i", " j", "+k",
            ])
    }

    @Test func numbersAnEmptySideByTheLineBefore() {
        #expect(LineDiff.unified([], ["x"]) == ["@@ -0,0 +1 @@", "+x"])
        #expect(LineDiff.unified(["x"], []) == ["@@ -1 +0,0 @@", "-x"])
    }

    @Test func findsAShortestEditScript() {
        let edits = LineDiff.edits(["a", "b", "c", "a", "b", "b", "a"], ["c", "b", "a", "b", "a", "c"])
        let changes = edits.filter { if case .same = $0 { false } else { true } }
        #expect(changes.count == 5)  // Myers' example: D = 5
    }

    @Test func replacesWholeWhenTooCostly() {
        let old = (0..<50).map(String.init), new = (100..<150).map(String.init)
        let edits = LineDiff.edits(old, new, maxCost: 10, equal: ==)
        #expect(edits.count == 100)
    }
}

@Suite struct TextRecordsTests {
    /// A quoted field keeps its line break inside its row; CRLF ends a row as LF does.
    @Test func csvRowsKeepQuotedLineBreaks() {
        let text = "a,b\r\n1,\"two\nlines\"\r\n2,\"say \"\"hi\"\"\"\n3,x"
        #expect(TextRecords.csv(Array(text.utf8)) == ["a,b", "1,\"two\nlines\"", "2,\"say \"\"hi\"\"\"", "3,x"])
        #expect(TextRecords.csv(Array("a\n".utf8)) == ["a"])
        #expect(TextRecords.csv([]) == [])
        #expect(TextRecords.csv([0x61, 0x00]) == nil)
        #expect(TextRecords.csv([0xFF, 0x0A]) == nil)
    }

    @Test func linesAreTextLines() {
        #expect(TextRecords.lines(Array("x\r\ny\n".utf8)) == ["x", "y"])
        #expect(TextRecords.lines([0]) == nil)
    }
}
