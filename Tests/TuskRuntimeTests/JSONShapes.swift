import Foundation

/// The JSON shapes `docs/json.md` documents, read from its ```` ```json-shape ```` blocks: per
/// command, each key path (`repos[].name`) with the types it may have, and whether it may be
/// absent (`output?`). What a command prints is checked against them, so the page cannot drift.
struct JSONShapes {
    struct Key: Equatable {
        let optional: Bool
        let types: Set<String>
    }

    /// Command name → key path → key.
    var commands: [String: [String: Key]] = [:]

    /// Reads the page: a heading `### \`COMMAND\`` (or `### \`A\`, \`B\``) names the commands the
    /// next shape block describes.
    init(markdown: String) throws {
        var names: [String] = []
        var inside = false
        var keys: [String: Key] = [:]
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("### ") {
                names = line.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            } else if line == "```json-shape" {
                inside = true
                keys = [:]
            } else if inside, line == "```" {
                inside = false
                for name in names { commands[name] = keys }
            } else if inside {
                guard let colon = line.range(of: ": ") else { throw Failure("bad shape line '\(line)'") }
                var path = String(line[..<colon.lowerBound])
                let optional = path.hasSuffix("?")
                if optional { path.removeLast() }
                let types = Set(line[colon.upperBound...].split(separator: "|").map(String.init))
                keys[path] = Key(optional: optional, types: types)
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A JSON value as decoded, keeping booleans apart from numbers (which `JSONSerialization`
    /// on Linux does not).
    enum Value: Decodable {
        case null, bool(Bool), number, string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if (try? container.decode(Double.self)) != nil {
                self = .number
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if let array = try? container.decode([Value].self) {
                self = .array(array)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }

        static func parse(_ text: String) throws -> Value {
            try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        }
    }

    /// What `value` breaks of the shape documented for `command`: keys the page does not list,
    /// types it does not allow, keys it requires that are missing. Empty when it conforms.
    func problems(_ value: Value, command: String) -> [String] {
        guard let keys = commands[command] else { return ["'\(command)' has no shape in docs/json.md"] }
        var problems: [String] = []
        func type(of value: Value) -> String {
            switch value {
            case .null: "null"
            case .bool: "bool"
            case .number: "number"
            // Numbers that JSON cannot hold are strings; a documented number allows them.
            case .string(let text): ["NaN", "Infinity", "-Infinity"].contains(text) ? "number|string" : "string"
            case .array: "array"
            case .object: "object"
            }
        }
        func check(_ value: Value, at path: String) {
            if !path.isEmpty {
                guard let key = keys[path] else {
                    problems.append("\(command): '\(path)' is not documented")
                    return
                }
                let actual = type(of: value)
                let allowed =
                    actual == "number|string"
                    ? key.types.contains("number") || key.types.contains("string") : key.types.contains(actual)
                if !allowed {
                    problems.append(
                        "\(command): '\(path)' is \(actual), documented \(key.types.sorted().joined(separator: "|"))")
                }
            }
            switch value {
            case .object(let object):
                let prefix = path.isEmpty ? "" : path + "."
                for (name, child) in object { check(child, at: prefix + name) }
                for (documented, key) in keys where !key.optional && documented.hasPrefix(prefix) {
                    let name = documented.dropFirst(prefix.count)
                    if !name.contains("."), !name.hasSuffix("[]"), object[String(name)] == nil {
                        problems.append("\(command): '\(documented)' is missing")
                    }
                }
            case .array(let array):
                for element in array { check(element, at: path + "[]") }
            default: break
            }
        }
        check(value, at: "")
        return problems
    }
}
