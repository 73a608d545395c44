import Testing
import TuskCore

@testable import TuskLang

/// Typed options: declared once, read back by the same value, each read with its own checks.
@Suite struct OptionTests {
    static let to = Option<Int>("to", value: "RELEASE", "the release", in: 1..., example: "1")
    static let traffic = Option<Int>("traffic", value: "PERCENT", "the share", in: 1...99, example: "10")
    static let alpha = Option<Double>("alpha", value: "X", "the level", in: 0...1, example: "0.01")
    static let name = Option<Located<String>>("name", short: "n", value: "TEXT", "a name")
    static let keep = Option<[Located<String>]>("keep", value: "A,B", "columns", kind: .column)
    static let output = Option<String>("output", short: "o", value: "OUT", "where", kind: .localPath, writes: true)
    static let dryRun = Flag("dry-run", "change nothing")
    static let schema = Option<String>(
        "schema", value: "NAME", "a layout",
        read: { token throws(Diagnostic) in
            guard token.text != "bad" else { throw Diagnostic("unknown schema 'bad'", at: token.span) }
            return token.text
        })
    /// Declared by no command below.
    static let undeclared = Option<String>("undeclared", value: "X", "")

    let parser = CommandParser(declarations: [
        CommandDeclaration(
            "rollback", "", arguments: [.init("DEPLOYMENT", .deployment)],
            options: [to, traffic, alpha, name, keep, output, dryRun]),
        CommandDeclaration(
            "drift", "", arguments: [.init("A", .data), .init("VS", .keyword), .init("B", .data)], options: [schema],
            sides: .init(keyword: "vs", options: [schema])),
        CommandDeclaration("save", "", arguments: [.init("FILE", .localPath)], recorded: false),
        CommandDeclaration("monitor", "", readsClock: true),
    ])

    func call(_ text: String) throws -> Invocation { try #require(try parser.parse(text)) }

    @Test func readsEachOptionAsItsType() throws {
        let call = try call("rollback p --to 3 --traffic=10 --alpha 0.5 -n \"a b\" --keep x,y,x -o out.csv --dry-run")
        #expect(try call[Self.to] == 3)
        #expect(try call[Self.traffic] == 10)
        #expect(try call[Self.alpha] == 0.5)
        #expect(try call[Self.name] == Located("a b", at: SourceSpan(line: 1, column: 47, length: 5)))
        #expect(try call[Self.keep]?.map(\.value) == ["x", "y"])
        #expect(try call[Self.output] == "out.csv")
        #expect(try call[Self.dryRun])
        #expect(try call.located(Self.to) == Located(3, at: SourceSpan(line: 1, column: 17, length: 1)))
        #expect(call.valueSpan(Self.to)?.column == 17)
        #expect(call.optionSpan(Self.to)?.column == 12)
        let absent = try self.call("rollback p")
        #expect(try absent[Self.to] == nil)
        #expect(try absent[Self.keep] == nil)
        #expect(try !absent[Self.dryRun])
        #expect(!absent.given(Self.to))
    }

    @Test(arguments: [
        ("--to 0", "--to must be a whole number from 1", "e.g. --to 1", 17),
        ("--to x", "--to must be a whole number from 1", "e.g. --to 1", 17),
        ("--traffic 100", "--traffic must be a whole number from 1 to 99", "e.g. --traffic 10", 22),
        ("--alpha 2", "--alpha must be a number from 0 to 1", "e.g. --alpha 0.01", 20),
        ("--alpha nan", "--alpha must be a number from 0 to 1", "e.g. --alpha 0.01", 20),
    ])
    func aValueOutOfItsRangePointsAtTheValue(option: String, message: String, help: String, column: Int) throws {
        let call = try call("rollback p \(option)")
        let error = #expect(throws: Diagnostic.self) {
            _ = try call[Self.to]
            _ = try call[Self.traffic]
            _ = try call[Self.alpha]
        }
        #expect(error?.message == message)
        #expect(error?.help == help)
        #expect(error?.span?.column == column)
        #expect(error?.category == .input)
    }

    @Test func aRangeKnownOnlyWhenReadingKeepsTheOptionsName() throws {
        let call = try call("rollback p --to 300")
        #expect(try call[Self.to] == 300)
        let error = #expect(throws: Diagnostic.self) { try call[Self.to.narrowed(to: 1...255, example: "50")] }
        #expect(error?.message == "--to must be a whole number from 1 to 255")
        #expect(error?.help == "e.g. --to 50")
    }

    @Test func readingAnOptionTheCommandDoesNotDeclareIsAnInternalError() throws {
        let call = try call("rollback p --to 1")
        let error = #expect(throws: Diagnostic.self) { try call[Self.undeclared] }
        #expect(error?.category == .internal)
        #expect(error?.message == "'rollback' reads option '--undeclared', which it does not declare")
        // A flag and an option of one name are not the same declaration.
        #expect(throws: Diagnostic.self) { try call[Flag("to", "")] }
    }

    @Test func eachSideReadsOnlyItsOwnValue() throws {
        let call = try call("drift a --schema good vs b --schema bad")
        let vs = try #require(call.keywords["vs"])
        let before = try call.occurrences(Self.schema, where: { Invocation.precedes($0, vs) })
        #expect(before.map(\.value) == ["good"])
        let error = #expect(throws: Diagnostic.self) {
            try call.occurrences(Self.schema, where: { !Invocation.precedes($0, vs) })
        }
        #expect(error?.message == "unknown schema 'bad'")
        #expect(error?.span?.column == 37)
    }

    @Test func theDeclarationCarriesWhatFrontEndsNeed() throws {
        let rollback = try #require(parser.declaration(named: "rollback"))
        #expect(rollback.options.map(\.name) == ["to", "traffic", "alpha", "name", "keep", "output", "dry-run"])
        #expect(rollback.options.filter(\.writes).map(\.name) == ["output"])
        #expect(rollback.option(named: "o")?.name == "output")
        #expect(rollback.option(named: "dry-run")?.value == nil)
        #expect(
            rollback.usage
                == "rollback DEPLOYMENT [--to RELEASE] [--traffic PERCENT] [--alpha X] [-n TEXT] [--keep A,B] [-o OUT] [--dry-run]"
        )
        #expect(rollback.recorded && !rollback.readsClock)
        #expect(parser.declaration(named: "save")?.recorded == false)
        #expect(parser.declaration(named: "monitor")?.readsClock == true)
        #expect(parser.declaration(named: "drift")?.sides?.options == ["schema"])
        #expect(CommandDeclaration.globalOptions.map(\.name) == ["format"])
    }

    @Test func theFixedWordComesFromTheDeclaration() throws {
        try call("drift a vs b").keyword(before: 1)
        let error = #expect(throws: Diagnostic.self) { try self.call("drift a b").keyword(before: 1) }
        #expect(error?.message == "expected 'vs' here")
        let internalError = #expect(throws: Diagnostic.self) { try self.call("rollback p").keyword(before: 0) }
        #expect(internalError?.category == .internal)
    }

    @Test func formatReadsAsOutputFormat() throws {
        #expect(try call("monitor --format=json").format == .json)
        #expect(try call("monitor").format == nil)
        let error = #expect(throws: Diagnostic.self) { try self.call("monitor --format jsn") }
        #expect(error?.message == "unknown format 'jsn'")
        #expect(error?.help == "did you mean 'json'?")
    }
}
