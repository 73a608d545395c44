import Foundation
import Testing
import TuskCore
import TuskRuntime
import TuskStore

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

    @Test func verdictsAndDiffsArePaintedByWhatTheirSpansMean() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tusk-colors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func csv(_ offset: Int) -> Data {
            Data(
                ("x,y\n" + (0..<200).map { "\($0 + offset),\($0 % 3 == 0 ? "yes" : "no")" }.joined(separator: "\n"))
                    .utf8)
        }
        try csv(0).write(to: directory.appendingPathComponent("ref.csv"))
        try csv(1000).write(to: directory.appendingPathComponent("new.csv"))
        try Data("a\n1\n".utf8).write(to: directory.appendingPathComponent("v1.csv"))
        try Data("a\n2\n".utf8).write(to: directory.appendingPathComponent("v2.csv"))
        let session = Session(store: try Store.inMemory(), baseDirectory: directory.path)
        func run(_ text: String) -> CommandResult { session.execute(SourceText(name: "<test>", text: text)) }

        let colors = Colors(enabled: true)
        let drift = run("drift ref.csv vs new.csv --target y")
        let painted = colors.output(drift.output, spans: drift.spans)
        #expect(painted.last == "verdict: \u{1B}[31mDRIFT in 1 of 1 features (x)\u{1B}[0m")
        // The table's header says DRIFT and means nothing by it.
        #expect(painted[1] == drift.output[1] && drift.output[1].hasPrefix("FEATURE"))
        #expect(Colors.off.output(drift.output, spans: drift.spans) == drift.output)

        for command in ["create repo r", "put file r@master:/v -f v1.csv", "put file r@master:/v -f v2.csv"] {
            #expect(run(command).succeeded)
        }
        let diff = run("diff file r@master:/v")
        #expect(
            colors.output(diff.output, spans: diff.spans).suffix(4) == [
                "\u{1B}[36m@@ -1,2 +1,2 @@\u{1B}[0m", " a", "\u{1B}[31m-1\u{1B}[0m", "\u{1B}[32m+2\u{1B}[0m",
            ])
        #expect(colors.output(["plain line"], spans: []) == ["plain line"])
        #expect(colors.diagnostic(["error: repo 'x' not found"])[0].contains("\u{1B}[31merror:"))
    }
}
