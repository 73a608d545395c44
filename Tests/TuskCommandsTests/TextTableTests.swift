import Testing

@testable import TuskCommands

@Suite struct TextTableTests {
    @Test func numbersAlignRightAndTextLeft() {
        var table = TextTable("NAME", "ROWS", "SHARE", "NOTE")
        table.add("census", "8,000", "12.50%", "first")
        table.add("vendor", "600", "n/a", "second one")
        #expect(
            table.lines() == [
                "NAME     ROWS   SHARE  NOTE",
                "census  8,000  12.50%  first",
                "vendor    600     n/a  second one",
            ])
    }

    @Test func recognisesTheFormatterNumbers() {
        for cell in ["1,024", "-0.0312", "+0.5000", "1.2e-05", "3.4 KiB", "12 B", "99.00%"] {
            #expect(TextTable.isNumber(cell), "\(cell)")
        }
        for cell in ["3f2a9c1e0b7d", "<=50K", "master", "1 file", "e5"] {
            #expect(!TextTable.isNumber(cell), "\(cell)")
        }
    }

    @Test func wrapsTheLastColumnOnANarrowTerminal() {
        var table = TextTable("COMMIT", "MESSAGE")
        table.add("abc", "a message long enough to need two lines on a narrow screen")
        #expect(
            table.lines(width: 40) == [
                "COMMIT  MESSAGE",
                "abc     a message long enough to need",
                "        two lines on a narrow screen",
            ])
        #expect(table.lines().count == 2)
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        var text = TextOutput()
        text.line("evil\u{1B}[2Jmessage\u{07}\tend")
        #expect(text.lines == ["evil\\u{1B}[2Jmessage\\u{7}\tend"])
    }
}
