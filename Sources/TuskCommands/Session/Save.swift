import TuskCore
import TuskLang

/// `save FILE.md [--title TEXT]`: the session's commands and their outputs, written as a scenario
/// that `tusk test` passes.
///
/// The session records what it ran and replays it (see ``SessionCapability``, which the session
/// in TuskRuntime implements); where there is none, `save` refuses at its path.
package struct Save: TuskCommand {
    static let title = Option<Located<String>>(
        "title", value: "TEXT", "the scenario's title (default: from the file name)")

    /// Not recorded: a replay of the saved file would save again, or fail where this did.
    package static let declaration = CommandDeclaration(
        "save", "Save what this session ran, with its outputs, as a scenario (a .md file).",
        arguments: [.init("FILE", .localPath)],
        options: [title],
        details: """
            Every command typed since the session began, one cell each, failed ones with their '! ' error
            lines; after 'tusk run FILE --continue', the scenario's commands come first. The outputs are
            those of a replay on a fresh store from the file's folder, as 'tusk test' will replay it:
            relative paths are rewritten to start at that folder, and a monitor says 'latency: not
            measured' (a replay runs on a logical clock). What prints differently than it did here is
            listed. A relative FILE starts at the session's folder (the scenario's after --continue).
            """,
        examples: ["save demo.md", "save notes/census.md --title \"Census, improvised\""], recorded: false)

    let file: Located<String>
    let title: Located<String>?

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        guard token.text.hasSuffix(".md"), token.text.count > 3 else {
            throw Diagnostic(
                "'\(token.text)' is not a .md file", at: token.span,
                help: "a saved session is a scenario: name a Markdown file, e.g. save demo.md")
        }
        file = Located(token.text, at: token.span)
        title = try call[Self.title]
        if let title, title.value.contains(where: \.isNewline) || title.value.allSatisfy(\.isWhitespace) {
            throw Diagnostic("--title must be one line of text", at: title.span, help: "e.g. --title \"Census demo\"")
        }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> SavedScenario {
        guard let session = context.session else {
            throw Diagnostic(
                "save needs a session, and this command runs in none", at: file.span,
                help: "type 'save \(file.value)' at the tusk> prompt (or after 'tusk run FILE --continue')")
        }
        return try session.save(SaveRequest(path: file.value, pathSpan: file.span, title: title?.value), in: context)
    }
}

/// What `save` asks of the session: where to write, and the title.
package struct SaveRequest: Sendable, Equatable {
    package let path: String
    /// Where the path was typed, for the session's errors about it.
    package let pathSpan: SourceSpan
    package let title: String?

    package init(path: String, pathSpan: SourceSpan, title: String?) {
        self.path = path
        self.pathSpan = pathSpan
        self.title = title
    }
}

/// A session saved as a scenario: where, how many commands, and what reads differently there.
package struct SavedScenario: CommandOutput {
    /// A command whose replay from the saved file prints differently than it did in the session.
    package struct Difference: Codable, Sendable {
        /// The line of its `> ` in the saved file.
        package let line: Int
        package let command: String
        /// `failed in the replay`, `succeeded in the replay`, `printed differently`, or
        /// `output not recordable` (saved as `...`).
        package let change: String

        package init(line: Int, command: String, change: String) {
            self.line = line
            self.command = command
            self.change = change
        }
    }

    /// The file, from the directory tusk runs in.
    package let path: String
    package let commands: Int
    /// Whether a file was there before (it is replaced atomically).
    package let replaced: Bool
    /// Relative paths rewritten to start at the file's folder, `old → new`.
    package let relocated: [String]
    package let differences: [Difference]

    package init(path: String, commands: Int, replaced: Bool, relocated: [String], differences: [Difference]) {
        self.path = path
        self.commands = commands
        self.replaced = replaced
        self.relocated = relocated
        self.differences = differences
    }

    package func render(_ text: inout TextOutput) {
        text.line(
            "\(replaced ? "replaced" : "saved") \(path): \(NumberFormat.plural(commands, "command")), one cell each, "
                + "with the outputs of a replay on a fresh store ('tusk test \(path)' passes)")
        if !relocated.isEmpty {
            text.line("paths rewritten to start at the file's folder: " + Self.listed(relocated))
        }
        for difference in differences.prefix(Self.shown) {
            text.line("note: line \(difference.line) '\(difference.command)': \(difference.change)")
        }
        if differences.count > Self.shown {
            text.line("note: \(differences.count - Self.shown) more commands read differently in the file")
        }
        if differences.contains(where: { $0.change != Self.unrecordable }) {
            text.line(
                "(the file keeps the replay's outputs: here, the store or the folder held what no saved command made)")
        }
    }

    /// The change noted for an output a scenario cannot hold (lines that read as fences or commands).
    package static let unrecordable = "its output has lines a scenario would read as fences or commands; saved as '...'"

    static let shown = 5

    static func listed(_ items: [String]) -> String {
        items.count <= shown
            ? items.joined(separator: ", ")
            : items.prefix(shown).joined(separator: ", ") + " and \(items.count - shown) more"
    }
}
