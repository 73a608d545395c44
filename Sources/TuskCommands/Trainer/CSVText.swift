import Foundation
import TuskML

/// Quoting for CSV output (RFC 4180).
enum CSVText {
    static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// A cell of a table as text: numbers as written (shortest form), levels by name, missing empty.
    static func value(_ column: Table.Column, row: Int) -> String {
        switch column.values {
        case .numeric(let values):
            let x = values[row]
            if x.isNaN { return "" }
            return NumberFormat.shortest(x)
        case .categorical(let codes, let levels):
            let code = Int(codes[row])
            return code >= 0 && code < levels.count ? levels[code] : ""
        }
    }
}
