import TuskCore
import TuskLang

/// `format text|json`: how the session prints results from now on (the REPL's setting;
/// `--format` on one line overrides it for that line).
public struct Format: TuskCommand {
    public static let declaration = CommandDeclaration(
        "format", "Print results as text (the default) or JSON from now on.",
        arguments: [.init("FORMAT", .choice(OutputFormat.names))],
        details: "JSON output has sorted, snake_case keys; see the README for each command's shape.",
        examples: ["format json", "format text"])

    let format: OutputFormat

    public init(_ call: Invocation) throws(Diagnostic) {
        let word = try call.choice(0, among: OutputFormat.names, what: "format")
        format = OutputFormat(rawValue: word.value) ?? .text
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> FormatSetting {
        FormatSetting(format: format)
    }
}

/// A change of the session's output format; the session applies it.
public struct FormatSetting: CommandOutput {
    public let format: OutputFormat

    public func render(_ text: inout TextOutput) { text.line("results print as \(format) from now on") }
}
