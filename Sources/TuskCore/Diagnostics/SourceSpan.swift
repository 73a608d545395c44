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
/// `firstLine` and the prefixes place the text inside a larger file: a command in a scenario
/// starts after `> ` (continued after `. `) on some line, and its diagnostics must point there.
public struct SourceText: Sendable, Equatable {
    public var name: String
    public var text: String
    public var firstLine: Int
    /// What precedes the first line of `text` in the file (`> ` in a scenario).
    public var firstPrefix: String
    /// What precedes each later line (`. ` in a scenario); the same width as `firstPrefix`.
    public var continuationPrefix: String

    public init(
        name: String, text: String, firstLine: Int = 1, firstPrefix: String = "", continuationPrefix: String = ""
    ) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.firstPrefix = firstPrefix
        self.continuationPrefix = continuationPrefix
    }

    /// A command of a scenario cell, written after `> ` on line `line`.
    public static func scenarioCommand(_ text: String, path: String, line: Int) -> SourceText {
        SourceText(name: path, text: text, firstLine: line, firstPrefix: "> ", continuationPrefix: ". ")
    }

    /// Columns that precede every line of `text` in the file.
    public var indent: Int { firstPrefix.count }

    /// A line as it reads in the file, prefix included.
    public func fileLine(_ number: Int) -> String {
        (number == 1 ? firstPrefix : continuationPrefix) + line(number)
    }

    /// The text of the given line of `text` (1-based, relative to `text`).
    public func line(_ number: Int) -> String {
        let lines = TextLines.split(text)
        return number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    /// A span relative to `text`, moved to the coordinates of the enclosing file.
    public func absolute(_ span: SourceSpan) -> SourceSpan {
        SourceSpan(
            line: firstLine + span.line - 1,
            column: indent + span.column,
            length: span.length)
    }
}
