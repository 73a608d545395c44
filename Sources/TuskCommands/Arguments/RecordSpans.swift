import TuskCore
import TuskLang
import TuskML

/// Where each field of a JSON record argument is written, so an error about a field points at
/// its name inside the record (the record's span starts at its `{`).
enum RecordSpans {
    static func fields(_ record: Located<String>) -> [String: SourceSpan] {
        var spans: [String: SourceSpan] = [:]
        for (name, position) in RecordReader.fieldPositions(record.value) {
            spans[name] = at(record, offset: position.offset, length: position.length)
        }
        return spans
    }

    /// The span of `length` characters at `offset` characters into the record.
    static func at(_ record: Located<String>, offset: Int, length: Int) -> SourceSpan {
        var line = record.span.line, column = record.span.column
        for c in record.value.prefix(max(0, offset)) {
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceSpan(line: line, column: column, length: length)
    }
}

/// How the answers to one record say what they could not use.
enum UnseenText {
    /// `note: sex 'Femal' was not seen in training; it counts as no level (did you mean 'Female'?)`.
    static func note(_ level: UnseenLevel, kind: String) -> String {
        "note: \(level.feature) '\(level.value)' was not seen in training; it counts as "
            + (kind == TrainedModel.Kind.boosted.rawValue ? "missing" : "no level")
            + (level.suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }
}
