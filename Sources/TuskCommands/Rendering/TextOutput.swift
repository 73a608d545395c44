import TuskCore

/// The lines a result renders to, for a terminal of a given width (nil: never wrap, as in
/// scenarios and pipes, so recordings do not depend on the window), with the spans that say
/// what some of their words mean (``StyledText``).
public struct TextOutput: Sendable {
    public let width: Int?
    public private(set) var lines: [String] = []
    /// Stretches of ``lines`` that carry a meaning, in order; front ends style them by kind.
    public private(set) var spans: [Span] = []

    public init(width: Int? = nil) { self.width = width }

    // Disfavoured, so that a literal is read as `StyledText` and a styled piece interpolated
    // into it (`"verdict: \(verdict)"`) keeps its span instead of becoming plain text; a
    // `String` value still comes here.
    @_disfavoredOverload
    public mutating func line(_ text: String) { lines.append(Self.visible(text)) }
    public mutating func line(_ text: StyledText) {
        let visible = text.visible(line: lines.count)
        lines.append(visible.text)
        spans += visible.spans
    }
    @_disfavoredOverload
    public mutating func lines(_ more: [String]) { lines += more.map(Self.visible) }
    public mutating func lines(_ more: [StyledText]) { for line in more { self.line(line) } }
    public mutating func blank() { lines.append("") }
    public mutating func table(_ table: TextTable) {
        for line in table.styledLines(width: width) {
            spans += line.spans.map { $0.moved(by: lines.count) }
            lines.append(line.text)
        }
    }
    public mutating func fields(_ fields: FieldList) { lines += fields.lines.map(Self.visible) }
    /// Another output's lines and spans, after these.
    public mutating func append(_ other: TextOutput) {
        spans += other.spans.map { $0.moved(by: lines.count) }
        lines += other.lines
    }

    static func visible(_ text: String) -> String { VisibleText.escaping(text) }
}

extension CommandOutput {
    /// The result as text lines.
    public func textLines(width: Int? = nil) -> [String] { rendered(width: width).lines }

    /// The result as text lines with their spans.
    public func rendered(width: Int? = nil) -> TextOutput {
        var output = TextOutput(width: width)
        render(&output)
        return output
    }
}
