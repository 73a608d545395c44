import Foundation
import Testing
import TuskCommands
import TuskCore
import TuskLang

@testable import TuskRuntime

/// What a front end does differently for a command comes from the command's declaration (an
/// option that writes, a command not recorded, a command that reads the clock), not from its name.
@Suite struct DeclaredBehaviourTests {
    static let report = Option<String>("report", value: "FILE", "", kind: .localPath, writes: true)
    static let input = Option<String>("input", value: "FILE", "", kind: .localPath)

    /// A command of no real name, so nothing but its declaration can tell what it writes.
    let parser = CommandParser(declarations: [
        CommandDeclaration("make", "", arguments: [.init("DATA", .localPath)], options: [report, input])
    ])
    let work: String
    let notes: String

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-declared-\(UUID().uuidString)")
        work = root.appendingPathComponent("work").path
        notes = root.appendingPathComponent("notes").path
        for folder in [work, notes] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for file in ["a.csv", "b.csv", "h.svg"] {
            try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: work + "/" + file))
        }
    }

    @Test func anOptionDeclaredAsWrittenIsLeftAsTypedAndReadBackAsWritten() {
        let relocation = RecordedPaths.relocated(
            ["make a.csv --report b.csv", "make b.csv --input a.csv", "make a.csv --input b.csv"], from: work,
            to: notes, parser: parser)
        #expect(
            relocation.commands == [
                "make ../work/a.csv --report b.csv", "make b.csv --input ../work/a.csv",
                "make ../work/a.csv --input b.csv",
            ])
    }

    @Test func theRealCommandsDeclareWhatTheyWrite() {
        let relocation = RecordedPaths.relocated(
            [
                "history production --svg h.svg", "get file r@master:/a.csv -o b.csv", "describe b.csv",
                "describe a.csv",
            ], from: work, to: notes)
        #expect(
            relocation.commands == [
                "history production --svg h.svg", "get file r@master:/a.csv -o b.csv", "describe b.csv",
                "describe ../work/a.csv",
            ])
        let writes = CommandSet.all.map { $0.declaration }.flatMap { declaration in
            declaration.options.filter(\.writes).map { "\(declaration.name) --\($0.name)" }
        }
        #expect(
            writes.sorted() == [
                "draw pipeline --svg", "export k8s --out", "export onnx --output", "get file --output",
                "history --svg", "outliers --output", "predict --output", "train --output",
            ])
    }

    @Test func theRecorderFollowsTheDeclaration() {
        var recorder = SessionRecorder(format: .text)
        recorder.declaration = { text in
            switch text.split(separator: " ").first {
            case "quiet": CommandDeclaration("quiet", "", recorded: false)
            case "timed": CommandDeclaration("timed", "", readsClock: true)
            default: CommandDeclaration("plain", "")
            }
        }
        for (line, error) in [("quiet", false), ("timed", false), ("plain", false), ("timed again", true)] {
            recorder.record(
                SourceText(name: "<repl>", text: line),
                CommandResult(output: ["4.2 µs"], error: error ? Diagnostic("no such thing") : nil))
        }
        #expect(recorder.entries.map(\.command) == ["timed", "plain", "timed again"])
        // A clock-reading command's output is not compared with a replay's; its error is.
        #expect(recorder.entries.map { $0.printed == nil } == [true, false, false])
    }

    @Test func theRealCommandsDeclareWhetherTheyAreRecordedAndReadTheClock() {
        let declarations = CommandSet.all.map { $0.declaration }
        #expect(declarations.filter { !$0.recorded }.map(\.name) == ["save"])
        #expect(declarations.filter(\.readsClock).map(\.name) == ["monitor"])
        #expect(CommandSet.declaration(of: "save demo.md")?.recorded == false)
        // Refused while parsing, it is still `save`.
        #expect(CommandSet.declaration(of: "save demo.txt --titel x")?.recorded == false)
        #expect(CommandSet.declaration(of: "save --help")?.name == "help")
        #expect(CommandSet.declaration(of: "monitor production --since 3")?.readsClock == true)
        #expect(CommandSet.declaration(of: "# a comment") == nil)
    }
}
