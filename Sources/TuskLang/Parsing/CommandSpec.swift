/// The declaration of one DSL command: its words, arguments and options, and its help text.
///
/// The catalog of specs is the single source for parsing, `help`, and tab completion.
public struct CommandSpec: Sendable {
    /// What an argument or option value is, so completion can offer the right names.
    public enum ValueKind: Sendable, Equatable {
        /// `repo`, `repo@branch`, `repo@branch:/path`, `repo@ref[:/path]`.
        case repo, branchAddress, branchFileAddress, address, localPath, text, command, pattern
        /// A local file or a store address: `datasets/a.csv` or `income_data@master:/train.csv`.
        case data
        /// A fixed word of the syntax, such as `on` in `train logistic on DATA`.
        case keyword
        /// One of a fixed set of words, such as the model kinds.
        case choice([String])
    }

    public struct Argument: Sendable {
        public let name: String
        public let kind: ValueKind
        public let optional: Bool
    }

    public struct Option: Sendable {
        public let name: String
        public let short: Character?
        /// The value's name in usage text, or nil for a flag.
        public let value: String?
        public let kind: ValueKind
        public let summary: String
        /// Whether the command cannot run without it (usage shows it without brackets).
        public let required: Bool
    }

    /// `["create", "repo"]`.
    public let words: [String]
    public let summary: String
    public let arguments: [Argument]
    public let options: [Option]
    public let details: String
    public let examples: [String]

    public var name: String { words.joined(separator: " ") }

    /// `create repo NAME [--description TEXT]`.
    public var usage: String {
        var parts = [name]
        for argument in arguments {
            let name = argument.kind == .keyword ? argument.name.lowercased() : argument.name
            parts.append(argument.optional ? "[\(name)]" : name)
        }
        for option in options.filter(\.required) + options.filter({ !$0.required }) {
            let flag = option.short.map { "-\($0)" } ?? "--\(option.name)"
            let text = option.value.map { "\(flag) \($0)" } ?? flag
            parts.append(option.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// The fixed words the command's syntax contains (`on`).
    var keywords: [String] { arguments.filter { $0.kind == .keyword }.map { $0.name.lowercased() } }

    func option(named name: String) -> Option? {
        options.first { $0.name == name || ($0.short.map(String.init) == name) }
    }
}
