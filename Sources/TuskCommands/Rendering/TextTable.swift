/// The tool's one table renderer: columns two spaces apart, numbers right-aligned, no trailing
/// blanks, and on a narrow terminal the last column wrapped under itself.
///
/// A column is numeric when every cell is a number as ``NumberFormat`` writes them (`1,024`,
/// `0.8497`, `-0.0312`, `12.50%`, `1.2e-05`, `3.4 KiB`) or a placeholder (`-`, `n/a`).
public struct TextTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(_ header: String...) { self.header = header }
    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: String...) { rows.append(row) }
    public mutating func add(_ row: [String]) { rows.append(row) }

    public var isEmpty: Bool { rows.isEmpty }

    public func lines(width: Int? = nil) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let numeric = header.indices.map { column in
            let cells = rows.map { $0[column] }.filter { !Self.isPlaceholder($0) }
            return !cells.isEmpty && cells.allSatisfy(Self.isNumber)
        }
        let last = header.count - 1
        let leading = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        // Wrap the last column only when it is text and the terminal leaves it a useful width.
        let wrapAt: Int? = width.flatMap { width in
            !numeric[last] && width - leading >= 20 && leading + widths[last] > width ? width - leading : nil
        }
        var lines: [String] = []
        for row in all {
            var parts: [String] = []
            for column in row.indices where column < last {
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                parts.append((numeric[column] ? pad + cell : cell + pad) + "  ")
            }
            let lastCell =
                numeric[last] ? String(repeating: " ", count: widths[last] - row[last].count) + row[last] : row[last]
            let pieces = wrapAt.map { Self.wrap(lastCell, width: $0) } ?? [lastCell]
            lines.append((parts.joined() + pieces[0]).trimmingTrailingSpaces())
            for piece in pieces.dropFirst() {
                lines.append((String(repeating: " ", count: leading) + piece).trimmingTrailingSpaces())
            }
        }
        return lines
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
public struct FieldList: Sendable {
    private var fields: [(String, String)] = []

    public init() {}

    public mutating func add(_ label: String, _ value: String) { fields.append((label, value)) }

    public var lines: [String] {
        let width = (fields.map(\.0.count).max() ?? 0) + 2
        return fields.map { ($0.0 + ":").padding(toLength: width) + $0.1 }
    }
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
