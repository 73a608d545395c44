import Testing
import TuskCore

@testable import TuskLang

/// The parser knows no command: these tests give it a few declarations of their own.
@Suite struct CommandParserTests {
    static let description = Option<String>("description", value: "TEXT", "")
    static let head = Option<Token>("head", value: "REF", "", read: { $0 })
    static let file = Option<String>("file", short: "f", value: "LOCAL", "", required: true)
    static let append = Flag("append", "")
    static let seed = Option<Int>("seed", value: "N", "", in: 0..., example: "42")
    static let exclude = Option<[Located<String>]>("exclude", value: "A,B", "")

    let parser = CommandParser(declarations: [
        CommandDeclaration("create repo", "", arguments: [.init("NAME", .repo)], options: [description]),
        CommandDeclaration("create branch", "", arguments: [.init("REPO@BRANCH", .branchAddress)], options: [head]),
        CommandDeclaration(
            "put file", "", arguments: [.init("REPO@BRANCH:/PATH", .branchFileAddress)], options: [file, append]),
        CommandDeclaration("list repo", ""),
        CommandDeclaration(
            "train", "",
            arguments: [.init("MODEL", .choice(["logistic"])), .init("ON", .keyword), .init("DATA", .data)],
            options: [seed, exclude]),
        CommandDeclaration("help", "", arguments: [.init("COMMAND", .command, optional: true, variadic: true)]),
    ])

    @Test func matchesOneAndTwoWordCommands() throws {
        #expect(try parser.parse("list repo")?.declaration.name == "list repo")
        #expect(try parser.parse("help put file")?.positionals.map(\.text) == ["put", "file"])
        let call = try #require(try parser.parse("train logistic on a.csv --seed 7 --exclude sex,race,sex"))
        #expect(call.positionals.map(\.text) == ["logistic", "a.csv"])
        #expect(try call[Self.seed] == 7)
        #expect(try call[Self.exclude]?.map(\.value) == ["sex", "race"])
        #expect(try call[Self.exclude]?.map(\.span.column) == [44, 48])
        try call.keyword(before: 1)
    }

    @Test func splitsAddresses() throws {
        let call = try #require(try parser.parse("put file income_data@staging:/a/../train.csv -f x.csv"))
        let target = try AddressSyntax.branchAddress(call.argument(0), path: .required)
        #expect(target.repo.value.rawValue == "income_data")
        #expect(target.repo.span == SourceSpan(line: 1, column: 10, length: 11))
        #expect(target.branch.value.rawValue == "staging")
        #expect(target.branch.span == SourceSpan(line: 1, column: 22, length: 7))
        #expect(target.path?.value.description == "/train.csv")
        #expect(try call[Self.file] == "x.csv")
        #expect(try !call[Self.append])
    }

    @Test func readsRefsWithAncestry() throws {
        let call = try #require(try parser.parse("create branch r@master --head=staging^3"))
        let head = try #require(try call[Self.head])
        #expect(try AddressSyntax.commitRef(head.text, head.span).value == CommitRef(base: "staging", ancestors: 3))
    }

    @Test func ignoresBlankLinesAndComments() throws {
        #expect(try parser.parse("") == nil)
        #expect(try parser.parse("   # just a note") == nil)
        #expect(try parser.parse("list repo # trailing note")?.declaration.name == "list repo")
    }

    @Test func continuesOverLines() throws {
        let call = try #require(try parser.parse("create repo r\n  --description \"two lines\""))
        #expect(try call[Self.description] == "two lines")
        #expect(try call.argument(0).span == SourceSpan(line: 1, column: 13, length: 1))
    }

    @Test func everyCommandAcceptsFormat() throws {
        #expect(try parser.parse("list repo --format json")?.format == .json)
        let error = #expect(throws: Diagnostic.self) { try parser.parse("list repo --format yaml") }
        #expect(error?.message == "unknown format 'yaml'")
        #expect(error?.span?.column == 20)
    }

    @Test func wrongNumbersPointAtTheValue() throws {
        let call = try #require(try parser.parse("train logistic on a.csv --seed x"))
        let error = #expect(throws: Diagnostic.self) { try call[Self.seed] }
        #expect(error?.message == "--seed must be a whole number from 0")
        #expect(error?.span?.column == 32)
        #expect(error?.help == "e.g. --seed 42")
    }
}

@Suite struct LexerTests {
    @Test func tokenizesWordsStringsOptionsAndRecords() throws {
        let tokens = try Lexer.tokenize("put a@b:/c -f \"x y\\\"z\" --m=1 'raw\\n' {\"k\": \"}\"}")
        #expect(tokens.map(\.kind) == [.word, .word, .option, .string, .option, .string, .json])
        #expect(tokens.map(\.text) == ["put", "a@b:/c", "f", "x y\"z", "m", "raw\\n", "{\"k\": \"}\"}"])
        #expect(tokens[4].attachedValue?.text == "1")
        #expect(tokens[3].span == SourceSpan(line: 1, column: 15, length: 8))
    }

    @Test func negativeNumbersAreWords() throws {
        #expect(try Lexer.tokenize("-1 -x").map(\.kind) == [.word, .option])
    }

    @Test func tracksLines() throws {
        let tokens = try Lexer.tokenize("a\n  b")
        #expect(tokens[1].span == SourceSpan(line: 2, column: 3, length: 1))
    }
}

/// A command stops inside a JSON record until its brackets close.
@Suite struct OpenRecordTests {
    @Test(arguments: [
        ("predict d {", true), ("predict d {\"a\": [1,", true), ("predict d {\"a\": 1}", false),
        ("predict d {\"a\": \"{\"", true), ("predict d {\"a\": \"}\"}", false), ("list repo", false),
        ("predict d }", false), ("predict d \"{\"", false), ("describe x.csv # {", false),
        ("predict d {\"a\": \"\\\"{\"}", false),
        // A bracket inside a single-quoted argument opens nothing; inside a record, ' is a letter.
        ("release p m --require 'accuracy [ 0.8'", false), ("release p m --require \"x [\"", false),
        ("predict d {\"name\": \"O'Brien\",", true), ("predict d {\"name\": \"O'Brien\"}", false),
    ])
    func openOrClosed(text: String, open: Bool) {
        #expect(OpenRecord.isOpen(text) == open, "\(text)")
    }
}
