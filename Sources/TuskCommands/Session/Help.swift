import TuskCore
import TuskLang

/// `help [COMMAND]`: generated from the declarations, so it cannot drift from the parser.
package struct Help: TuskCommand {
    package static let declaration = CommandDeclaration(
        "help", "List the commands, or explain one.",
        arguments: [.init("COMMAND", .command, optional: true, variadic: true)],
        examples: ["help", "help put file"])

    let topic: Located<String>?

    /// The help of one command, as `COMMAND --help` asks for it.
    init(topic: Located<String>) { self.topic = topic }

    package init(_ call: Invocation) {
        guard let first = call.positionals.first else {
            topic = nil
            return
        }
        let text = call.positionals.map(\.text).joined(separator: " ")
        topic = Located(text, at: SourceSpan(line: first.span.line, column: first.span.column, length: text.count))
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> HelpText {
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

package struct HelpText: CommandOutput {
    package struct Entry: Codable, Sendable {
        package let name: String
        package let summary: String
    }

    package struct Usage: Codable, Sendable {
        package struct Option: Codable, Sendable {
            package let names: String
            package let summary: String
            package let required: Bool
        }

        package let usage: String
        package let summary: String
        /// Paragraphs, each one line: the reader wraps them to its width.
        package let details: [String]
        package let options: [Option]
        package let examples: [String]
    }

    package let topic: String?
    /// The commands listed (the overview, or a family such as `create`).
    package let commands: [Entry]
    /// One command's full help.
    package let usage: Usage?

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
            details: Self.paragraphs(declaration.details),
            options: declaration.allOptions.map { option in
                .init(
                    names: (option.short.map { "-\($0), " } ?? "") + "--\(option.name)"
                        + (option.value.map { " \($0)" } ?? ""),
                    summary: option.summary + (option.required ? " (required)" : ""), required: option.required)
            }, examples: declaration.examples)
    }

    /// A declaration's details as paragraphs: blank lines separate them; the line ends inside one
    /// are only where its source wrapped.
    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map { paragraph in
            paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }.filter { !$0.isEmpty }
    }

    /// Help reads best at the terminal's width; in a pipe, a file or a scenario, at 80 columns.
    static let defaultWidth = 80

    package func render(_ text: inout TextOutput) {
        let width = max(text.width ?? Self.defaultWidth, 40)
        // `text` wrapped at word boundaries to the width, after `indent` columns.
        func wrapped(_ text: String, indent: Int = 0, first: String = "") -> [String] {
            let pieces = TextTable.wrap(text, width: max(width - indent, 20))
            let pad = String(repeating: " ", count: indent)
            let head = first.count >= indent && !first.isEmpty ? first + " " : first.padding(toLength: indent)
            return pieces.enumerated().map { $0 == 0 ? head + $1 : pad + $1 }
        }
        if let usage {
            text.line("usage: \(usage.usage)")
            text.blank()
            text.lines(wrapped(usage.summary))
            for paragraph in usage.details {
                text.blank()
                text.lines(wrapped(paragraph))
            }
            text.blank()
            text.line("Options:")
            let column = (usage.options.map(\.names.count).max() ?? 0) + 4
            for option in usage.options {
                text.lines(wrapped(option.summary, indent: column, first: "  " + option.names))
            }
            if !usage.examples.isEmpty {
                text.blank()
                text.line("Examples:")
                text.lines(usage.examples.map { "  " + $0 })
            }
            return
        }
        if topic != nil {
            for command in commands { text.lines(wrapped(command.summary, indent: 16, first: command.name)) }
            return
        }
        text.line("Commands:")
        let column = (commands.map(\.name.count).max() ?? 0) + 4
        for command in commands { text.lines(wrapped(command.summary, indent: column, first: "  " + command.name)) }
        text.lines(
            wrapped(
                "Addresses: REPO@BRANCH:/PATH, REPO@COMMIT:/PATH; BRANCH^ is the parent, BRANCH^N the N-th ancestor."))
        text.lines(wrapped("Every command takes --format json to print its result as JSON."))
        text.lines(wrapped("Type 'help COMMAND' for details, e.g. 'help put file', or 'COMMAND --help'."))
    }
}
