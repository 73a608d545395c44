import TuskCore

/// Finds which declared command a line names and sorts its words into an ``Invocation``, or
/// throws a ``Diagnostic`` pointing at the offending word with, where possible, a suggestion.
///
/// The parser knows no command: it is given the declarations, so the language layer stays
/// ignorant of the engines.
///
///     let parser = CommandParser(declarations: [CreateRepo.declaration, ListRepo.declaration])
///     let call = try parser.parse("create repo income_data")   // call?.declaration.name == "create repo"
public struct CommandParser: Sendable {
    public let declarations: [CommandDeclaration]

    public init(declarations: [CommandDeclaration]) { self.declarations = declarations }

    /// Parses `text`; returns nil for a blank line or a comment.
    public func parse(_ text: String) throws(Diagnostic) -> Invocation? {
        let tokens = try Lexer.tokenize(text)
        guard !tokens.isEmpty else { return nil }
        let (declaration, rest) = try match(tokens)
        return try Invocation(declaration: declaration, tokens: rest, end: Self.endSpan(tokens))
    }

    /// The declaration a command line starts with, or nil when it names none (for completion and help).
    public func declaration(startingWith words: [String]) -> CommandDeclaration? {
        declarations.filter { words.starts(with: $0.words) }.max { $0.words.count < $1.words.count }
    }

    /// The declaration named exactly `name` (`put file`).
    public func declaration(named name: String) -> CommandDeclaration? { declarations.first { $0.name == name } }

    /// The first words of every command.
    public var verbs: [String] {
        var seen = Set<String>()
        return declarations.map { $0.words[0] }.filter { seen.insert($0).inserted }
    }

    private func match(_ tokens: [Token]) throws(Diagnostic) -> (CommandDeclaration, ArraySlice<Token>) {
        let first = tokens[0]
        guard first.kind == .word, verbs.contains(first.text) else {
            let twoWords = tokens.count > 1 ? first.text + " " + tokens[1].text : first.text
            let help =
                Suggestion.didYouMean(twoWords, among: declarations.map(\.name))
                ?? Suggestion.didYouMean(first.text, among: verbs) ?? "type 'help' for the list of commands"
            throw Diagnostic("unknown command '\(first.text)'", at: first.span, help: help)
        }
        let candidates = declarations.filter { $0.words[0] == first.text }
        if tokens.count > 1, tokens[1].kind == .word,
            let double = candidates.first(where: { $0.words.count == 2 && $0.words[1] == tokens[1].text })
        {
            return (double, tokens.dropFirst(2))
        }
        if let single = candidates.first(where: { $0.words.count == 1 }) { return (single, tokens.dropFirst()) }
        let objects = candidates.map { $0.words[1] }
        let family = objects.map { "\(first.text) \($0)" }.joined(separator: ", ")
        guard tokens.count > 1 else {
            throw Diagnostic("'\(first.text)' needs an object", at: Self.endSpan(tokens), help: "one of: " + family)
        }
        let second = tokens[1]
        let closest = Suggestion.closest(to: second.text, among: objects)
        throw Diagnostic(
            "unknown command '\(first.text) \(second.text)'", at: second.span,
            help: closest.map { "did you mean '\(first.text) \($0)'?" } ?? "one of: " + family)
    }

    static func endSpan(_ tokens: [Token]) -> SourceSpan {
        guard let token = tokens.last else { return SourceSpan(line: 1, column: 1, length: 1) }
        let last = token.attachedValue?.span ?? token.span
        return SourceSpan(line: last.line, column: last.column + last.length + 1, length: 1)
    }
}
