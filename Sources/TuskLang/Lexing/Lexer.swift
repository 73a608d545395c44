import TuskCore

/// Splits a command into tokens, tracking line and column for diagnostics.
///
/// Whitespace (newlines included, so a command may continue over lines) separates tokens;
/// `"…"` strings take `\"`, `\\`, `\n` and `\t` escapes, `'…'` strings are literal; `#` at the
/// start of a token begins a comment to the end of the line; `{…}` is a JSON record.
public struct Lexer {
    private let scalars: [Character]
    private var index = 0
    private var line = 1
    private var column = 1

    public init(_ text: String) { scalars = Array(text) }

    /// The words of a command as a shell would pass them: options keep their dashes, strings
    /// lose their quotes (what a pipeline spec's `cmd` holds).
    public static func words(_ text: String) throws(Diagnostic) -> [String] {
        try tokenize(text).map { token in
            guard token.kind == .option else { return token.text }
            let dashes = String(repeating: "-", count: token.span.length - token.text.count)
            return dashes + token.text + (token.attachedValue.map { "=" + $0.text } ?? "")
        }
    }

    public static func tokenize(_ text: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    mutating func next() throws(Diagnostic) -> Token? {
        skipBlanksAndComments()
        guard let first = peek else { return nil }
        let start = (line: line, column: column)
        switch first {
        case "\"", "'": return try quoted(start)
        case "{": return try json(start)
        case "-" where isOptionStart: return option(start)
        default: return word(start)
        }
    }

    private var peek: Character? { index < scalars.count ? scalars[index] : nil }

    private var isOptionStart: Bool {
        var i = index + 1
        if i < scalars.count, scalars[i] == "-" { i += 1 }
        return i < scalars.count && scalars[i].isLetter
    }

    private mutating func advance() -> Character {
        let c = scalars[index]
        index += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func skipBlanksAndComments() {
        while let c = peek {
            if c.isWhitespace {
                _ = advance()
            } else if c == "#" {
                while let c = peek, c != "\n" { _ = advance() }
            } else {
                return
            }
        }
    }

    private func span(from start: (line: Int, column: Int)) -> SourceSpan {
        SourceSpan(line: start.line, column: start.column, length: line == start.line ? column - start.column : 1)
    }

    private static func endsWord(_ c: Character) -> Bool { c.isWhitespace || c == "\"" || c == "'" }

    private mutating func word(_ start: (line: Int, column: Int)) -> Token {
        var text = ""
        while let c = peek, !Self.endsWord(c) { text.append(advance()) }
        return Token(kind: .word, text: text, span: span(from: start))
    }

    private mutating func option(_ start: (line: Int, column: Int)) -> Token {
        while peek == "-" { _ = advance() }
        var name = ""
        while let c = peek, !Self.endsWord(c), c != "=" { name.append(advance()) }
        let optionSpan = span(from: start)
        guard peek == "=" else { return Token(kind: .option, text: name, span: optionSpan) }
        _ = advance()
        let valueStart = (line: line, column: column)
        var value = ""
        while let c = peek, !c.isWhitespace { value.append(advance()) }
        return Token(
            kind: .option, text: name, span: optionSpan, attachedValue: (value, span(from: valueStart)))
    }

    private mutating func quoted(_ start: (line: Int, column: Int)) throws(Diagnostic) -> Token {
        let quote = advance()
        var text = ""
        while let c = peek {
            _ = advance()
            if c == quote { return Token(kind: .string, text: text, span: span(from: start)) }
            if c == "\\" && quote == "\"", let escaped = peek {
                _ = advance()
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(escaped)
                }
            } else {
                text.append(c)
            }
        }
        throw Diagnostic(
            "unterminated string", at: SourceSpan(line: start.line, column: start.column, length: 1),
            help: "close it with \(quote)")
    }

    private mutating func json(_ start: (line: Int, column: Int)) throws(Diagnostic) -> Token {
        var depth = 0
        var text = ""
        var inString = false
        while let c = peek {
            text.append(advance())
            if inString {
                if c == "\\", peek != nil { text.append(advance()) } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return Token(kind: .json, text: text, span: span(from: start)) }
            default: break
            }
        }
        throw Diagnostic(
            "unterminated record", at: SourceSpan(line: start.line, column: start.column, length: 1),
            help: "close it with '}'")
    }
}
