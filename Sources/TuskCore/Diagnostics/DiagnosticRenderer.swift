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
        var lines = ["error: \(readable(diagnostic.message))"]
        let help = diagnostic.help.map(readable)
        guard let relative = diagnostic.span else {
            lines.append(" --> \(source.name)")
            if let help { lines.append("help: \(help)") }
            return lines
        }
        let span = source.absolute(relative)
        let number = String(span.line)
        let pad = String(repeating: " ", count: number.count)
        lines.append("\(pad)--> \(source.name):\(span.line):\(span.column)")
        lines.append("\(pad) |")
        let (line, column, length) = window(
            source.fileLine(relative.line), column: span.column, length: relative.length)
        lines.append("\(number) | \(line)")
        lines.append("\(pad) | \(caret(at: column, length: length, help: help))")
        return lines
    }

    private static func compactLines(_ diagnostic: Diagnostic, in source: SourceText) -> [String] {
        var lines = ["error: \(readable(diagnostic.message))"]
        let help = diagnostic.help.map(readable)
        guard let relative = diagnostic.span else {
            if let help { lines.append("help: \(help)") }
            return lines
        }
        let (line, column, length) = window(
            source.line(relative.line), column: relative.column, length: relative.length)
        lines.append("  \(line)")
        lines.append("  \(caret(at: column, length: length, help: help))")
        return lines
    }

    /// The longest quoted part a message echoes, and the widest source line shown.
    static let quotedLimit = 80, lineLimit = 400

    /// `text` with every quoted part longer than ``quotedLimit`` cut (`'aaaa…'`), so that an
    /// error about a 100 KB argument is one readable line, whichever error echoes it.
    static func readable(_ text: String) -> String {
        guard text.count > quotedLimit else { return text }
        let parts = text.split(separator: "'", omittingEmptySubsequences: false)
        // Odd parts are between quotes; an unpaired last quote leaves its tail unquoted.
        let clipped = parts.enumerated().map { index, part in
            index % 2 == 1 && index < parts.count - 1 || part.count > 4 * quotedLimit
                ? VisibleText.clipped(String(part), to: quotedLimit) : String(part)
        }
        return clipped.joined(separator: "'")
    }

    /// A long source line cut to a window around the span, `…` where it was cut, with the
    /// span's column and length in the window.
    static func window(_ line: String, column: Int, length: Int) -> (String, Int, Int) {
        let characters = Array(line)
        guard characters.count > lineLimit else { return (line, column, length) }
        let start = max(0, min(column - 1 - lineLimit / 4, characters.count - lineLimit))
        let end = min(characters.count, start + lineLimit)
        let shown = (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
        let shift = start > 0 ? start - 1 : 0
        let first = max(1, column - shift)
        let visible = max(1, min(length, lineLimit - (first - 1) + (start > 0 ? 1 : 0)))
        return (shown, first, visible)
    }

    private static func caret(at column: Int, length: Int, help: String?) -> String {
        let marks = String(repeating: " ", count: max(0, column - 1)) + String(repeating: "^", count: length)
        return help.map { "\(marks) \($0)" } ?? marks
    }
}
