import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskRuntime

/// `blame` and `list file --blame` as typed: text, JSON and refusals, on a known history.
@Suite struct BlameCommandTests {
    let directory: String
    let session: Session

    init() throws {
        let directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-blame-\(UUID().uuidString)").path
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func file(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        try file("v1.csv", "age,income\n30,<=50K\n40,>50K\n50,>50K\n")
        try file("v2.csv", "age,income\n30,<=50K\n41,>50K\n50,>50K\n60,<=50K\n")
        try file("notes.txt", "one\ntwo\n")
        try file("blob.bin", "\u{0}\u{1}")
        session = Session(store: try Store.inMemory(), baseDirectory: directory)
        for line in [
            "create repo d", "put file d@master:/t.csv -f v1.csv -m \"census v1\"",
            "put file d@master:/docs/notes.txt -f notes.txt -m notes",
            "put file d@master:/t.csv -f v2.csv -m \"census v2\"",
            "put file d@master:/b.bin -f blob.bin -m blob",
        ] {
            #expect(run(line).succeeded, "\(line)")
        }
    }

    func run(_ text: String) -> CommandResult { session.execute(SourceText(name: "<test>", text: text)) }

    func id(_ ref: String) throws -> String {
        let line = try #require(run("inspect commit d@\(ref)").output.first)
        return String(line.split(separator: "@")[1].prefix(12))
    }

    @Test func eachFileNamesItsLastCommit() throws {
        let v2 = try id("master^"), notes = try id("master^2"), blob = try id("master")
        #expect(
            run("blame d@master").output == [
                "d@\(blob): 3 files",
                "PATH             COMMIT        MADE BY  DATA  MESSAGE",
                "/b.bin           \(blob)  by hand  -     blob",
                "/docs/notes.txt  \(notes)  by hand  -     notes",
                "/t.csv           \(v2)  by hand  -     census v2",
            ])
        #expect(
            run("list file d@master --blame").output == [
                "NAME    TYPE  SIZE  COMMIT        MESSAGE",
                "/b.bin  file   2 B  \(blob)  blob",
                "/docs/  dir    8 B  \(notes)  notes",
                "/t.csv  file  45 B  \(v2)  census v2",
            ])
    }

    @Test func rowsNameTheCommitThatWroteThem() throws {
        let v1 = try id("master^3"), v2 = try id("master^")
        #expect(
            run("blame d@master:/t.csv --rows").output == [
                "d@\(try id("master")):/t.csv: 4 rows after the header, 5 runs",
                "ROWS    COMMIT        MADE BY  MESSAGE",
                "header  \(v1)  by hand  census v1",
                "1       \(v1)  by hand  census v1",
                "2       \(v2)  by hand  census v2",
                "3       \(v1)  by hand  census v1",
                "4       \(v2)  by hand  census v2",
            ])
        // Headerless as the trainer reads it: the first row is row 1.
        #expect(run("blame d@master:/t.csv --rows --columns a,b").output.dropFirst(2).first?.hasPrefix("1-2 ") == true)
        #expect(run("blame d@master:/docs/notes.txt --rows").output[1].hasPrefix("LINES"))
        let json = run("blame d@master:/t.csv --rows --format json").output.joined(separator: "\n")
        #expect(json.contains("\"unit\" : \"row\""))
        #expect(json.contains("\"first\" : 0"))
    }

    @Test func rowsAreRefusedWhereThereAreNone() throws {
        #expect(run("blame d@master --rows").error?.message == "--rows blames one file: name it")
        #expect(run("blame d@master:/docs --rows").error?.message == "--rows blames one file, and /docs is a directory")
        #expect(
            run("blame d@master:/b.bin --rows").error?.message == "/b.bin is not a text file: it has no rows to blame")
        #expect(run("blame d@master:/nope").error?.message.hasPrefix("file '/nope' not found") == true)
        // A layout option cuts rows: without --rows it would change nothing, so it is refused.
        #expect(
            run("blame d@master:/t.csv --schema uci-adult").error?.message
                == "--schema says how to cut a file into rows: it needs --rows")
        // Rows end at line ends outside quotes whatever the field separator: blame takes none.
        let delimiter = try #require(run("blame d@master:/t.csv --rows --delimiter ';'").error)
        #expect(delimiter.message.contains("--delimiter"), "\(delimiter.message)")
        #expect(delimiter.span?.column == 30)
    }
}
