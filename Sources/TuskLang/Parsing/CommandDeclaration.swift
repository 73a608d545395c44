import TuskCore

/// The declaration of one DSL command: its words, arguments and options, and its help text.
///
/// A command type declares itself with one of these, the way swift-argument-parser's commands do;
/// parsing, `help` and tab completion all read the same declarations, so they cannot disagree.
///
///     static let description = Option<String>("description", value: "TEXT", "what the repo holds")
///     static let declaration = CommandDeclaration(
///         "create repo", "Create a data repository (with an empty master branch).",
///         arguments: [.init("NAME", .repo)], options: [description])
///
/// What front ends need to know about a command beyond its syntax is declared here too, rather
/// than recognised by its name or its result's type: which options name a file it writes
/// (``Option/writes``), whether a session records it (``recorded``), whether what it prints
/// depends on the clock (``readsClock``).
public struct CommandDeclaration: Sendable {
    /// What an argument or option value is, so completion can offer the right names.
    public enum ValueKind: Sendable, Equatable {
        /// `repo`, `repo@branch`, `repo@branch:/path`, `repo@ref[:/path]`.
        case repo, branchAddress, branchFileAddress, address, localPath, text, command, pattern
        /// A local file or a store address: `datasets/a.csv` or `income_data@master:/train.csv`.
        case data
        /// A column of the data the command reads (`--target`, `--protected`).
        case column
        /// A deployment of the router (`production`).
        case deployment
        /// A fixed word of the syntax, such as `on` in `train logistic on DATA`.
        case keyword
        /// One of a fixed set of words, such as the model kinds.
        case choice([String])
    }

    public struct Argument: Sendable {
        public let name: String
        public let kind: ValueKind
        public let optional: Bool
        /// Takes every remaining word (only the last argument).
        public let variadic: Bool

        public init(_ name: String, _ kind: ValueKind, optional: Bool = false, variadic: Bool = false) {
            self.name = name
            self.kind = kind
            self.optional = optional
            self.variadic = variadic
        }
    }

    /// What help, usage, completion and the parser know of an option. Commands declare options as
    /// typed ``TuskLang/Option`` or ``Flag`` values, which carry one of these.
    public struct Option: Sendable {
        public let name: String
        public let short: Character?
        /// The value's name in usage text, or nil for a flag.
        public let value: String?
        public let kind: ValueKind
        public let summary: String
        /// Whether the command cannot run without it (usage shows it without brackets).
        public let required: Bool
        /// Whether the value names a file the command writes (`--output`), not one it reads: a
        /// saved session leaves it as typed, and later commands that read it read what was written.
        public let writes: Bool

        init(
            _ name: String, short: Character? = nil, value: String?, _ summary: String, kind: ValueKind = .text,
            required: Bool = false, writes: Bool = false
        ) {
            self.name = name
            self.short = short
            self.value = value
            self.kind = kind
            self.summary = summary
            self.required = required
            self.writes = writes
        }

        /// `-f`, or `--name` when there is no short form.
        public var flag: String { short.map { "-\($0)" } ?? "--\(name)" }
    }

    /// `["create", "repo"]`.
    public let words: [String]
    public let summary: String
    public let arguments: [Argument]
    public let options: [Option]
    public let details: String
    public let examples: [String]
    /// Options that may be given once on each side of a fixed word, and then describe that side:
    /// `drift A --schema uci-adult vs B --schema uci-adult`.
    public let sides: Sides?
    /// Whether a session records the command for `save`: false for commands a replay must not
    /// run again (`save` itself, done or refused).
    public let recorded: Bool
    /// Whether what the command prints depends on the wall clock (a monitor's measured latency),
    /// so a replay, which runs on a logical clock, cannot print the same.
    public let readsClock: Bool

    /// A fixed word that splits a command into two sides, and the options each side may have.
    public struct Sides: Sendable {
        public let keyword: String
        /// The names of the options.
        public let options: [String]

        public init(keyword: String, options: [any DeclaredOption]) {
            self.keyword = keyword
            self.options = options.map(\.name)
        }
    }

    public init(
        _ name: String, _ summary: String, arguments: [Argument] = [], options: [any DeclaredOption] = [],
        details: String = "", examples: [String] = [], sides: Sides? = nil, recorded: Bool = true,
        readsClock: Bool = false
    ) {
        self.words = name.split(separator: " ").map(String.init)
        self.summary = summary
        self.arguments = arguments
        self.options = options.map(\.spec)
        self.details = details
        self.examples = examples
        self.sides = sides
        self.recorded = recorded
        self.readsClock = readsClock
    }

    public var name: String { words.joined(separator: " ") }

    /// Options every command accepts: how to print the result.
    public static let globalOptions: [Option] = [TuskLang.Option<OutputFormat>.format.spec]

    /// The options of this command, then the global ones.
    public var allOptions: [Option] { options + Self.globalOptions }

    /// `create repo NAME [--description TEXT]`.
    public var usage: String {
        var parts = [name]
        for argument in arguments {
            var name = argument.kind == .keyword ? argument.name.lowercased() : argument.name
            if argument.variadic { name += "..." }
            parts.append(argument.optional ? "[\(name)]" : name)
        }
        for option in options.filter(\.required) + options.filter({ !$0.required }) {
            let text = option.value.map { "\(option.flag) \($0)" } ?? option.flag
            parts.append(option.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// The fixed words the command's syntax contains (`on`).
    var keywords: [String] { arguments.filter { $0.kind == .keyword }.map { $0.name.lowercased() } }

    /// The arguments that take a value (not the fixed words).
    var valueArguments: [Argument] { arguments.filter { $0.kind != .keyword } }

    public func option(named name: String) -> Option? {
        allOptions.first { $0.name == name || ($0.short.map(String.init) == name) }
    }
}
