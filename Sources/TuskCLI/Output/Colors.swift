import Foundation
import TuskCommands
import TuskRuntime

/// Colour for people at a terminal: errors stand out, and what a result's spans mean (a failed
/// check, a drift, a diff's lines) is coloured as ``SpanStyle`` says. Never in a pipe or a file,
/// never with `NO_COLOR` set (no-color.org), never on a `dumb` terminal, so recordings and
/// scripts see plain text.
struct Colors: Sendable {
    let enabled: Bool

    static let off = Colors(enabled: false)

    /// Whether a stream (a file descriptor) gets colour in this environment.
    static func forStream(_ descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Colors
    {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Colors(enabled: isatty(descriptor) != 0 && !noColor && environment["TERM"] != "dumb")
    }

    private static let red = "\u{1B}[31m", cyan = "\u{1B}[36m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"

    private func paint(_ line: String, _ code: String) -> String {
        enabled && !line.isEmpty ? code + line + Self.reset : line
    }

    /// Lines with their spans coloured.
    func output(_ lines: [String], spans: [Span]) -> [String] {
        guard enabled, !spans.isEmpty else { return lines }
        let spans = SpanStyle.byLine(spans)
        return lines.enumerated().map { index, line in SpanStyle.ansi(line, spans[index] ?? []) }
    }

    /// Styled text, as lines.
    func output(_ text: TextOutput) -> [String] { output(text.lines, spans: text.spans) }

    /// A diagnostic: `error:` in bold red, the caret line red, `help:` cyan.
    func diagnostic(_ lines: [String]) -> [String] {
        guard enabled else { return lines }
        return lines.enumerated().map { index, line in
            if index == 0 && line.hasPrefix("error:") {
                return Self.bold + Self.red + "error:" + Self.reset + Self.bold + line.dropFirst(6) + Self.reset
            }
            if line.hasPrefix("help:") { return paint(line, Self.cyan) }
            if line.contains("^"), line.contains(" | ") || line.hasPrefix("  ") { return paint(line, Self.red) }
            return line
        }
    }
}

extension Terminal {
    /// Colour for standard output and standard error, decided once.
    static let outputColors = Colors.forStream(STDOUT_FILENO)
    static let errorColors = Colors.forStream(STDERR_FILENO)

    /// A command's result as people see it.
    static func show(_ result: CommandResult) {
        print(outputColors.output(result.output, spans: result.spans))
    }

    static func showError(_ lines: [String]) { printError(errorColors.diagnostic(lines)) }
}
