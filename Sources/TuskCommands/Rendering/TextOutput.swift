import TuskCore

/// The lines a result renders to, for a terminal of a given width (nil: never wrap, as in
/// scenarios and pipes, so recordings do not depend on the window).
public struct TextOutput: Sendable {
    public let width: Int?
    public private(set) var lines: [String] = []

    public init(width: Int? = nil) { self.width = width }

    public mutating func line(_ text: String) { lines.append(Self.visible(text)) }
    public mutating func lines(_ more: [String]) { lines += more.map(Self.visible) }
    public mutating func blank() { lines.append("") }
    public mutating func table(_ table: TextTable) { lines += table.lines(width: width).map(Self.visible) }
    public mutating func fields(_ fields: FieldList) { lines += fields.lines.map(Self.visible) }

    static func visible(_ text: String) -> String { VisibleText.escaping(text) }
}

extension CommandOutput {
    /// The result as text lines.
    public func textLines(width: Int? = nil) -> [String] {
        var output = TextOutput(width: width)
        render(&output)
        return output.lines
    }
}
