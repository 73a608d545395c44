import TuskCore
import TuskLang

/// `format text|json`: how the session prints results from now on (the REPL's setting;
/// `--format` on one line overrides it for that line).
package struct Format: TuskCommand {
    package static let declaration = CommandDeclaration(
        "format", "Print results as text (the default) or JSON from now on.",
        arguments: [.init("FORMAT", .choice(OutputFormat.names))],
        details: "JSON output has sorted, snake_case keys; see the README for each command's shape.",
        examples: ["format json", "format text"])

    let format: Located<OutputFormat>

    package init(_ call: Invocation) throws(Diagnostic) {
        let word = try call.choice(0, among: OutputFormat.names, what: "format")
        format = Located(OutputFormat(rawValue: word.value) ?? .text, at: word.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FormatSetting {
        guard let session = context.session else {
            throw Diagnostic(
                "format needs a session, and this command runs in none", at: format.span,
                help: "add --format \(format.value) to the command instead")
        }
        session.setFormat(format.value)
        return FormatSetting(format: format.value)
    }
}

/// The session's output format, changed.
package struct FormatSetting: CommandOutput {
    package let format: OutputFormat

    package func render(_ text: inout TextOutput) { text.line("results print as \(format) from now on") }
}
