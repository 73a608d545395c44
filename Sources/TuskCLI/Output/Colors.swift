import Foundation
import TuskCommands
import TuskRuntime

/// Colour for people at a terminal: errors, FAIL, DRIFT and diff lines stand out. Never in a
/// pipe or a file, never with `NO_COLOR` set (no-color.org), never on a `dumb` terminal, so
/// recordings and scripts see plain text.
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

    private static let red = "\u{1B}[31m", green = "\u{1B}[32m", yellow = "\u{1B}[33m", cyan = "\u{1B}[36m"
    private static let bold = "\u{1B}[1m", reset = "\u{1B}[0m"

    private func paint(_ line: String, _ code: String) -> String {
        enabled && !line.isEmpty ? code + line + Self.reset : line
    }

    /// A command's output: diff lines for diffs, verdict words elsewhere.
    func output(_ lines: [String], of value: (any CommandOutput)?) -> [String] {
        guard enabled else { return lines }
        if value is FileDiff { return diff(lines) }
        return lines.map { line in
            if line.contains("FAIL") || line.hasPrefix("FAILED") { return paint(line, Self.red) }
            if line.contains("DRIFT") || line.contains("cannot judge") { return paint(line, Self.yellow) }
            if line.hasPrefix("verdict: PASS") || line == "result: pass" || line.hasPrefix("ok ") {
                return paint(line, Self.green)
            }
            return line
        }
    }

    /// A unified diff: removed lines red, added green, hunk headers cyan.
    func diff(_ lines: [String]) -> [String] {
        guard enabled else { return lines }
        return lines.map { line in
            if line.hasPrefix("+++") || line.hasPrefix("---") { return paint(line, Self.bold) }
            if line.hasPrefix("@@") { return paint(line, Self.cyan) }
            if line.hasPrefix("+") { return paint(line, Self.green) }
            if line.hasPrefix("-") { return paint(line, Self.red) }
            return line
        }
    }

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
        print(outputColors.output(result.output, of: result.value))
    }

    static func showError(_ lines: [String]) { printError(errorColors.diagnostic(lines)) }
}
