import TuskCore

/// Text whose pieces may carry a ``Span/Kind``: what a result's `render` writes when a word
/// means something (a verdict, a diff line), built like a string.
///
///     text.line("verdict: \(.fail("FAIL")), labels biased on sex")
///     text.line(.pass("verdict: no drift"))
///     table.add(name, test, .warn("cannot judge: no values"))
///
/// Its plain text is exactly the string the same interpolation would make, so plain output
/// (scenarios, pipes, `--format json`) does not change when a word gains a meaning.
package struct StyledText: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible, TextCell {
    package struct Piece: Sendable, Hashable {
        package let text: String
        package let kind: Span.Kind?
    }

    package private(set) var pieces: [Piece]

    package init(_ text: String, _ kind: Span.Kind? = nil) { pieces = [Piece(text: text, kind: kind)] }
    package init(stringLiteral value: String) { self.init(value) }
    package init(stringInterpolation: Interpolation) { pieces = stringInterpolation.pieces }

    /// The text without its meanings.
    package var plain: String { pieces.map(\.text).joined() }
    /// The plain text: a styled piece that ends up in a `String` reads the same, only unstyled.
    package var description: String { plain }

    package var styled: StyledText { self }

    /// The text made visible for a terminal (``VisibleText``), with its spans on line `line`.
    func visible(line: Int) -> (text: String, spans: [Span]) {
        var text = "", spans: [Span] = [], offset = 0
        for piece in pieces {
            let visible = VisibleText.escaping(piece.text)
            let length = visible.unicodeScalars.count
            if let kind = piece.kind, length > 0 {
                spans.append(Span(kind, line: line, columns: offset..<offset + length))
            }
            text += visible
            offset += length
        }
        return (text, spans)
    }

    package static func + (lhs: StyledText, rhs: StyledText) -> StyledText {
        var sum = lhs
        sum += rhs
        return sum
    }

    package static func += (lhs: inout StyledText, rhs: StyledText) { lhs.pieces += rhs.pieces }

    package struct Interpolation: StringInterpolationProtocol, Sendable {
        var pieces: [Piece] = []

        package init(literalCapacity: Int, interpolationCount: Int) {}

        package mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { pieces.append(Piece(text: literal, kind: nil)) }
        }

        /// A piece with its meaning: `"\(.fail("FAIL"))"`.
        package mutating func appendInterpolation(_ styled: StyledText) { pieces += styled.pieces }

        /// Anything else, as `String(describing:)` writes it (as a string's interpolation does).
        package mutating func appendInterpolation<T>(_ value: T) {
            pieces.append(Piece(text: String(describing: value), kind: nil))
        }
    }
}

/// What a table cell or a line may be: plain text or ``StyledText``.
package protocol TextCell: Sendable {
    var styled: StyledText { get }
}

extension String: TextCell {
    package var styled: StyledText { StyledText(self) }
}

// Declared on the protocol so `.fail("x")` reads the same where a `StyledText` or any
// `TextCell` (a table cell) is expected.
extension TextCell where Self == StyledText {
    package static func pass(_ text: String) -> StyledText { StyledText(text, .pass) }
    package static func fail(_ text: String) -> StyledText { StyledText(text, .fail) }
    package static func warn(_ text: String) -> StyledText { StyledText(text, .warn) }
    package static func muted(_ text: String) -> StyledText { StyledText(text, .muted) }
    package static func styled(_ text: String, _ kind: Span.Kind?) -> StyledText { StyledText(text, kind) }

    /// A line of a unified diff's hunks, its kind read from its mark: the format's first column
    /// (`+`, `-`, ` `, or `@` for a hunk header) is the line's operation, not text to search.
    /// The `---`/`+++` file headers come before the hunks; their writer marks them ``Span/Kind/heading``.
    package static func diffLine(_ line: String) -> StyledText {
        let kind: Span.Kind? =
            switch line.unicodeScalars.first {
            case "+": .added
            case "-": .removed
            case "@": .hunk
            default: nil
            }
        return StyledText(line, kind)
    }
}
