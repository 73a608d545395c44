import Foundation

/// Finds an object key written twice in a JSON document, which Foundation's `JSONDecoder`
/// accepts silently (the last value wins): a model file must say each thing once, so that what a
/// reviewer reads in it is what the model uses.
///
/// One pass over the bytes, tracking only structure: strings are skipped (keys are decoded only
/// when they hold an escape, so `"a"` and `"\u0061"` are the same key, as the decoder sees them),
/// numbers and literals are stepped over. Malformed JSON is not its business: it stops quietly and
/// leaves the error to the decoder, which words it.
///
///     if let duplicate = DuplicateKeyScan.first(in: data) { print(duplicate.path, duplicate.key) }
enum DuplicateKeyScan {
    /// Where a key appears twice: the object's path (`encoder.numeric[2]`, empty for the document)
    /// and the key.
    struct Duplicate: Equatable {
        let path: String
        let key: String
        /// Set when the finding is not a key written twice but a number no double holds
        /// (beyond ±1.8e308, or so small it is subnormal or rounds to zero): the decoder refuses
        /// those without saying where.
        var number: String? = nil
        /// Set when a field that holds a whole number holds another number.
        var wholeNumber: String? = nil
    }

    /// Deeper than this, the document is not a model: the scan stops (and the decoder refuses it).
    static let maxDepth = 256

    /// - Parameter wholeNumbers: keys whose values (or elements) are whole numbers: `1.5` or
    ///   `1e308` there is named by its field (the decoder would say only "not valid JSON").
    static func first(in data: Data, wholeNumbers: Set<String> = []) -> Duplicate? {
        data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self), wholeNumbers: wholeNumbers)
            return scanner.document()
        }
    }

    private struct Malformed: Error {}

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let wholeNumbers: Set<String>
        var index = 0
        /// Where the scan is: keys and element indices from the document down. A finding renders it;
        /// nothing else builds a path, so a document costs one pass and no string per value.
        var steps: [Step] = []

        enum Step {
            case key(String), element(Int)
        }

        /// `encoder.numeric[2]`: the steps so far, as findings name a place.
        var path: String {
            var text = ""
            for step in steps {
                switch step {
                case .key(let key): text += text.isEmpty ? key : ".\(key)"
                case .element(let element): text += "[\(element)]"
                }
            }
            return text
        }

        /// The nearest key above the value (`numeric` in `encoder.numeric[2]`).
        var innermostKey: String {
            for step in steps.reversed() { if case .key(let key) = step { return key } }
            return ""
        }

        mutating func document() -> Duplicate? {
            do { return try value(depth: 0) } catch { return nil }
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        mutating func skipSpace() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(Malformed) -> Duplicate? {
            guard depth < maxDepth else { throw Malformed() }
            skipSpace()
            guard index < bytes.count else { throw Malformed() }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""):
                _ = try string()
                return nil
            default:
                // A number or a literal: up to the next delimiter.
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                        || Self.isSpace(byte)
                    {
                        break
                    }
                    index += 1
                }
                if index == start { throw Malformed() }
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                guard text[0] == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[0]) else {
                    return nil  // true, false, null, or not JSON (the decoder's to word)
                }
                return number(text)
            }
        }

        /// A number no double holds, or a fraction where a whole number belongs.
        func number(_ text: UnsafeBufferPointer<UInt8>) -> Duplicate? {
            let literal = String(decoding: text, as: UTF8.self)
            let mantissa = text.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
            let zero = !mantissa.contains { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) }
            guard let value = Double(literal), value.isFinite, zero || value.isNormal else {
                return Duplicate(path: path, key: "", number: literal)
            }
            if wholeNumbers.contains(innermostKey), Int64(literal) == nil, UInt64(literal) == nil {
                return Duplicate(path: path, key: "", wholeNumber: literal)
            }
            return nil
        }

        mutating func object(depth: Int) throws(Malformed) -> Duplicate? {
            index += 1
            var keys = Set<String>()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return nil
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
                let key = try string()
                guard keys.insert(key).inserted else { return Duplicate(path: path, key: key) }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Malformed() }
                index += 1
                steps.append(.key(key))
                if let found = try value(depth: depth + 1) { return found }
                steps.removeLast()
                skipSpace()
                guard index < bytes.count else { throw Malformed() }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { throw Malformed() }
                index += 1
                return nil
            }
        }

        mutating func array(depth: Int) throws(Malformed) -> Duplicate? {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return nil
            }
            var element = 0
            while true {
                steps.append(.element(element))
                if let found = try value(depth: depth + 1) { return found }
                steps.removeLast()
                element += 1
                skipSpace()
                guard index < bytes.count else { throw Malformed() }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "]") else { throw Malformed() }
                index += 1
                return nil
            }
        }

        /// The string at `index` (its opening quote), decoded; `index` moves past its closing quote.
        mutating func string() throws(Malformed) -> String {
            let start = index
            index += 1
            var escaped = false
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"):
                    escaped = true
                    index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    let quoted = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    guard escaped else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
                    guard let text = try? JSONDecoder().decode(String.self, from: Data(quoted)) else {
                        throw Malformed()
                    }
                    return text
                default: index += 1
                }
            }
            throw Malformed()
        }
    }
}
