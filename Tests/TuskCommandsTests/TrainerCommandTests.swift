import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskCommands

/// The trainer's commands end to end on small files: what a user reads, and the errors they get.
@Suite struct TrainerCommandTests {
    let directory: String
    let context: CommandContext

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-trainer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        context = CommandContext(store: try Store.inMemory(), baseDirectory: directory)
        // 90 rows whose label follows x; gain holds values near the largest double.
        var csv = "x,gain,group,y\n"
        for i in 0..<90 {
            let y = (i % 9 < 4) != (i % 10 == 0) ? "yes" : "no"
            let gain = i % 30 == 0 ? "1e308" : String(i % 4)
            csv += "\(Double(i % 11) + (y == "yes" ? 3 : 0)),\(gain),\(i % 3 == 0 ? "a" : "b"),\(y)\n"
        }
        try write("data.csv", csv)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// Runs `line` and returns its text output.
    func run(_ line: String) throws -> [String] {
        let parsed = try #require(try CommandSet.parse(line))
        return try parsed.command.runErased(context).textLines()
    }

    /// Runs `line`, which must fail, and returns its diagnostic.
    func failure(_ line: String) throws -> Diagnostic {
        let parsed = try #require(try CommandSet.parse(line))
        do {
            _ = try parsed.command.runErased(context)
        } catch {
            return error
        }
        Issue.record("'\(line)' did not fail")
        throw Diagnostic("no failure", at: nil)
    }

    /// `--target` may be left out when the layout names the label (a schema file's `target`,
    /// `uci-adult`'s income); without one, the error says both ways to give it.
    @Test func aSchemaThatNamesItsTargetNeedsNoTargetOption() throws {
        let missing = try failure("train logistic on data.csv -o m.json")
        #expect(missing.message == "which column is the label?")
        #expect(missing.help?.contains("--schema") == true)
        try write(
            "layout.json",
            #"{"target": "y", "columns": [{"name": "x", "kind": "numeric"}, {"name": "gain", "kind": "numeric"}, "#
                + #"{"name": "group", "kind": "categorical"}, {"name": "y", "kind": "categorical"}]}"#)
        let trained = try run("train logistic on data.csv --schema layout.json -o m.json")
        #expect(trained.contains { $0.contains("label y") })
    }

    @Test func hugeNumbersPrintInScientificNotation() throws {
        let summary = try run("describe data.csv")
        #expect(summary.contains { $0.hasPrefix("gain") && $0.hasSuffix("min 0, mean 3.333e+306, max 1.000e+308") })
        _ = try run("train logistic on data.csv --target y -o m.json")
        let explained = try run("explain m.json {\"x\": 3, \"gain\": 1e308, \"group\": \"a\"}")
        #expect(explained.contains { $0.hasPrefix("gain") && $0.contains("1.000e+308") })
        let outliers = try run("outliers m.json on data.csv")
        for line in summary + explained + outliers {
            #expect(line.range(of: "[0-9]{17}", options: .regularExpression) == nil, "\(line)")
        }
    }

    @Test func anInfiniteCellIsNamedWithItsLine() throws {
        try write("inf.csv", "x,y\n1,yes\ninf,no\n2,no\n")
        let error = try failure("train logistic on inf.csv --target y -o m.json")
        #expect(error.message == "inf.csv:3:1: value 'inf' in numeric column 'x' is not finite")
        #expect(error.help == "write a finite number, or '?' for a missing one")
    }

    @Test func numberFormatSwitchesToScientificForHugeValues() {
        #expect(NumberFormat.metric(1e300) == "1.000e+300")
        #expect(NumberFormat.signed(-2.5e20) == "-2.500e+20")
        #expect(NumberFormat.metric(0.5) == "0.5000" && NumberFormat.signed(0.03125) == "+0.0312")
        #expect(NumberFormat.number(1e308) == "1.000e+308")
    }

    @Test func aMisspelledFieldPointsIntoTheRecord() throws {
        _ = try run("train logistic on data.csv --target y --exclude gain -o m.json")
        let line = #"predict m.json {"x": 3, "grup": "a"}"#
        let error = try failure(line)
        #expect(error.message == "unknown field 'grup' in the record")
        #expect(error.help == "did you mean 'group'?")
        let column = try #require(line.range(of: #""grup""#)).lowerBound.utf16Offset(in: line) + 1
        #expect(error.span?.column == column && error.span?.length == 6)
        // The excluded column and the label are fields of the training data: no error.
        #expect(try run(#"predict m.json {"x": 3, "gain": 1, "y": "yes"}"#).count == 1)
    }

    @Test func anUnseenLevelIsSaidInTheAnswer() throws {
        _ = try run("train logistic on data.csv --target y -o m.json")
        let predicted = try run(#"predict m.json {"x": 3, "group": "zebra"}"#)
        #expect(predicted.last == "note: group 'zebra' was not seen in training; it counts as no level")
        _ = try run("train boosted on data.csv --target y -o t.json")
        let explained = try run(#"explain t.json {"x": 3, "group": "bb"}"#)
        #expect(explained.last == "note: group 'bb' was not seen in training; it counts as missing (did you mean 'b'?)")
    }

    @Test func anAttributeNamedTwiceIsAuditedOnce() throws {
        _ = try run("train logistic on data.csv --target y -o m.json")
        let lines = try run("audit m.json on data.csv --protected group,group")
        #expect(lines.filter { $0.hasPrefix("group (privileged: b)") }.count == 1)
        #expect(lines.contains { $0.hasPrefix("reliance: ") } && lines.contains { $0.hasPrefix("outcome gaps: ") })
    }

    @Test func driftOnAColumnWithNoValuesCannotBeJudged() throws {
        var csv = "x,gain,group,y\n"
        for i in 0..<40 { csv += "?,\(i % 4),\(i % 3 == 0 ? "a" : "b"),no\n" }
        try write("empty_x.csv", csv)
        let lines = try run("drift data.csv vs empty_x.csv --target y")
        #expect(lines.first?.contains("3 features (2 tested), alpha 0.05 / 2 = 0.0250 each") == true)
        #expect(lines.contains { $0.hasPrefix("x ") && $0.hasSuffix("cannot judge: no values in the new data") })
        #expect(lines.last == "verdict: CANNOT JUDGE x (no values in the new data); no drift in the other 2 features")
    }
}
