/// How each medium shows a ``Span/Kind``: the one table the terminal, the HTML page and the
/// Jupyter notebook style from. Adding a kind adds a row here, and the compiler asks for it.
///
///     SpanStyle.ansi("verdict: FAIL", [Span(.fail, line: 0, columns: 9..<13)])
///     // "verdict: \u{1B}[31mFAIL\u{1B}[0m"
package struct SpanStyle: Sendable {
    /// The SGR parameters of an ANSI escape (`31` red): the terminal's colour, and the
    /// notebook's, since Jupyter shows ANSI colour in a stream's text.
    package let sgr: String
    /// The class of the `<span>` in the HTML page.
    package let htmlClass: String
    /// The page's style sheet rule for that class.
    package let css: String

    package static func of(_ kind: Span.Kind) -> SpanStyle {
        switch kind {
        case .pass: SpanStyle(sgr: "32", htmlClass: "pass", css: "color: var(--pass); font-weight: 600;")
        case .fail: SpanStyle(sgr: "31", htmlClass: "fail", css: "color: var(--error); font-weight: 600;")
        case .warn: SpanStyle(sgr: "33", htmlClass: "warn", css: "color: var(--warn); font-weight: 600;")
        case .added: SpanStyle(sgr: "32", htmlClass: "diff-add", css: "color: var(--pass);")
        case .removed: SpanStyle(sgr: "31", htmlClass: "diff-remove", css: "color: var(--error);")
        case .hunk: SpanStyle(sgr: "36", htmlClass: "diff-hunk", css: "color: var(--accent);")
        case .heading: SpanStyle(sgr: "1", htmlClass: "diff-file", css: "font-weight: 600;")
        case .muted: SpanStyle(sgr: "2", htmlClass: "muted", css: "color: var(--muted);")
        }
    }

    static let reset = "\u{1B}[0m"

    /// A line with ANSI colour around its spans; a line without spans is returned as it is.
    package static func ansi(_ line: String, _ spans: [Span]) -> String {
        guard !spans.isEmpty else { return line }
        return Span.pieces(of: line, spans).map { piece in
            piece.kind.map { "\u{1B}[" + of($0).sgr + "m" + piece.text + reset } ?? piece.text
        }.joined()
    }

    /// A line escaped for HTML, each span in a `<span class="…">`.
    package static func html(_ line: String, _ spans: [Span]) -> String {
        Span.pieces(of: line, spans).map { piece in
            let text = Markup.escape(piece.text)
            return piece.kind.map { "<span class=\"" + of($0).htmlClass + "\">" + text + "</span>" } ?? text
        }.joined()
    }

    /// The style sheet's rules for every kind, one a line.
    package static var css: String {
        Span.Kind.allCases.map { "." + of($0).htmlClass + " { " + of($0).css + " }" }.joined(separator: "\n")
    }

    /// An output's spans by line.
    package static func byLine(_ spans: [Span]) -> [Int: [Span]] { Dictionary(grouping: spans, by: \.line) }
}
