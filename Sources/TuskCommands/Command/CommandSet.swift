import TuskCore
import TuskLang

/// The commands of the DSL, by domain, in the order `help` lists them.
///
/// Parsing, `help` and completion read this one list; a new command is one line in its
/// domain's list.
package enum CommandSet {
    package static let all: [any TuskCommand.Type] =
        StoreCommands.all + PipelineCommands.all + TrainerCommands.all + ServingCommands.all
        + SessionCommands.all

    package static let parser = CommandParser(declarations: all.map { $0.declaration })

    /// Parses one line into a ready-to-run command; nil for a blank line or a comment.
    package static func parse(_ text: String) throws(Diagnostic) -> ParsedCommand? {
        if let help = try helpRequest(text) { return help }
        guard let call = try parser.parse(text) else { return nil }
        guard let type = all.first(where: { $0.declaration.name == call.declaration.name }) else {
            throw Diagnostic("command '\(call.declaration.name)' has no implementation", category: .internal)
        }
        return ParsedCommand(command: try type.init(call), format: call.format)
    }
}

extension CommandSet {
    /// The commands that make something from nothing, and so may create the store they write
    /// to; any other command needs an existing store (a one-shot `tusk list repo` in the wrong
    /// folder, or with a mistyped `--store`, is an error rather than a new empty store).
    package static let creatingCommands: Set<String> = ["create repo", "create pipeline", "create deployment"]

    /// Whether `text` is a command that may create its store (see ``creatingCommands``).
    package static func createsStore(_ text: String) -> Bool {
        guard let words = try? Lexer.words(text), let declaration = parser.declaration(startingWith: words) else {
            return false
        }
        return creatingCommands.contains(declaration.name)
    }

    /// `COMMAND … --help` (or `-h`): the same help as `help COMMAND`, whatever else the line says,
    /// as git's and pachctl's commands take it. Nil when the line asks for no help or names no
    /// command (then parsing it says what is wrong).
    static func helpRequest(_ text: String) throws(Diagnostic) -> ParsedCommand? {
        let tokens = try Lexer.tokenize(text)
        guard let first = tokens.first, first.kind == .word,
            tokens.dropFirst().contains(where: { $0.kind == .option && ["help", "h"].contains($0.text) })
        else { return nil }
        let words = tokens.prefix { $0.kind == .word }.prefix(2)
        let name =
            parser.declaration(startingWith: words.map(\.text))?.name
            ?? (parser.verbs.contains(first.text) ? first.text : nil)
        guard let name else { return nil }
        let span = SourceSpan(line: first.span.line, column: first.span.column, length: name.count)
        let format = tokens.firstIndex { $0.kind == .option && $0.text == "format" }.flatMap { index in
            tokens[index].attachedValue?.text ?? (index + 1 < tokens.count ? tokens[index + 1].text : nil)
        }
        return ParsedCommand(command: Help(topic: Located(name, at: span)), format: format.flatMap(OutputFormat.init))
    }

    /// The declaration of the command `text` runs, whether or not the rest of the line parses:
    /// `help`'s for a `--help` request, nil for a line that names no command. Front ends ask it
    /// what they need to know of a command (``CommandDeclaration/recorded``,
    /// ``CommandDeclaration/readsClock``) instead of recognising its name.
    package static func declaration(of text: String) -> CommandDeclaration? {
        if let request = try? helpRequest(text) { return type(of: request.command).declaration }
        guard let words = try? Lexer.words(text) else { return nil }
        return parser.declaration(startingWith: words)
    }
}

/// A parsed command with the output format its line asked for (`--format json`).
package struct ParsedCommand: Sendable {
    package let command: any TuskCommand
    /// The format the line asks for (`--format json`); nil to use the session's setting.
    package let format: OutputFormat?
}
