/// Where something sits in a piece of DSL text: 1-based line and column, and a length for the caret.
public struct SourceSpan: Hashable, Sendable, Codable {
    public var line: Int
    public var column: Int
    public var length: Int

    public init(line: Int, column: Int, length: Int) {
        self.line = line
        self.column = column
        self.length = max(1, length)
    }
}

/// A piece of text tagged with its origin, so a diagnostic can say `file:line:col`.
///
/// `firstLine` and `indent` place the text inside a larger file: a command in a scenario starts
/// after `> ` (continued after `. `) on some line, and its diagnostics must point into that file.
public struct SourceText: Sendable, Equatable {
    public var name: String
    public var text: String
    public var firstLine: Int
    /// Columns that precede every line of `text` in the file (2 for `> ` in a scenario).
    public var indent: Int

    public init(name: String, text: String, firstLine: Int = 1, indent: Int = 0) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.indent = indent
    }

    /// The text of the given line of `text` (1-based, relative to `text`).
    public func line(_ number: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return number >= 1 && number <= lines.count ? String(lines[number - 1]) : ""
    }

    /// A span relative to `text`, moved to the coordinates of the enclosing file.
    public func absolute(_ span: SourceSpan) -> SourceSpan {
        SourceSpan(
            line: firstLine + span.line - 1,
            column: indent + span.column,
            length: span.length)
    }
}
