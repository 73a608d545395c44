import Testing

@testable import TuskML

func fields(_ text: String, format: CSVFormat = CSVFormat()) throws -> CSVFields {
    try CSVReader.parse(Array(text.utf8), source: "t.csv", format: format)
}

func table(_ text: String, format: CSVFormat = CSVFormat(), schema: Schema? = nil, label: String? = nil) throws -> Table
{
    try TableLoader.load(fields(text, format: format), schema: schema, format: format, labelColumn: label)
}

@Suite struct CSVReaderTests {
    @Test func readsQuotedFieldsAsRFC4180Says() throws {
        let f = try fields("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,2,3\r\n")
        #expect(f.columnNames == ["a", "b", "c"])
        #expect(f.rowCount == 2)
        #expect(f.text(row: 0, column: 0) == "x, y")
        #expect(f.text(row: 0, column: 1) == "say \"hi\"")
        #expect(f.text(row: 0, column: 2) == "two\nlines")
        #expect(f.text(row: 1, column: 2) == "3")
        #expect(f.location(row: 1, column: 1) == (4, 3))
    }

    @Test func skipsTheByteOrderMarkSpacesAndBlankLines() throws {
        let f = try fields("\u{FEFF}a, b\n1, x \n\n2,  y\n\n")
        #expect(f.columnNames == ["a", "b"])
        #expect(f.rowCount == 2)
        #expect(f.text(row: 0, column: 1) == "x")
        #expect(f.text(row: 1, column: 1) == "y")
    }

    @Test(arguments: [(";", "a;b\n1;2\n"), ("\t", "a\tb\n1\t2\n"), ("|", "a|b\n1|2\n")])
    func takesOtherDelimiters(delimiter: String, text: String) throws {
        let f = try fields(text, format: CSVFormat(delimiter: delimiter.utf8.first!))
        #expect(f.columnNames == ["a", "b"])
        #expect(f.text(row: 0, column: 1) == "2")
    }

    @Test func aFirstLineOfDataIsNoHeader() throws {
        let error = #expect(throws: MLError.self) {
            try fields("39, State-gov, 77516, Bachelors\n50, Private, 83311, HS-grad\n")
        }
        #expect(error?.message == "the first line looks like data, not a header (39, State-gov, 77516, …)")
        #expect(error?.line == 1)
        #expect(error?.subject == .headerlessFile(columns: 4))
        // A header with a number or two among names is still a header.
        #expect(try fields("id,2019,label\n1,2,a\n").columnNames == ["id", "2019", "label"])
    }

    /// `adult.data`'s first line has 6 numbers among 15 fields: too few to say "data" by
    /// counting, but every column of numbers below has a number there, and its words are values
    /// of their columns further down.
    @Test func aFirstLineOfDataIsCaughtByTheRowsBelow() throws {
        let rows = [
            "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K",
            "50, Self-emp-not-inc, 83311, Bachelors, 13, Married-civ-spouse, Exec-managerial, Husband, White, Male, 0, 0, 13, United-States, <=50K",
            "38, Private, 215646, HS-grad, 9, Divorced, Handlers-cleaners, Not-in-family, White, Male, 0, 0, 40, United-States, <=50K",
            "53, State-gov, 234721, 11th, 7, Married-civ-spouse, Handlers-cleaners, Husband, Black, Male, 0, 0, 40, United-States, <=50K",
        ]
        let error = #expect(throws: MLError.self) { try fields(rows.joined(separator: "\n") + "\n") }
        #expect(error?.subject == .headerlessFile(columns: 15))
        // The trainer names the layout that fits as a fact; the DSL words it as options.
        #expect(error?.help == "read it with the layout uci-adult (15 columns), or name them")
        #expect(error?.remedy == .readLayout(known: ["uci-adult"]))
        // Read with the layout, all four rows are data.
        #expect(try fields(rows.joined(separator: "\n"), format: KnownSchema.uciAdult.format).rowCount == 4)
    }

    @Test(arguments: [
        // A word heads a column of numbers: a header.
        ("age,workclass,hours\n39,Private,40\n50,State-gov,13\n", ["age", "workclass", "hours"]),
        // A number heads the column of numbers, but the word is no value below: a header (a
        // year over a column of counts).
        ("country,1990\nFrance,1\nPeru,4\n", ["country", "1990"]),
        // Only words: nothing says the first line is data.
        ("a,b\nc,d\n", ["a", "b"]),
    ])
    func aHeaderStaysAHeader(text: String, names: [String]) throws {
        #expect(try fields(text).columnNames == names)
    }

    @Test func theSuggestionNamesNoLayoutWhenNoneHasTheFilesWidth() throws {
        let error = #expect(throws: MLError.self) { try fields("1,x,2\n3,x,4\n5,y,6\n") }
        #expect(error?.subject == .headerlessFile(columns: 3))
        #expect(error?.help == "name its 3 columns, or give a schema file")
        #expect(error?.remedy == .readLayout(known: []))
    }

    @Test func readsHeaderlessFilesWithGivenNames() throws {
        let f = try fields("1,2\n3,4\n", format: CSVFormat(hasHeader: false, columnNames: ["x", "y"]))
        #expect(f.columnNames == ["x", "y"] && f.rowCount == 2)
        let unnamed = try fields("1,2\n3,4\n", format: CSVFormat(hasHeader: false))
        #expect(unnamed.columnNames == ["column1", "column2"])
    }

    @Test(arguments: [
        ("a,b\n1,2\n3\n", "line 3 has 1 fields, expected 2", 3, 2),
        ("a,b\n1,2\n3,4,5\n", "line 3 has 3 fields, expected 2", 3, 5),
        ("a,b\n1,\"2\n", "unterminated quoted field", 2, 3),
        ("a,b\n1,\"2\"x\n", "unexpected text after a closing quote", 2, 6),
        ("a,b\n1,\u{0}\n", "binary data (a NUL byte), not a text file", 2, 3),
    ])
    func reportsMalformedFilesWithLineAndColumn(text: String, message: String, line: Int, column: Int) {
        let error = #expect(throws: MLError.self) { try fields(text) }
        #expect(error?.message == message)
        #expect(error?.location == "t.csv:\(line):\(column)")
    }

    /// Invalid UTF-8 is an error at its byte, not a replacement character in a level: a Latin-1
    /// `é` (0xE9), a lone continuation byte, an overlong `/`, a surrogate.
    @Test(arguments: [
        ([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0x63, 0x61, 0x66, 0xE9, 0x0A] as [UInt8], 2, 6, "0xE9"),
        ([0x61, 0x0A, 0x80, 0x0A], 2, 1, "0x80"), ([0x61, 0x0A, 0x78, 0xC0, 0xAF, 0x0A], 2, 2, "0xC0"),
        ([0x61, 0x0A, 0xED, 0xA0, 0x80, 0x0A], 2, 1, "0xED"),
    ])
    func invalidUTF8IsAnErrorAtItsByte(bytes: [UInt8], line: Int, column: Int, byte: String) {
        let error = #expect(throws: MLError.self) { try CSVReader.parse(bytes, source: "t.csv") }
        #expect(error?.message == "invalid UTF-8 (byte \(byte)), not text")
        #expect(error?.location == "t.csv:\(line):\(column)")
        // Valid multi-byte text is read as it is.
        #expect(throws: Never.self) { try CSVReader.parse(Array("a,b\n1,café ✓ 𝄞\n".utf8), source: "t.csv") }
    }

    @Test func carriageReturnsAloneEndLines() throws {
        let f = try fields("a,b\r1,2\r3,4\r")
        #expect(f.columnNames == ["a", "b"] && f.rowCount == 2)
        #expect(f.text(row: 1, column: 1) == "4")
    }

    @Test(arguments: ["", "\n\n", "a,b\n"])
    func refusesFilesWithoutData(text: String) {
        let error = #expect(throws: MLError.self) { try fields(text) }
        #expect(error?.kind == .malformedData)
    }
}

@Suite struct TableLoaderTests {
    @Test func infersNumericAndCategoricalColumns() throws {
        let t = try table("age,sex,score\n39,Male,1.5\n?,Female,\n50,Male,-2e3\n")
        guard case .numeric(let ages) = t.column(named: "age")?.values,
            case .categorical(let codes, let levels) = t.column(named: "sex")?.values,
            case .numeric(let scores) = t.column(named: "score")?.values
        else {
            Issue.record("wrong kinds: \(t.schema)")
            return
        }
        #expect(ages[0] == 39 && ages[1].isNaN && ages[2] == 50)
        #expect(levels == ["Female", "Male"] && codes == [1, 0, 1])
        #expect(scores[0] == 1.5 && scores[1].isNaN && scores[2] == -2000)
    }

    @Test func aDeclaredNumericColumnWithTextIsAnErrorAtThatCell() {
        let schema = Schema(columns: [Schema.Column(name: "age", kind: .numeric)])
        let error = #expect(throws: MLError.self) { try table("sex,age\nMale,39\nFemale,forty\n", schema: schema) }
        #expect(error?.message == "value 'forty' in numeric column 'age' is not a number")
        #expect(error?.location == "t.csv:3:8")
    }

    @Test func parsesNumbersExactly() throws {
        let t = try table("x\n0.1\n123456789.123\n1e-5\n-0\n12345678901234567890\n")
        guard case .numeric(let x) = t.columns[0].values else {
            Issue.record("column x is not numeric")
            return
        }
        #expect(x == [0.1, 123456789.123, 1e-5, -0.0, 1.2345678901234567890e19])
    }

    @Test func readsTheUCIAdultLayoutByName() throws {
        let adult = KnownSchema.uciAdult
        let text = """
            41, Local-gov, 123457, Masters, 14, Divorced, Prof-specialty, Unmarried, Black, Female, 0, 0, 38, United-States, <=50K
            57, Self-emp-inc, 204118, Some-college, 10, Married-civ-spouse, Sales, Husband, White, Male, 0, 0, 50, ?, >50K.
            """
        let t = try TableLoader.load(
            fields(text, format: adult.format), schema: adult.schema, format: adult.format, labelColumn: adult.target,
            normalizeLabel: adult.normalizeLabel)
        let data = try LabeledData(table: t, target: "income")
        #expect(data.classes == ["<=50K", ">50K"])
        #expect(data.labels == [0, 1])
        #expect(data.features.count == 14)
    }

    @Test func labelsMustBeBinaryAndPresent() throws {
        let single = #expect(throws: MLError.self) { try LabeledData(table: try table("x,y\n1,a\n2,a\n"), target: "y") }
        #expect(single?.message == "label column 'y' has a single class (a)")
        let missing = #expect(throws: MLError.self) { try LabeledData(table: try table("x,y\n1,a\n"), target: "z") }
        #expect(missing?.message == "no column 'z'")
        let unlabeled = #expect(throws: MLError.self) {
            try LabeledData(table: try table("x,y\n1,a\n2,\n3,b\n", label: "y"), target: "y")
        }
        #expect(unlabeled?.message == "1 rows have no 'y' value (the first is data row 2)")
        let many = #expect(throws: MLError.self) {
            try LabeledData(table: try table("x,y\n1,a\n2,b\n3,c\n"), target: "y")
        }
        #expect(many?.message.hasPrefix("label column 'y' has 3 classes") == true)
    }
}

@Suite struct SchemaFileTests {
    @Test func aSchemaFileDescribesTheLayout() throws {
        let json =
            #"{"header": false, "delimiter": ";", "target": "y", "missing": ["NA"], "columns": [{"name": "x", "kind": "categorical"}, {"name": "y", "kind": "categorical"}]}"#
        let known = try KnownSchema.load(Array(json.utf8), source: "s.json")
        #expect(known.target == "y")
        #expect(known.format.columnNames == ["x", "y"])
        let loaded = try TableLoader.load(
            try fields("1;a\nNA;b\n", format: known.format), schema: known.schema, format: known.format)
        guard case .categorical(let codes, let levels) = loaded.columns[0].values else {
            Issue.record("x should be categorical, as declared")
            return
        }
        #expect(levels == ["1"] && codes == [0, -1])
    }

    @Test func aBrokenSchemaFileIsNamed() {
        let error = #expect(throws: MLError.self) { try KnownSchema.load(Array("{}".utf8), source: "s.json") }
        #expect(error?.message == "'s.json' is not a schema file")
        let target = #expect(throws: MLError.self) {
            try KnownSchema.load(
                Array(#"{"target": "z", "columns": [{"name": "x", "kind": "numeric"}]}"#.utf8), source: "s.json")
        }
        #expect(target?.message == "target 'z' is not a column of 's.json'")
    }
}

/// Large buffers are scanned in two halves at once: whatever the bytes, the result (fields,
/// unescaped bytes, line numbers, the first error) is that of one sequential scan.
@Suite struct CSVHalvesTests {
    /// About 400 KiB of rows like "17,name 17,\"a \"\"quoted\"\" note\"", with `edit` applied to
    /// the row nearest the middle of the file.
    static func rows(header: Bool = true, edit: (Int, String) -> String = { $1 }) -> [UInt8] {
        let count = 12_000
        var text = header ? "id,name,note\n" : ""
        for row in 0..<count {
            let line = "\(row),name \(row % 97),\"a \"\"quoted\"\" note \(row % 13)\"\n"
            text += edit(row - count / 2, line)
        }
        return Array(text.utf8)
    }

    static func same(_ bytes: [UInt8], format: CSVFormat = CSVFormat()) {
        #expect(bytes.count >= CSVReader.parallelThreshold)
        let halves = Result { () throws(MLError) in try CSVReader.parse(bytes, source: "t.csv", format: format) }
        let single = Result { () throws(MLError) in
            try CSVReader.parse(bytes, source: "t.csv", format: format, inHalves: false)
        }
        switch (halves, single) {
        case (.success(let a), .success(let b)):
            #expect(a.columnNames == b.columnNames)
            #expect(a.rowCount == b.rowCount)
            #expect(a.bytes == b.bytes)
            #expect(a.starts == b.starts)
            #expect(a.ends == b.ends)
            #expect(a.rowLines == b.rowLines)
            #expect(a.rowLineStarts == b.rowLineStarts)
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description)
            #expect(a.location == b.location)
        default:
            Issue.record("one scan failed and the other did not: \(halves) vs \(single)")
        }
    }

    @Test func plainRowsGiveTheSameFields() throws {
        Self.same(Self.rows())
        let parsed = try CSVReader.parse(Self.rows(), source: "t.csv")
        #expect(parsed.rowCount == 12_000)
        #expect(parsed.text(row: 11_999, column: 2) == "a \"quoted\" note 0")
        #expect(parsed.location(row: 11_999, column: 1) == (12_001, 7))
    }

    @Test func aQuotedLineBreakAcrossTheCutGivesTheSameFields() {
        // Quoted fields of many lines around the middle: wherever the cut falls, it may be inside one.
        Self.same(Self.rows { $0 >= -40 && $0 < 40 ? "\($0),\"x\n\n\ny\",\"z\n\"\"\n\"\n" : $1 })
        Self.same(Self.rows { $0 >= -40 && $0 < 40 ? "\($0),\"\(String(repeating: "\n", count: 200))\",z\n" : $1 })
    }

    @Test func blankLinesAndCRLFGiveTheSameFields() {
        Self.same(Self.rows { $0 % 3 == 0 ? "\n\r\n" + $1.replacingOccurrences(of: "\n", with: "\r\n") : $1 })
    }

    @Test(arguments: [-1000, -1, 0, 1, 1000])
    func aShortRowIsTheSameError(at offset: Int) {
        Self.same(Self.rows { $0 == offset ? "1,2\n" : $1 })
    }

    @Test func anUnterminatedQuoteIsTheSameError() {
        Self.same(Self.rows { $0 == 200 ? "1,\"open,x\n" : $1 })
    }

    @Test func headerlessFilesGiveTheSameFields() {
        Self.same(Self.rows(header: false), format: CSVFormat(hasHeader: false))
        Self.same(
            Self.rows(header: false), format: CSVFormat(hasHeader: false, columnNames: ["id", "name", "note"]))
        Self.same(Self.rows(header: false), format: CSVFormat(hasHeader: false, columnNames: ["id", "name"]))
    }
}
