import TuskCore
import TuskLang

/// `help [COMMAND]`: generated from the declarations, so it cannot drift from the parser.
public struct Help: TuskCommand {
    public static let declaration = CommandDeclaration(
        "help", "List the commands, or explain one.",
        arguments: [.init("COMMAND", .command, optional: true, variadic: true)],
        examples: ["help", "help put file"])

    let topic: Located<String>?

    public init(_ call: Invocation) {
        guard let first = call.positionals.first else {
            topic = nil
            return
        }
        let text = call.positionals.map(\.text).joined(separator: " ")
        topic = Located(text, at: SourceSpan(line: first.span.line, column: first.span.column, length: text.count))
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> HelpText {
        let declarations = CommandSet.parser.declarations
        guard let topic else {
            return HelpText(
                topic: nil,
                commands: declarations.map { .init(name: $0.name, summary: $0.summary) }, usage: nil)
        }
        if let declaration = declarations.first(where: { $0.name == topic.value }) {
            return HelpText(declaration)
        }
        let family = declarations.filter { $0.words[0] == topic.value }
        guard !family.isEmpty else {
            throw Diagnostic(
                "no command '\(topic.value)'", at: topic.span,
                help: Suggestion.didYouMean(topic.value, among: declarations.map(\.name)) ?? "type 'help' for the list")
        }
        return HelpText(
            topic: topic.value, commands: family.map { .init(name: $0.name, summary: $0.summary) }, usage: nil)
    }
}

public struct HelpText: CommandOutput {
    public struct Entry: Codable, Sendable {
        public let name: String
        public let summary: String
    }

    public struct Usage: Codable, Sendable {
        public struct Option: Codable, Sendable {
            public let names: String
            public let summary: String
            public let required: Bool
        }

        public let usage: String
        public let summary: String
        public let details: [String]
        public let options: [Option]
        public let examples: [String]
    }

    public let topic: String?
    /// The commands listed (the overview, or a family such as `create`).
    public let commands: [Entry]
    /// One command's full help.
    public let usage: Usage?

    init(topic: String?, commands: [Entry], usage: Usage?) {
        self.topic = topic
        self.commands = commands
        self.usage = usage
    }

    init(_ declaration: CommandDeclaration) {
        topic = declaration.name
        commands = []
        usage = Usage(
            usage: declaration.usage, summary: declaration.summary,
            details: declaration.details.isEmpty ? [] : declaration.details.split(separator: "\n").map(String.init),
            options: declaration.allOptions.map { option in
                .init(
                    names: (option.short.map { "-\($0), " } ?? "") + "--\(option.name)"
                        + (option.value.map { " \($0)" } ?? ""),
                    summary: option.summary + (option.required ? " (required)" : ""), required: option.required)
            }, examples: declaration.examples)
    }

    public func render(_ text: inout TextOutput) {
        if let usage {
            text.line("usage: \(usage.usage)")
            text.blank()
            text.line(usage.summary)
            text.lines(usage.details)
            text.blank()
            text.line("Options:")
            let width = (usage.options.map(\.names.count).max() ?? 0) + 2
            text.lines(usage.options.map { "  " + $0.names.padding(toLength: width) + $0.summary })
            if !usage.examples.isEmpty {
                text.blank()
                text.line("Examples:")
                text.lines(usage.examples.map { "  " + $0 })
            }
            return
        }
        if topic != nil {
            text.lines(commands.map { $0.name.padding(toLength: 16) + $0.summary })
            return
        }
        text.line("Commands:")
        let width = (commands.map(\.name.count).max() ?? 0) + 2
        text.lines(commands.map { "  " + $0.name.padding(toLength: width) + $0.summary })
        text.line(
            "Addresses: REPO@BRANCH:/PATH, REPO@COMMIT:/PATH; BRANCH^ is the parent, BRANCH^N the N-th ancestor.")
        text.line("Every command takes --format json to print its result as JSON.")
        text.line("Type 'help COMMAND' for details, e.g. 'help put file'.")
    }
}
