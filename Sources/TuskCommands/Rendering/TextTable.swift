/// The tool's one table renderer: columns two spaces apart, numbers right-aligned, no trailing
/// blanks, and on a narrow terminal the last column wrapped under itself.
///
/// A column is numeric when every cell is a number as ``NumberFormat`` writes them (`1,024`,
/// `0.8497`, `-0.0312`, `12.50%`, `1.2e-05`, `3.4 KiB`) or a placeholder (`-`, `n/a`).
///
/// A cell may carry a meaning (``StyledText``): `table.add(name, .warn("cannot judge: …"))`; its
/// spans follow it wherever the layout puts it.
package struct TextTable: Sendable {
    package let header: [String]
    private var cells: [[StyledText]] = []

    package init(_ header: String...) { self.header = header }
    package init(_ header: [String]) { self.header = header }

    package mutating func add(_ row: any TextCell...) { cells.append(row.map(\.styled)) }
    package mutating func add(_ row: [any TextCell]) { cells.append(row.map(\.styled)) }

    /// The cells' plain text.
    package var rows: [[String]] { cells.map { $0.map(\.plain) } }
    package var isEmpty: Bool { cells.isEmpty }

    package func lines(width: Int? = nil) -> [String] { styledLines(width: width).map(\.text) }

    /// The lines with their spans (each on line 0: the caller places them), cells made visible
    /// for a terminal (``VisibleText``) before they are measured.
    package func styledLines(width: Int? = nil) -> [(text: String, spans: [Span])] {
        let all = [header.map { StyledText($0).visible(line: 0) }] + cells.map { $0.map { $0.visible(line: 0) } }
        let widths = header.indices.map { column in all.map { $0[column].text.count }.max() ?? 0 }
        let numeric = header.indices.map { column in
            let cells = all.dropFirst().map { $0[column].text }.filter { !Self.isPlaceholder($0) }
            return !cells.isEmpty && cells.allSatisfy(Self.isNumber)
        }
        let last = header.count - 1
        let leading = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        // Wrap the last column only when it is text and the terminal leaves it a useful width.
        let wrapAt: Int? = width.flatMap { width in
            !numeric[last] && width - leading >= 20 && leading + widths[last] > width ? width - leading : nil
        }
        var lines: [(text: String, spans: [Span])] = []
        for row in all {
            var line = "", spans: [Span] = []
            func append(_ cell: (text: String, spans: [Span]), padded pad: String, before: Bool) {
                if before { line += pad }
                let offset = line.unicodeScalars.count
                spans += cell.spans.map { Span($0.kind, line: 0, columns: $0.columns.shifted(by: offset)) }
                line += cell.text
                if !before { line += pad }
            }
            for column in row.indices where column < last {
                let pad = String(repeating: " ", count: widths[column] - row[column].text.count)
                append(row[column], padded: pad, before: numeric[column])
                line += "  "
            }
            let cell = row[last]
            if numeric[last] { line += String(repeating: " ", count: widths[last] - cell.text.count) }
            let pieces = wrapAt.map { Self.wrap(cell.text, width: $0) } ?? [cell.text]
            // Each wrapped piece is a stretch of the cell: find it, and keep the spans it cuts.
            var searchFrom = cell.text.startIndex
            for (index, piece) in pieces.enumerated() {
                if index > 0 {
                    lines.append(Self.trimmed(line, spans))
                    line = String(repeating: " ", count: leading)
                    spans = []
                }
                let found = cell.text.range(of: piece, range: searchFrom..<cell.text.endIndex)
                let start = found.map {
                    cell.text.unicodeScalars.distance(from: cell.text.startIndex, to: $0.lowerBound)
                }
                if let found { searchFrom = found.upperBound }
                let offset = line.unicodeScalars.count
                if let start {
                    let stretch = start..<start + piece.unicodeScalars.count
                    for span in cell.spans {
                        let cut = span.columns.clamped(to: stretch)
                        guard !cut.isEmpty else { continue }
                        spans.append(Span(span.kind, line: 0, columns: cut.shifted(by: offset - start)))
                    }
                }
                line += piece
            }
            lines.append(Self.trimmed(line, spans))
        }
        return lines
    }

    /// A line without its trailing blanks, its spans cut to what is left.
    private static func trimmed(_ line: String, _ spans: [Span]) -> (text: String, spans: [Span]) {
        let text = line.trimmingTrailingSpaces()
        let length = text.unicodeScalars.count
        return (
            text,
            spans.compactMap { span in
                let cut = span.columns.clamped(to: 0..<length)
                return cut.isEmpty ? nil : Span(span.kind, line: 0, columns: cut)
            }
        )
    }

    static func isPlaceholder(_ cell: String) -> Bool { cell == "-" || cell == "n/a" || cell.isEmpty }

    /// `1,024` `-0.5` `+0.0312` `12.50%` `1.2e-05` `3.4 KiB` `12 B`.
    static func isNumber(_ cell: String) -> Bool {
        var text = Substring(cell)
        for unit in [" B", " KiB", " MiB", " GiB", " TiB", "%"] where text.hasSuffix(unit) {
            text = text.dropLast(unit.count)
            break
        }
        if let first = text.first, first == "+" || first == "-" { text = text.dropFirst() }
        guard let first = text.first, first.isASCII, first.isNumber else { return false }
        var seenExponent = false
        var previous: Character = first
        for c in text.dropFirst() {
            switch c {
            case "0"..."9", ",", ".": break
            case "e" where !seenExponent: seenExponent = true
            case "+",
                "-" where previous == "e":
                break
            default: return false
            }
            previous = c
        }
        return true
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}

/// `Label:    value` lines with the values aligned.
package struct FieldList: Sendable {
    private var fields: [(String, String)] = []

    package init() {}

    package mutating func add(_ label: String, _ value: String) { fields.append((label, value)) }

    package var lines: [String] {
        let width = (fields.map(\.0.count).max() ?? 0) + 2
        return fields.map { ($0.0 + ":").padding(toLength: width) + $0.1 }
    }
}

extension Range<Int> {
    func shifted(by offset: Int) -> Range<Int> { (lowerBound + offset)..<(upperBound + offset) }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
