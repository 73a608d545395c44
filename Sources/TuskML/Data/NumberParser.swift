/// Decimal numbers from bytes, as the trainer's loader and the router's CSV request reader type
/// a cell: exact for the common case (Clinger's fast path: at most 15 digits, no exponent),
/// the standard library's reading otherwise, and pandas' words for missing values and infinities.
///
///     NumberParser.cell(bytes, 0, bytes.count)  // "39" → .number(39), "NA" → .missing, "inf" → .infinite
package enum NumberParser {
    /// 10⁰ … 10²², each exact as a double (a product of exact powers); the router's JSON reader
    /// takes its fast path with them too.
    package static let powersOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers.last! * 10) }
        return powers
    }()

    /// `bytes[start..<end]` as a number: NaN for a missing value's word, ±infinity for an
    /// infinite one (`inf`, `-Infinity`, `1e999`), nil when it is not wholly a number.
    @inlinable
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        while i < end, bytes[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
            digits += 1
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                digits += 1
                fractionDigits += 1
                i += 1
            }
        }
        if digits > 0 && i == end && digits <= 15 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return slowParse(bytes, start, end)
    }

    /// How a numeric cell (not empty, not a missing marker) reads.
    package enum Cell: Equatable, Sendable {
        case number(Double)
        /// One of pandas' words for a missing value (`NaN`, `NA`, `null`, …).
        case missing
        /// An infinity, written as a word or out of range (`1e999`).
        case infinite
        /// Not a number.
        case invalid
    }

    /// `bytes[start..<end]` as a ``Cell``.
    @inlinable @inline(__always)
    package static func cell(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        guard let value = parse(bytes, start, end) else { return .invalid }
        if value.isNaN { return .missing }
        return value.isFinite ? .number(value) : .infinite
    }

    /// pandas' spellings of not-a-number: missing in any column.
    package static let notANumber: Set<String> = ["nan", "NaN", "-nan", "-NaN"]

    /// Words that stand for a number in a column of numbers: not-a-number and pandas' other
    /// missing markers (missing, NaN), and infinity (which the readers then refuse).
    static let words: [String: Double] = {
        var words: [String: Double] = [:]
        for word in notANumber.union(["NA", "N/A", "n/a", "<NA>", "#N/A", "NULL", "null", "None"]) {
            words[word] = .nan
        }
        for word in ["inf", "Inf", "INF", "infinity", "Infinity", "INFINITY"] {
            words[word] = .infinity
            words["+" + word] = .infinity
            words["-" + word] = -.infinity
        }
        return words
    }()

    /// Exponents, long mantissas: the standard library decides (`1e999` is infinite); the words
    /// above; anything else that is not wholly a number is refused.
    @usableFromInline
    static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if let word = words[text] { return word }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 &- 48 < 10 || "+-.eE".utf8.contains($0) }) else {
            return nil
        }
        return Double(text)
    }
}
