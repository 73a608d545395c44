import Testing
import TuskML

@testable import TuskServing

/// Quoting through the request readers: CSV fields with quotes and line breaks, read by the
/// trainer's scanner; JSON messages that quote a value, written by TuskCore's one escaper.
extension RequestReaderTests {
    /// Doubled quotes in several fields of one row (each unescaped in place without disturbing
    /// the next), line breaks and commas inside quotes, quoted missing values, a quoted id.
    @Test func csvQuotedFieldsWithQuotesAndLineBreaks() throws {
        let text =
            "request_id,age,hours,sex,race\r\n"
            + "\"r \"\"1\"\"\",\"39\", 40 ,\"M\"\"a\"\"le\",\"\"\"W\"\"\"\r\n"
            + "r2,\"1e3\",\"\",\"Fe\r\nmale\",\"a,b\"\"c\"\r\n"
            + "r3,\"?\",7,\"\",\"\"\"\"\n"
            + "r4,\"1\"\"2\",7,M,W\n"
        let bytes = Array(text.utf8)
        let batch = try RequestReader.csv(bytes, source: "q.csv", schema: schema)
        #expect(batch.ids == [#"r "1""#, "r2", "r3"])
        #expect(batch.lines == [2, 3, 5])
        #expect(numbers(batch, "age") == [39, 1000, nil])
        #expect(numbers(batch, "hours") == [40, nil, 7])
        #expect(categories(batch, "sex") == [#"M"a"le"#, "Fe\r\nmale", nil])
        #expect(categories(batch, "race") == [#""W""#, #"a,b"c"#, #"""#])
        // The value a rejected row quotes is escaped as JSON writes it.
        #expect(batch.rejected.map(\.message) == [#"'age' must be a number, not "1\"2""#])
        #expect(batch.rejected.map(\.line) == [6])
        // The caller's bytes are left as they were (the reader unescapes its own copy), and a
        // second read gives the same batch.
        #expect(bytes == Array(text.utf8))
        let again = try RequestReader.csv(bytes, source: "q.csv", schema: schema)
        #expect(again.ids == batch.ids && categories(again, "race") == categories(batch, "race"))

        // The trainer's reader, on the same file without its rejected row, reads the same values.
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2).joined(separator: "\n")
        let loaded = try TableLoader.load(CSVReader.parse(Array((kept + "\n").utf8), source: "q.csv"))
        for name in ["age", "hours", "sex", "race"] {
            let mine = try #require(batch.table.column(named: name)), theirs = try #require(loaded.column(named: name))
            switch (mine.values, theirs.values) {
            case (.numeric(let a), .numeric(let b)):
                #expect(a.map { $0.isNaN ? nil : $0 } == b.map { $0.isNaN ? nil : $0 }, "\(name)")
            case (.categorical(let a, let levelsA), .categorical(let b, let levelsB)):
                #expect(levelsA == levelsB && a == b, "\(name)")
            default:
                Issue.record("\(name): kinds differ")
            }
        }
    }

    @Test(arguments: [
        ("\"age,hours,sex,race\n1,2,M,W\n", "unterminated quoted field in the header", 3),
        ("age,\"hours\"x,sex,race\n1,2,M,W\n", "unexpected text after a closing quote in the header", 1),
    ])
    func csvBrokenQuotesInTheHeaderRefuseTheFile(_ text: String, _ message: String, _ line: Int) {
        let error = #expect(throws: PayloadError.self) {
            try RequestReader.csv(Array(text.utf8), source: "h.csv", schema: schema)
        }
        #expect(error?.kind == .malformed)
        #expect(error?.message == message)
        #expect(error?.help == "quote the whole name, doubling inner quotes")
        #expect(error?.line == line)
    }

    /// A quoted header name is unescaped before it is looked up.
    @Test func csvQuotedHeaderNames() throws {
        let batch = try RequestReader.csv(
            Array("\"age\",\"hours\" , \"sex\",race\n1,2,M,W\n".utf8), source: "h.csv", schema: schema)
        #expect(numbers(batch, "hours") == [2] && categories(batch, "sex") == ["M"])
        let error = #expect(throws: PayloadError.self) {
            try RequestReader.csv(Array("age,hours,\"s\"\"ex\",race\n1,2,M,W\n".utf8), source: "h.csv", schema: schema)
        }
        #expect(error?.kind == .unknownFeature)
        #expect(error?.message == #"'s"ex' is not a feature of the model"#)
        #expect(error?.field == #"s"ex"#)
    }

    /// A JSON message quotes a wrong value as JSON writes it: quotes, backslashes and line breaks
    /// by name (a CRLF as `\r\n`), other controls as `\u00XX`, Unicode as it is, cut after 40
    /// characters.
    @Test(arguments: [
        (#""a\"b\\c\r\n\u0001é😀\u2028""#, #""a\"b\\c\r\n\u0001é😀"# + "\u{2028}" + #"""#),
        (#""\t\u007f/""#, #""\t"# + "\u{7F}" + #"/""#),
        ("\"" + String(repeating: "x", count: 40) + "\"", "\"" + String(repeating: "x", count: 40) + "\""),
        ("\"" + String(repeating: "x", count: 41) + "\"", "\"" + String(repeating: "x", count: 40) + "…\""),
        ("\"" + String(repeating: "é", count: 39) + #"\r\ny""#, "\"" + String(repeating: "é", count: 39) + #"\r\n…""#),
    ])
    func jsonMessagesQuoteValuesAsJSONWritesThem(_ value: String, _ quoted: String) {
        let error = #expect(throws: PayloadError.self) {
            try RequestReader.json(#"{"age": \#(value), "hours": 1, "sex": "M", "race": "W"}"#, schema: schema)
        }
        #expect(error?.kind == .wrongType)
        #expect(error?.message == "'age' must be a number, not the string \(quoted)")
    }
}
