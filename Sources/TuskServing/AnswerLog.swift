import TuskML

/// Every predictor's answer to one request, as the log keeps it: `live=0.8123 shadow-1=0.41 ~3.2`
/// (each predictor's probability of the positive class, the one that answered first, then the
/// live model's outlier distance). Probabilities are written in full, so a decision read back is
/// the decision that was made.
struct AnswerLog {
    private(set) var text = ""

    mutating func append(_ predictor: String, _ probability: Double) {
        if !text.isEmpty { text += " " }
        text += predictor
        text += "="
        text += probability.description
    }

    mutating func distance(_ distance: Double) {
        text += " ~"
        text += distance.description
    }

    /// Reads a log entry back: the answers in order (the first answered), and the distance.
    static func read(_ text: String) -> (answers: [(predictor: String, probability: Double)], distance: Double) {
        var answers: [(String, Double)] = []
        var distance = Double.nan
        for part in text.split(separator: " ") {
            if part.first == "~" {
                distance = Double(part.dropFirst()) ?? .nan
            } else if let equals = part.lastIndex(of: "=") {
                answers.append((String(part[..<equals]), Double(part[part.index(after: equals)...]) ?? .nan))
            }
        }
        return (answers, distance)
    }
}

/// Writes a request's features as one compact JSON object, keys in the table's column order:
/// what the log keeps as the request's input, and what `explain` reads back.
struct InputEncoder {
    private enum Column {
        case numbers([Double])
        case codes([Int32], levels: [String])
    }

    private let keys: [String]
    private let columns: [Column]

    init(_ table: Table) {
        keys = table.columns.map { LogJSON.string($0.name) + ":" }
        columns = table.columns.map { column in
            switch column.values {
            case .numeric(let values): .numbers(values)
            case .categorical(let codes, let levels): .codes(codes, levels: levels.map(LogJSON.string))
            }
        }
    }

    func json(row: Int) -> String {
        var text = "{"
        for (index, column) in columns.enumerated() {
            if index > 0 { text += "," }
            text += keys[index]
            switch column {
            case .numbers(let values): text += LogJSON.number(values[row])
            case .codes(let codes, let levels): text += codes[row] < 0 ? "null" : levels[Int(codes[row])]
            }
        }
        return text + "}"
    }
}

/// JSON scalars written by hand, the way the log needs them: fast and always the same bytes.
enum LogJSON {
    static func number(_ value: Double) -> String {
        value.isFinite ? CategoryLevel.name(of: value) : "null"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
