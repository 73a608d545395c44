/// Renders a ``Diagnostic`` in the compiler's format.
///
/// The full style names the place and draws a caret under the culprit:
///
///     error: repo 'incme' not found
///      --> scenarios/errors.md:12:13
///        |
///     12 | list branch incme
///        |             ^^^^^ did you mean 'income_data'?
///
/// The compact style, used inside scenario recordings where the command line is printed just
/// above, keeps the message, the source line and the caret but drops the location.
public enum DiagnosticRenderer {
    public static func full(_ diagnostic: Diagnostic, in source: SourceText) -> [String] {
        fullLines(diagnostic, in: source).map(VisibleText.escaping)
    }

    public static func compact(_ diagnostic: Diagnostic, in source: SourceText) -> [String] {
        compactLines(diagnostic, in: source).map(VisibleText.escaping)
    }

    private static func fullLines(_ diagnostic: Diagnostic, in source: SourceText) -> [String] {
        var lines = ["error: \(diagnostic.message)"]
        guard let relative = diagnostic.span else {
            lines.append(" --> \(source.name)")
            if let help = diagnostic.help { lines.append("help: \(help)") }
            return lines
        }
        let span = source.absolute(relative)
        let number = String(span.line)
        let pad = String(repeating: " ", count: number.count)
        lines.append("\(pad)--> \(source.name):\(span.line):\(span.column)")
        lines.append("\(pad) |")
        lines.append("\(number) | \(source.fileLine(relative.line))")
        lines.append("\(pad) | \(caret(at: span.column, length: relative.length, help: diagnostic.help))")
        return lines
    }

    private static func compactLines(_ diagnostic: Diagnostic, in source: SourceText) -> [String] {
        var lines = ["error: \(diagnostic.message)"]
        guard let relative = diagnostic.span else {
            if let help = diagnostic.help { lines.append("help: \(help)") }
            return lines
        }
        lines.append("  \(source.line(relative.line))")
        lines.append("  \(caret(at: relative.column, length: relative.length, help: diagnostic.help))")
        return lines
    }

    private static func caret(at column: Int, length: Int, help: String?) -> String {
        let marks = String(repeating: " ", count: max(0, column - 1)) + String(repeating: "^", count: length)
        return help.map { "\(marks) \($0)" } ?? marks
    }
}
