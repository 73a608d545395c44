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

    /// What `value` breaks of the shape documented for `command`: keys the page does not list,
    /// types it does not allow, keys it requires that are missing. Empty when it conforms.
    func problems(_ value: Any, command: String) -> [String] {
        guard let keys = commands[command] else { return ["'\(command)' has no shape in docs/json.md"] }
        var problems: [String] = []
        func type(of value: Any) -> String {
            switch value {
            case is NSNull: return "null"
            case let number as NSNumber:
                return CFGetTypeID(number as CFTypeRef) == CFBooleanGetTypeID() ? "bool" : "number"
            case let text as String:
                return ["NaN", "Infinity", "-Infinity"].contains(text) ? "number|string" : "string"
            case is [Any]: return "array"
            default: return "object"
            }
        }
        func check(_ value: Any, at path: String) {
            if !path.isEmpty {
                guard let key = keys[path] else {
                    problems.append("\(command): '\(path)' is not documented")
                    return
                }
                let actual = type(of: value)
                // JSON numbers that JSON cannot hold are strings; a documented number allows them.
                let allowed =
                    actual == "number|string"
                    ? key.types.contains("number") || key.types.contains("string")
                    : key.types.contains(actual)
                if !allowed {
                    problems.append(
                        "\(command): '\(path)' is \(actual), documented \(key.types.sorted().joined(separator: "|"))")
                }
            }
            if let object = value as? [String: Any] {
                let prefix = path.isEmpty ? "" : path + "."
                for (name, child) in object { check(child, at: prefix + name) }
                for (documented, key) in keys where !key.optional && documented.hasPrefix(prefix) {
                    let name = documented.dropFirst(prefix.count)
                    if !name.contains("."), !name.hasSuffix("[]"), object[String(name)] == nil {
                        problems.append("\(command): '\(documented)' is missing")
                    }
                }
            } else if let array = value as? [Any] {
                for element in array { check(element, at: path + "[]") }
            }
        }
        check(value, at: "")
        return problems
    }
}
