import Testing
import TuskML

/// The one fast number parser, which the trainer's loader and the router's CSV request reader
/// share: every number it reads is the one `Double(String)` reads, to the bit.
@Suite struct NumberParserTests {
    func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { NumberParser.parse($0, 0, $0.count) }
    }

    func cell(_ text: String) -> NumberParser.Cell {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { NumberParser.cell($0, 0, $0.count) }
    }

    @Test func thePowersOfTenAreExact() {
        #expect(NumberParser.powersOfTen.count == 23)
        for (k, power) in NumberParser.powersOfTen.enumerated() { #expect(power == Double("1e\(k)"), "10^\(k)") }
    }

    /// The fast path's edges (15 digits, 16, leading zeros, a bare point) and the slow path's
    /// (exponents, subnormals, the largest double), each the bits `Double(String)` gives.
    @Test(arguments: [
        "0", "-0", "+0", "0.0", "-0.0", "1", "+5", "-5", ".5", "5.", "-.5", "00012", "0.1", "0.2", "0.3",
        "123456789012345", "1234567890123456", "12345678901234567890", "0.000000000000001", "0.0000000000000001",
        "999999999999999", "9999999999999999", "9007199254740993", "1.7976931348623157", "3.141592653589793",
        "1e22", "1e23", "1e-5", "-2e3", "2E+3", "1.5e-10", "4.9e-324", "2.2250738585072011e-308",
        "1.7976931348623157e308", "1e999", "-1e999", "1e-999", "123456789.123", "0.000001",
    ])
    func readsAsTheStandardLibraryDoes(_ text: String) throws {
        let expected = try #require(Double(text))
        let value = try #require(parse(text))
        #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs \(expected)")
    }

    /// Random decimals, short and long, with and without a point, a sign or an exponent.
    @Test func randomDecimalsReadAsTheStandardLibraryDoes() {
        var generator = SeededGenerator(seed: 20)
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let digits = 1 + Int(generator.next() % 19)
            var text = generator.chance(0.3) ? "-" : ""
            let point = generator.chance(0.7) ? Int(generator.next() % UInt64(digits + 1)) : -1
            for k in 0..<digits {
                if k == point { text += "." }
                text += String(generator.next() % 10)
            }
            if generator.chance(0.1) { text += "e" + String(Int(generator.next() % 60) - 30) }
            guard let expected = Double(text) else { continue }
            if parse(text)?.bitPattern != expected.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test(arguments: [
        "", ".", "-", "+", "-.", "1e", "e5", "1.2.3", "0x10", "0x1p3", " 1", "1 ", "1,5", "١", "1_000", "--1",
        "1e+", "12abc", "abc", "∞",
    ])
    func refusesWhatIsNotWhollyANumber(_ text: String) {
        #expect(parse(text) == nil, "\(text)")
        #expect(cell(text) == .invalid, "\(text)")
    }

    @Test func readsPandasWordsForMissingAndInfiniteValues() {
        for word in ["nan", "NaN", "-nan", "-NaN", "NA", "N/A", "n/a", "<NA>", "#N/A", "NULL", "null", "None"] {
            #expect(parse(word)?.isNaN == true, "\(word)")
            #expect(cell(word) == .missing, "\(word)")
        }
        for word in ["inf", "+Inf", "-INF", "infinity", "-Infinity", "+INFINITY", "1e999", "-1e400"] {
            #expect(parse(word)?.isInfinite == true, "\(word)")
            #expect(cell(word) == .infinite, "\(word)")
        }
        #expect(parse("-inf") == -.infinity && parse("+inf") == .infinity)
        #expect(cell("39") == .number(39) && cell("-0.25") == .number(-0.25))
        // Not words: a case pandas does not read, a word with spaces.
        #expect(cell("nAn") == .invalid && cell(" NaN") == .invalid && cell("Nan") == .invalid)
    }

    /// A cell inside a larger buffer reads only its own bytes.
    @Test func readsOnlyTheGivenRange() {
        let bytes = Array("12,3.5e1,x".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(NumberParser.parse(buffer, 0, 2) == 12)
            #expect(NumberParser.parse(buffer, 3, 8) == 35)
            #expect(NumberParser.parse(buffer, 0, 4) == nil)
            #expect(NumberParser.parse(buffer, 2, 2) == nil)
        }
    }
}

/// The byte interner the trainer's loader and the router's CSV reader share.
@Suite struct ByteInternerTests {
    @Test func codesFollowFirstAppearanceAndEqualBytesShareOne() {
        var interner = ByteInterner()
        let words = ["b", "a", "", "b", "ab", "a", "", "é", "e\u{301}"]
        var codes: [Int32] = []
        for word in words {
            let bytes = Array(word.utf8)
            codes.append(bytes.withUnsafeBufferPointer { interner.code($0, 0, $0.count) })
        }
        // "é" and "e + combining acute" are different bytes: two levels (the readers merge them later).
        #expect(codes == [0, 1, 2, 0, 3, 1, 2, 4, 5])
        #expect(interner.count == 6)
        #expect(interner.texts == ["b", "a", "", "ab", "é", "e\u{301}"])
        #expect(interner.levels == interner.texts.map { Array($0.utf8) })
    }

    /// Thousands of levels that differ in their last bytes only: the table grows, and every code
    /// is found again.
    @Test func keepsEveryCodeAcrossGrowth() {
        var interner = ByteInterner()
        let words = (0..<5_000).map { "a\($0)" }
        func code(_ word: String) -> Int32 {
            let bytes = Array(word.utf8)
            return bytes.withUnsafeBufferPointer { interner.code($0.baseAddress!, $0.count) }
        }
        for (k, word) in words.enumerated() { #expect(code(word) == Int32(k)) }
        for (k, word) in words.enumerated().reversed() where code(word) != Int32(k) {
            Issue.record("\(word) lost its code")
        }
        #expect(interner.count == 5_000 && interner.texts == words)
    }
}
