import TuskCore
import TuskLang

/// The commands of the DSL, by domain, in the order `help` lists them.
///
/// Parsing, `help` and completion read this one list; a new command is one line in its
/// domain's list.
public enum CommandSet {
    public static let all: [any TuskCommand.Type] =
        StoreCommands.all + PipelineCommands.all + TrainerCommands.all + ServingCommands.all
        + SessionCommands.all

    public static let parser = CommandParser(declarations: all.map { $0.declaration })

    /// Parses one line into a ready-to-run command; nil for a blank line or a comment.
    public static func parse(_ text: String) throws(Diagnostic) -> ParsedCommand? {
        guard let call = try parser.parse(text) else { return nil }
        guard let type = all.first(where: { $0.declaration.name == call.declaration.name }) else {
            throw Diagnostic("command '\(call.declaration.name)' has no implementation", category: .internal)
        }
        return ParsedCommand(command: try type.init(call), format: call.format?.value)
    }
}

/// A parsed command with the output format its line asked for (`--format json`).
public struct ParsedCommand: Sendable {
    public let command: any TuskCommand
    /// `text` or `json` when the line says; nil to use the session's setting.
    public let format: String?
}
