/// Plain aligned columns, two spaces apart, no trailing blanks: stable enough to record.
struct TextTable {
    let header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }
    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: String...) { rows.append(row) }
    mutating func add(_ row: [String]) { rows.append(row) }

    var lines: [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2)
            }.joined().trimmingTrailingSpaces()
        }
    }
}

/// `Label:    value` lines with the values aligned.
struct FieldList {
    private var fields: [(String, String)] = []

    mutating func add(_ label: String, _ value: String) { fields.append((label, value)) }

    var lines: [String] {
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
