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

    /// Control characters (ESC, BEL, …) shown as `\u{1B}` instead of reaching the terminal, so
    /// text from a file or a commit message cannot drive the user's screen. Tabs stay.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}

extension CommandOutput {
    /// The result as text lines.
    public func textLines(width: Int? = nil) -> [String] {
        var output = TextOutput(width: width)
        render(&output)
        return output.lines
    }
}
