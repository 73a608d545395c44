/// A YAML document as Kubernetes manifests use it: maps with sorted keys, lists, strings and
/// integers, in block style, with `#` comments before it. Written by hand rather than with a
/// YAML library: the shapes are few, and the bytes must be the same on every run.
///
///     YAMLDocument(comments: ["a model"], root: .map(["kind": .string("Model")])).text
///     // "---\n# a model\nkind: Model\n"
struct YAMLDocument: Sendable, Equatable {
    indirect enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case list([Value])
        /// Written in key order, whatever the order given.
        case map([String: Value])
    }

    var comments: [String] = []
    var root: Value

    /// The document, starting with `---`, ending with a newline.
    var text: String {
        var lines = ["---"] + comments.map { $0.isEmpty ? "#" : "# " + $0 }
        Self.write(root, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Several documents in one stream, as `kubectl apply -f` reads them.
    static func stream(_ documents: [YAMLDocument], header: [String] = []) -> String {
        header.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined() + documents.map(\.text).joined()
    }

    private static func write(_ value: Value, indent: String, into lines: inout [String]) {
        switch value {
        case .map(let fields):
            for key in fields.keys.sorted() {
                guard let field = fields[key] else { continue }
                if let scalar = scalar(field) {
                    lines.append(indent + plainKey(key) + ": " + scalar)
                } else {
                    lines.append(indent + plainKey(key) + ":")
                    write(field, indent: indent + "  ", into: &lines)
                }
            }
        case .list(let items):
            for item in items {
                if let scalar = scalar(item) {
                    lines.append(indent + "- " + scalar)
                    continue
                }
                // The first line of a nested block goes after the dash, the rest under it.
                var nested: [String] = []
                write(item, indent: indent + "  ", into: &nested)
                guard let first = nested.first else { continue }
                lines.append(indent + "- " + first.dropFirst(indent.count + 2))
                lines += nested.dropFirst()
            }
        case .string, .int:
            lines.append(indent + (scalar(value) ?? ""))
        }
    }

    /// A scalar's text; nil for a map or a list (or an empty one, written `{}` or `[]`).
    private static func scalar(_ value: Value) -> String? {
        switch value {
        case .string(let text): quoted(text)
        case .int(let number): String(number)
        case .map(let fields): fields.isEmpty ? "{}" : nil
        case .list(let items): items.isEmpty ? "[]" : nil
        }
    }

    private static func plainKey(_ key: String) -> String { isPlain(key) ? key : quoted(key) }

    /// A string plain when YAML reads it back as that same string, else in double quotes.
    static func quoted(_ text: String) -> String {
        if isPlain(text) { return text }
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// Letters first, then letters, digits and `_ . / : @ -`, and no word YAML 1.1 reads as a
    /// boolean or null; `:` never before a space, so no plain scalar can turn into a key.
    private static func isPlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        let allowed = text.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_./:@-".unicodeScalars.contains($0))
        }
        let keywords: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        return allowed && !keywords.contains(text.lowercased())
    }
}
