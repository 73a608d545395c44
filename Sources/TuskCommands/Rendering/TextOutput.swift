import TuskCore

/// The lines a result renders to, for a terminal of a given width (nil: never wrap, as in
/// scenarios and pipes, so recordings do not depend on the window), with the spans that say
/// what some of their words mean (``StyledText``).
package struct TextOutput: Sendable {
    package let width: Int?
    package private(set) var lines: [String] = []
    /// Stretches of ``lines`` that carry a meaning, in order; front ends style them by kind.
    package private(set) var spans: [Span] = []

    package init(width: Int? = nil) { self.width = width }

    // Disfavoured, so that a literal is read as `StyledText` and a styled piece interpolated
    // into it (`"verdict: \(verdict)"`) keeps its span instead of becoming plain text; a
    // `String` value still comes here.
    @_disfavoredOverload
    package mutating func line(_ text: String) { lines.append(Self.visible(text)) }
    package mutating func line(_ text: StyledText) {
        let visible = text.visible(line: lines.count)
        lines.append(visible.text)
        spans += visible.spans
    }
    @_disfavoredOverload
    package mutating func lines(_ more: [String]) { lines += more.map(Self.visible) }
    package mutating func lines(_ more: [StyledText]) { for line in more { self.line(line) } }
    package mutating func blank() { lines.append("") }
    package mutating func table(_ table: TextTable) {
        for line in table.styledLines(width: width) {
            spans += line.spans.map { $0.moved(by: lines.count) }
            lines.append(line.text)
        }
    }
    package mutating func fields(_ fields: FieldList) { lines += fields.lines.map(Self.visible) }
    /// Another output's lines and spans, after these.
    package mutating func append(_ other: TextOutput) {
        spans += other.spans.map { $0.moved(by: lines.count) }
        lines += other.lines
    }

    static func visible(_ text: String) -> String { VisibleText.escaping(text) }
}

extension CommandOutput {
    /// The result as text lines.
    package func textLines(width: Int? = nil) -> [String] { rendered(width: width).lines }

    /// The result as text lines with their spans.
    package func rendered(width: Int? = nil) -> TextOutput {
        var output = TextOutput(width: width)
        render(&output)
        return output
    }
}
