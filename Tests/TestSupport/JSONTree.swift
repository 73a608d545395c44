import Foundation

/// A JSON document as plain Swift values — objects `[String: Any]`, arrays `[Any]`, `String`,
/// `Bool`, `Int`, `UInt64`, `Double`, `NSNull` — for the tests that damage model files thousands
/// of times. Reading converts Foundation's numbers once; writing is our own, with keys sorted:
/// `JSONSerialization` bridges every dictionary and sorts keys by locale, and was most of those
/// tests' time. This target is compiled optimized (the test targets are not), which is the rest.
public enum JSONTree {
    /// The document as Swift values.
    public static func read(_ text: Data) throws -> Any {
        func native(_ value: Any) -> Any {
            if let object = value as? [String: Any] { return object.mapValues(native) }
            if let array = value as? [Any] { return array.map(native) }
            if let number = value as? NSNumber {
                switch String(cString: number.objCType) {
                case "c": return number.boolValue
                case "d", "f": return number.doubleValue
                case "Q": return number.uint64Value  // a categorical split's bit set
                default: return number.intValue
                }
            }
            return value
        }
        return native(try JSONSerialization.jsonObject(with: text))
    }

    /// `value` as JSON text: keys sorted, numbers as Swift writes them (the shortest text that
    /// reads back to the same double), pretty-printed with two-space indents when asked.
    public static func write(_ value: Any, pretty: Bool = false) -> Data {
        var writer = Writer(pretty: pretty)
        writer.write(value, indent: "")
        return Data(writer.out)
    }

    private struct Writer {
        let pretty: Bool
        var out: [UInt8] = []

        init(pretty: Bool) { self.pretty = pretty }

        mutating func append(_ text: String) { out.append(contentsOf: text.utf8) }

        mutating func string(_ text: String) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }

        mutating func write(_ value: Any, indent: String) {
            let inner = indent + "  "
            let (open, separator, close) = pretty ? ("\n" + inner, ",\n" + inner, "\n" + indent) : ("", ",", "")
            switch value {
            case let object as [String: Any]:
                append("{")
                for (offset, key) in object.keys.sorted().enumerated() {
                    append(offset == 0 ? open : separator)
                    string(key)
                    append(pretty ? ": " : ":")
                    write(object[key]!, indent: inner)
                }
                append(object.isEmpty ? "}" : close + "}")
            case let array as [Any]:
                append("[")
                for (offset, element) in array.enumerated() {
                    append(offset == 0 ? open : separator)
                    write(element, indent: inner)
                }
                append(array.isEmpty ? "]" : close + "]")
            case let text as String: string(text)
            case is NSNull: append("null")
            case let flag as Bool: append(flag ? "true" : "false")
            case let integer as Int: append(String(integer))
            case let integer as UInt64: append(String(integer))
            case let number as Double: append("\(number)")
            default: fatalError("not a JSON value: \(type(of: value))")
            }
        }
    }
}
