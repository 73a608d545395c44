import Foundation

/// One record given as JSON (`{"age": 39, "sex": "Male"}`), read into a one-row ``Table``.
///
/// Numbers become numeric cells and strings categorical ones; a key the model needs but the
/// record lacks is a missing value; `null` is missing too, and so are `""` and `"?"`, as in a CSV
/// file (``CSVFormat/isMissing(_:)``).
public enum RecordReader {
    enum Value: Decodable {
        case number(Double), text(String), null, other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .other
            }
        }
    }

    public static func table(fromJSON text: String, source: String = "<record>") throws(MLError) -> Table {
        guard let record = try? JSONDecoder().decode([String: Value].self, from: Data(text.utf8)) else {
            throw MLError(
                "the record is not a JSON object", kind: .malformedData, file: source,
                help: "write {\"age\": 39, \"sex\": \"Male\"}")
        }
        var columns: [Table.Column] = []
        for (key, value) in record.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .number(let number):
                columns.append(Table.Column(name: key, values: .numeric([number])))
            case .text(let string) where CSVFormat.isMissing(string):
                columns.append(Table.Column(name: key, values: .categorical(codes: [-1], levels: [])))
            case .text(let string):
                columns.append(Table.Column(name: key, values: .categorical(codes: [0], levels: [string])))
            case .null:
                columns.append(Table.Column(name: key, values: .categorical(codes: [-1], levels: [])))
            case .other:
                throw MLError(
                    "value of '\(key)' must be a number, a string or null", kind: .malformedData, file: source,
                    help: "write \"\(key)\": 39 or \"\(key)\": \"text\"")
            }
        }
        return Table(source: source, rowCount: 1, columns: columns)
    }

    /// Where each top-level field name of a JSON record is written: its opening quote's offset in
    /// characters from the record's `{`, and its length in characters, quotes included. What a
    /// caller points at when a field is misspelled.
    public static func fieldPositions(_ text: String) -> [String: (offset: Int, length: Int)] {
        var positions: [String: (offset: Int, length: Int)] = [:]
        var depth = 0
        var inString = false, escaped = false, expectingKey = false, collecting = false
        var start = 0
        var raw = ""
        for (offset, c) in text.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                    if collecting {
                        collecting = false
                        let name = (try? JSONDecoder().decode(String.self, from: Data("\"\(raw)\"".utf8))) ?? raw
                        if positions[name] == nil { positions[name] = (start, offset - start + 1) }
                    }
                    continue
                }
                if collecting { raw.append(c) }
                continue
            }
            switch c {
            case "\"":
                inString = true
                if depth == 1 && expectingKey {
                    collecting = true
                    expectingKey = false
                    start = offset
                    raw = ""
                }
            case "{", "[":
                depth += 1
                if depth == 1 { expectingKey = c == "{" }
            case "}", "]": depth -= 1
            case "," where depth == 1: expectingKey = true
            default: break
            }
        }
        return positions
    }
}
