import Foundation
import Testing

@testable import TuskCLI

@Suite struct ColorsTests {
    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        var primary: Int32 = 0, secondary: Int32 = 0
        #expect(openpty(&primary, &secondary, nil, nil, nil) == 0)
        defer {
            close(primary)
            close(secondary)
        }
        #expect(Colors.forStream(secondary, environment: ["TERM": "xterm"]).enabled)
        #expect(!Colors.forStream(secondary, environment: ["TERM": "xterm", "NO_COLOR": "1"]).enabled)
        #expect(!Colors.forStream(secondary, environment: ["TERM": "dumb"]).enabled)
        let pipe = Pipe()
        #expect(!Colors.forStream(pipe.fileHandleForWriting.fileDescriptor, environment: [:]).enabled)
    }

    @Test func verdictsErrorsAndDiffsArePainted() {
        let colors = Colors(enabled: true)
        #expect(
            colors.output(["verdict: FAIL, biased on sex"], of: nil) == [
                "\u{1B}[31mverdict: FAIL, biased on sex\u{1B}[0m"
            ])
        #expect(colors.output(["verdict: DRIFT in 2 of 14 features"], of: nil)[0].hasPrefix("\u{1B}[33m"))
        #expect(colors.output(["plain line"], of: nil) == ["plain line"])
        #expect(
            colors.diff(["-old", "+new", " same"]) == ["\u{1B}[31m-old\u{1B}[0m", "\u{1B}[32m+new\u{1B}[0m", " same"])
        #expect(colors.diagnostic(["error: repo 'x' not found"])[0].contains("\u{1B}[31merror:"))
        #expect(Colors.off.output(["verdict: FAIL"], of: nil) == ["verdict: FAIL"])
    }
}
