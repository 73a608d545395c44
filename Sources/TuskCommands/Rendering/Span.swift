/// A stretch of one rendered line that carries a meaning: a check that passed or failed, a
/// warning, a diff's added or removed line, text to read past.
///
/// Results say what their words mean when they render (``StyledText``), so front ends style by
/// kind from one table (``SpanStyle``) instead of searching the text for `FAIL` or `DRIFT`: the
/// terminal, the HTML page and the Jupyter notebook agree, and rewording a verdict cannot lose
/// its colour.
///
///     text.line("verdict: \(.fail("DRIFT in 2 of 14 features"))")
///     // lines ["verdict: DRIFT in 2 of 14 features"], spans [Span(.fail, line: 0, columns: 9..<34)]
package struct Span: Sendable, Hashable {
    /// What a stretch of text means; each medium shows it as ``SpanStyle`` says.
    package enum Kind: String, Sendable, CaseIterable {
        /// A check that passed.
        case pass
        /// A check that failed, or a finding that fails one (drift).
        case fail
        /// A check that could not judge.
        case warn
        /// A diff's added line.
        case added
        /// A diff's removed line.
        case removed
        /// A diff's `@@` hunk header.
        case hunk
        /// A diff's `---`/`+++` file header.
        case heading
        /// Text that is there for completeness and can be read past (what a verdict left out).
        case muted
    }

    package let kind: Kind
    /// The line's index in the output.
    package let line: Int
    /// Unicode scalar offsets in the line (scalars, not characters, so that two pieces joined
    /// never shift an offset by merging into one character).
    package let columns: Range<Int>

    package init(_ kind: Kind, line: Int, columns: Range<Int>) {
        self.kind = kind
        self.line = line
        self.columns = columns
    }

    /// The same stretch on another line (a line's spans, placed in an output).
    package func moved(by lines: Int) -> Span { Span(kind, line: line + lines, columns: columns) }

    /// A line cut at its spans' edges: each piece with its kind, or nil for unstyled text. Spans
    /// outside the line, empty or overlapping an earlier one are left out.
    package static func pieces(of line: String, _ spans: [Span]) -> [(text: String, kind: Kind?)] {
        let scalars = Array(line.unicodeScalars)
        var pieces: [(text: String, kind: Kind?)] = []
        var position = 0
        func text(_ range: Range<Int>) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[range])
            return String(out)
        }
        for span in spans.sorted(by: { $0.columns.lowerBound < $1.columns.lowerBound }) {
            let lower = max(span.columns.lowerBound, position), upper = min(span.columns.upperBound, scalars.count)
            guard lower < upper else { continue }
            if position < lower { pieces.append((text(position..<lower), nil)) }
            pieces.append((text(lower..<upper), span.kind))
            position = upper
        }
        if position < scalars.count || pieces.isEmpty { pieces.append((text(position..<scalars.count), nil)) }
        return pieces
    }
}
