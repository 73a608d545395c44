import Foundation
import TuskCore

/// An error as one JSON object on one line of standard error, under `--format json`:
/// `{"error": "repo 'incme' not found", "help": "did you mean 'income_data'?", "location":
/// {"column": 13, "line": 1, "source": "<command line>"}}`. A script reads the fields instead of
/// parsing the compiler-style text; `help` and `location` are null when there is none. The exit
/// code is the same as with text.
struct ErrorJSON: Encodable {
    struct Location: Encodable {
        let source: String
        let line: Int?
        let column: Int?
    }

    let error: String
    let location: Location?
    let help: String?

    init(_ diagnostic: Diagnostic, in source: SourceText) {
        let span = diagnostic.span.map(source.absolute)
        self.init(
            message: diagnostic.message, help: diagnostic.help,
            location: Location(source: source.name, line: span?.line, column: span?.column))
    }

    /// A failure of a DSL command, or one worded as `error: …` and `help: …` lines (bad usage of
    /// the CLI itself).
    init(_ failure: CLIFailure) {
        if let failed = failure.diagnostic {
            self.init(failed.0, in: failed.1)
        } else {
            let message = failure.lines.first ?? ""
            self.init(
                message: message.hasPrefix("error: ") ? String(message.dropFirst("error: ".count)) : message,
                help: failure.lines.first { $0.hasPrefix("help: ") }.map { String($0.dropFirst("help: ".count)) })
        }
    }

    init(message: String, help: String?, location: Location? = nil) {
        error = message
        self.help = help
        self.location = location
    }

    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case error, location, help, source, line, column }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(error, forKey: .error)
        if let help { try container.encode(help, forKey: .help) } else { try container.encodeNil(forKey: .help) }
        if let location {
            var place = container.nestedContainer(keyedBy: Keys.self, forKey: .location)
            try place.encode(location.source, forKey: .source)
            if let line = location.line {
                try place.encode(line, forKey: .line)
            } else {
                try place.encodeNil(forKey: .line)
            }
            if let column = location.column {
                try place.encode(column, forKey: .column)
            } else {
                try place.encodeNil(forKey: .column)
            }
        } else {
            try container.encodeNil(forKey: .location)
        }
    }

    /// The object on one line, keys sorted.
    var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and numbers cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Whether the arguments ask for JSON (`--format json` or `--format=json`, the last one wins).
    static func requested(_ arguments: [String]) -> Bool {
        var format: String?
        for (index, word) in arguments.enumerated() {
            if word == "--format", index + 1 < arguments.count { format = arguments[index + 1] }
            if word.hasPrefix("--format=") { format = String(word.dropFirst("--format=".count)) }
        }
        return format.flatMap(OutputFormat.init(rawValue:)) == .json
    }
}
