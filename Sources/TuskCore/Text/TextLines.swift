/// Splitting text into lines the same way everywhere: at `\n` and at `\r\n`.
///
/// Swift treats `\r\n` as one `Character`, so splitting on `"\n"` alone would leave Windows line
/// ends inside the lines.
public enum TextLines {
    /// The lines of `text`; a final line end does not make an extra empty line.
    public static func split(_ text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        if lines == [""] { return [] }
        return lines
    }
}
