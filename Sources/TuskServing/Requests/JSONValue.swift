import TuskCore
import TuskML

/// A JSON value and where it is written in the text it was read from.
///
/// Why not Foundation's `JSONSerialization` or `JSONDecoder`: they say neither where a value
/// is nor where a document goes wrong, and a request payload's errors must point at the field
/// that is wrong (`'age' must be a number`, a caret under `"old"`). So this is a small, strict
/// RFC 8259 reader that keeps the position of every key and value: objects, arrays, strings
/// with every escape (`\uD83D\uDE00` surrogate pairs included), numbers, `true`, `false`,
/// `null`. It refuses what is not JSON (trailing text, leading zeros, lone surrogates, control
/// characters in strings), duplicate keys (which readers resolve differently, so a payload with
/// them means two things) and nesting deeper than ``maxDepth`` (so recursion stays shallow);
/// any input gives a value or a ``JSONSyntaxError``, never a trap.
///
/// Positions are UTF-8 byte offsets into the text, cheap to keep while reading; ``JSONText``
/// turns one into a character offset only when an error needs it.
///
///     let value = try JSONValue.parse(#"{"age": 39}"#)
///     value["age"]?.value.range  // 8..<10, the bytes of `39`
struct JSONValue: Sendable {
    enum Content: Sendable {
        case object([Member])
        case array([JSONValue])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// A key of an object, where it is written (quotes included), and its value.
    struct Member: Sendable {
        let key: String
        let keyRange: Range<Int>
        let value: JSONValue
    }

    let content: Content
    /// The value's text, as UTF-8 byte offsets (an object or array from its bracket to its closing one).
    let range: Range<Int>

    /// Deeper nesting is refused: no payload needs it, and it bounds the reader's recursion.
    static let maxDepth = 64

    /// The member named `key`, when the value is an object that has one.
    subscript(key: String) -> Member? {
        guard case .object(let members) = content else { return nil }
        return members.first { $0.key == key }
    }

    /// What the value is, for messages: `the string "old"`, `true`, `an array`.
    var described: String {
        switch content {
        case .object: "an object"
        case .array: "an array"
        case .string(let text): "the string \(JSONValue.quoted(text))"
        case .number(let number): "the number \(CategoryLevel.name(of: number))"
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }

    /// `text` in double quotes as JSON writes it, cut after 40 characters (then `…`).
    static func quoted(_ text: String) -> String {
        var characters = text.makeIterator()
        var cut = ""
        for _ in 0..<40 {
            guard let character = characters.next() else { return JSONString.quoted(text) }
            cut.append(character)
        }
        return characters.next() == nil ? JSONString.quoted(text) : JSONString.quoted(cut + "…")
    }

    /// Reads one JSON value, the whole of `text` (whitespace around it aside).
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONSyntaxError> = text.withUTF8 { bytes in
            var reader = JSONReader(bytes: bytes)
            do throws(JSONSyntaxError) {
                return .success(try reader.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Why a text is not JSON, and the UTF-8 byte range it is about.
struct JSONSyntaxError: Error, Sendable, Equatable {
    let message: String
    let range: Range<Int>
}

/// The reader behind ``JSONValue/parse(_:)``: one pass over UTF-8 bytes.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw JSONSyntaxError(message: "the payload is empty", range: i..<i) }
        let value = try value()
        skipSpace()
        guard i == bytes.count else {
            throw JSONSyntaxError(message: "unexpected text after the JSON value", range: i..<(i + scalarLength(at: i)))
        }
        return value
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard i < bytes.count else { throw unexpectedEnd("a value") }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""):
            let text = try string()
            return JSONValue(content: .string(text), range: start..<i)
        case UInt8(ascii: "t"): return try word("true", .bool(true))
        case UInt8(ascii: "f"): return try word("false", .bool(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case let byte where isLetter(byte):
            var end = i
            while end < bytes.count && isLetter(bytes[end]) { end += 1 }
            throw JSONSyntaxError(
                message: "'\(text(start..<end))' is not a JSON value (strings need double quotes)", range: start..<end)
        default: throw unexpected("a value")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONValue.maxDepth {
            throw JSONSyntaxError(message: "nested deeper than \(JSONValue.maxDepth) levels", range: i..<(i + 1))
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        try enter()
        i += 1
        var members: [JSONValue.Member] = []
        // Duplicate keys are found by comparing with the members so far, and by a set only once
        // an object has more than 16: a request's record is parsed per request, and a set per
        // object cost more than the comparisons.
        var keys: Set<String>?
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return JSONValue(content: .object([]), range: start..<i)
        }
        while true {
            skipSpace()
            guard i < bytes.count else { throw unexpectedEnd("a key in double quotes") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw unexpected("a key in double quotes") }
            let keyStart = i
            let key = try string()
            let keyRange = keyStart..<i
            if keys == nil && members.count >= 16 { keys = Set(members.map(\.key)) }
            let isNew = keys == nil ? !members.contains { $0.key == key } : keys!.insert(key).inserted
            guard isNew else {
                throw JSONSyntaxError(message: "duplicate key \(JSONValue.quoted(key))", range: keyRange)
            }
            skipSpace()
            guard i < bytes.count else { throw unexpectedEnd("':' after the key") }
            guard bytes[i] == UInt8(ascii: ":") else { throw unexpected("':' after the key") }
            i += 1
            skipSpace()
            let value = try value()
            members.append(JSONValue.Member(key: key, keyRange: keyRange, value: value))
            skipSpace()
            guard i < bytes.count else { throw unexpectedEnd("',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { throw unexpected("',' or '}'") }
            i += 1
            depth -= 1
            return JSONValue(content: .object(members), range: start..<i)
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        try enter()
        i += 1
        var elements: [JSONValue] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return JSONValue(content: .array([]), range: start..<i)
        }
        while true {
            skipSpace()
            elements.append(try value())
            skipSpace()
            guard i < bytes.count else { throw unexpectedEnd("',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "]") else { throw unexpected("',' or ']'") }
            i += 1
            depth -= 1
            return JSONValue(content: .array(elements), range: start..<i)
        }
    }

    private mutating func word(_ word: StaticString, _ content: JSONValue.Content) throws(JSONSyntaxError) -> JSONValue
    {
        let start = i
        let count = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        var k = 0
        while k < count && start + k < bytes.count && bytes[start + k] == expected[k] { k += 1 }
        guard k == count else {
            var end = start
            while end < bytes.count && isLetter(bytes[end]) { end += 1 }
            throw JSONSyntaxError(
                message: "'\(text(start..<max(end, start + 1)))' is not a JSON value (strings need double quotes)",
                range: start..<max(end, start + 1))
        }
        i += count
        if i < bytes.count && isLetter(bytes[i]) {
            var end = i
            while end < bytes.count && isLetter(bytes[end]) { end += 1 }
            throw JSONSyntaxError(
                message: "'\(text(start..<end))' is not a JSON value (strings need double quotes)", range: start..<end)
        }
        return JSONValue(content: content, range: start..<i)
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as RFC 8259 has it.
    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        func invalid(_ why: String, _ end: Int) -> JSONSyntaxError {
            var stop = end
            while stop < bytes.count && isNumberByte(bytes[stop]) { stop += 1 }
            return JSONSyntaxError(
                message: "'\(text(start..<max(stop, start + 1)))' is not a JSON number (\(why))",
                range: start..<max(stop, start + 1))
        }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw invalid("a digit must follow '-'", i) }
        var mantissa: UInt64 = 0
        var digits = 0
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count && isDigit(bytes[i]) { throw invalid("no leading zeros", i) }
            digits = 1
        } else {
            while i < bytes.count && isDigit(bytes[i]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                digits += 1
                i += 1
            }
        }
        var fractionDigits = 0
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw invalid("a digit must follow '.'", i) }
            while i < bytes.count && isDigit(bytes[i]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                fractionDigits += 1
                i += 1
            }
        }
        var exponent = false
        if i < bytes.count && (bytes[i] | 0x20) == UInt8(ascii: "e") {
            exponent = true
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw invalid("a digit must follow the exponent", i) }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        let range = start..<i
        let value: Double
        if !exponent && digits + fractionDigits <= 15 {
            // Exact: both the integer and the power of ten are exact doubles (Clinger's fast path).
            let magnitude = Double(mantissa) / NumberParser.powersOfTen[fractionDigits]
            value = bytes[start] == UInt8(ascii: "-") ? -magnitude : magnitude
        } else {
            value = Double(text(range)) ?? .infinity
        }
        guard value.isFinite else {
            throw JSONSyntaxError(message: "number \(text(range)) is out of range", range: range)
        }
        return JSONValue(content: .number(value), range: range)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || (byte | 0x20) == UInt8(ascii: "e")
    }

    /// A string from its opening quote; `i` ends after the closing one.
    private mutating func string() throws(JSONSyntaxError) -> String {
        let open = i
        i += 1
        let start = i
        // The common case: no escapes, one slice of the text.
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            i += 1
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte < 0x20 { throw controlCharacter(byte) }
            guard byte == UInt8(ascii: "\\") else {
                scratch.append(byte)
                i += 1
                continue
            }
            let escape = i
            guard i + 1 < bytes.count else { break }
            i += 2
            switch bytes[escape + 1] {
            case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape(from: escape)
                scratch.append(contentsOf: String(Character(scalar)).utf8)
            default:
                let length = 1 + scalarLength(at: escape + 1)
                throw JSONSyntaxError(
                    message: "'\(text(escape..<(escape + length)))' is not a JSON escape",
                    range: escape..<(escape + length))
            }
        }
        throw JSONSyntaxError(message: "the text ends inside a string", range: open..<(open + 1))
    }

    /// The scalar of `\uXXXX` (or of a `\uD83D\uDE00` pair) at `escape`; `i` is after the `u`.
    private mutating func unicodeEscape(from escape: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try hex4(escape)
        if (0xDC00...0xDFFF).contains(high) {
            throw JSONSyntaxError(message: "unpaired surrogate '\(text(escape..<i))'", range: escape..<i)
        }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high)! }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
            throw JSONSyntaxError(message: "unpaired surrogate '\(text(escape..<i))'", range: escape..<i)
        }
        let second = i
        i += 2
        let low = try hex4(second)
        guard (0xDC00...0xDFFF).contains(low) else {
            throw JSONSyntaxError(message: "unpaired surrogate '\(text(escape..<second))'", range: escape..<second)
        }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
    }

    /// Four hex digits at `i`, for the escape starting at `escape`.
    private mutating func hex4(_ escape: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count else { break }
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONSyntaxError(
                    message: "'\\u' must be followed by four hex digits", range: escape..<(i + scalarLength(at: i)))
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        guard i - escape == 6 else {
            throw JSONSyntaxError(message: "'\\u' must be followed by four hex digits", range: escape..<i)
        }
        return value
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        let hex = String(byte, radix: 16)
        return JSONSyntaxError(
            message: "control character U+\(String(repeating: "0", count: 4 - hex.count) + hex.uppercased()) "
                + "inside a string (write it escaped, as \\n or \\u00XX)",
            range: i..<(i + 1))
    }

    private func unexpectedEnd(_ expected: String) -> JSONSyntaxError {
        JSONSyntaxError(message: "the text ends where \(expected) was expected", range: bytes.count..<bytes.count)
    }

    private func unexpected(_ expected: String) -> JSONSyntaxError {
        let length = scalarLength(at: i)
        return JSONSyntaxError(
            message: "expected \(expected), not '\(text(i..<(i + length)))'", range: i..<(i + length))
    }

    /// The length in bytes of the UTF-8 scalar starting at `offset` (1 at the end or on a stray byte).
    private func scalarLength(at offset: Int) -> Int {
        guard offset < bytes.count else { return 0 }
        let lead = bytes[offset]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return min(length, bytes.count - offset)
    }

    private func text(_ range: Range<Int>) -> String {
        let clamped = min(range.lowerBound, bytes.count)..<min(range.upperBound, bytes.count)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[clamped]), as: UTF8.self)
    }
}

/// A JSON text and its positions in characters: what error carets point with.
struct JSONText {
    let text: String

    /// The number of characters before UTF-8 offset `byte` (one inside a character counts that character's start).
    func characterOffset(_ byte: Int) -> Int {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: max(0, byte), limitedBy: utf8.endIndex) ?? utf8.endIndex
        return text.distance(from: text.startIndex, to: index)
    }

    /// A byte range as a character offset and length.
    func characters(_ range: Range<Int>) -> (offset: Int, length: Int) {
        let start = characterOffset(range.lowerBound)
        let end = characterOffset(range.upperBound)
        let total = text.count
        return (start, start < total ? max(1, end - start) : 0)
    }

    /// 1-based line and column (in characters) of UTF-8 offset `byte`.
    func lineAndColumn(_ byte: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var offset = 0
        for unit in text.utf8 {
            if offset >= byte { break }
            offset += 1
            if unit == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset
            }
        }
        return (line, characterOffset(byte) - characterOffset(lineStart) + 1)
    }
}
