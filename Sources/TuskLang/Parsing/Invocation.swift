import TuskCore

/// A command's tokens sorted into positional arguments and options, checked against its spec.
struct Invocation {
    let spec: CommandSpec
    private(set) var positionals: [Token] = []
    /// Fixed words of the syntax that were present (`on`), with where they stood.
    private(set) var keywords: [String: Token] = [:]
    private var options: [String: (token: Token, value: Token?)] = [:]
    /// Just past the last token: where a missing argument is reported.
    let end: SourceSpan

    init(spec: CommandSpec, tokens: ArraySlice<Token>, end: SourceSpan) throws(Diagnostic) {
        self.spec = spec
        self.end = end
        var rest = tokens[...]
        while let token = rest.popFirst() {
            guard token.kind == .option else {
                if token.kind == .word, spec.keywords.contains(token.text), keywords[token.text] == nil {
                    keywords[token.text] = token
                } else {
                    positionals.append(token)
                }
                continue
            }
            guard let option = spec.option(named: token.text) else {
                let names = spec.options.map(\.name)
                throw Diagnostic(
                    "unknown option '\(String(repeating: "-", count: token.span.length - token.text.count))\(token.text)' for '\(spec.name)'",
                    at: token.span,
                    help: Suggestion.closest(to: token.text, among: names).map { "did you mean '--\($0)'?" }
                        ?? (names.isEmpty ? "'\(spec.name)' takes no options" : "usage: \(spec.usage)"))
            }
            if options[option.name] != nil {
                throw Diagnostic("option '--\(option.name)' is given twice", at: token.span, help: "keep one")
            }
            var value: Token?
            if let valueName = option.value {
                if let attached = token.attachedValue {
                    value = Token(kind: .word, text: attached.text, span: attached.span)
                } else if let next = rest.first, next.kind != .option {
                    value = rest.popFirst()
                } else {
                    throw Diagnostic(
                        "option '--\(option.name)' needs a value", at: token.span,
                        help: "write --\(option.name) \(valueName)")
                }
            } else if let attached = token.attachedValue {
                throw Diagnostic(
                    "option '--\(option.name)' takes no value", at: attached.span, help: "remove '=\(attached.text)'")
            }
            options[option.name] = (token, value)
        }
        let takesRest = spec.name == "help"
        let values = spec.arguments.filter { $0.kind != .keyword }
        if !takesRest, positionals.count > values.count {
            let extra = positionals[values.count]
            throw Diagnostic("unexpected argument '\(extra.text)'", at: extra.span, help: "usage: \(spec.usage)")
        }
        if let missing = values.dropFirst(positionals.count).first(where: { !$0.optional }) {
            throw Diagnostic("missing \(missing.name)", at: end, help: "usage: \(spec.usage)")
        }
        for option in spec.options where option.required && options[option.name] == nil {
            throw Diagnostic(
                "missing option '--\(option.name)'", at: end,
                help: "add \(option.short.map { "-\($0)" } ?? "--\(option.name)") \(option.value ?? "")")
        }
    }

    func argument(_ index: Int) throws(Diagnostic) -> Token {
        guard index < positionals.count else {
            let values = spec.arguments.filter { $0.kind != .keyword }
            throw Diagnostic("missing \(values[index].name)", at: end, help: "usage: \(spec.usage)")
        }
        return positionals[index]
    }

    /// Requires a fixed word (`on`) before the positional at `index`.
    func keyword(_ word: String, before index: Int) throws(Diagnostic) {
        guard let token = keywords[word] else {
            let at = index < positionals.count ? positionals[index].span : end
            throw Diagnostic("expected '\(word)' here", at: at, help: "usage: \(spec.usage)")
        }
        if index < positionals.count, token.span.line == positionals[index].span.line,
            token.span.column > positionals[index].span.column
        {
            throw Diagnostic("'\(word)' is misplaced", at: token.span, help: "usage: \(spec.usage)")
        }
    }

    func optionalArgument(_ index: Int) -> Token? { index < positionals.count ? positionals[index] : nil }

    func value(_ option: String) -> Token? { options[option]?.value }
    func text(_ option: String) -> String? { value(option)?.text }
    func located(_ option: String) -> Located<String>? { value(option).map { Located($0.text, at: $0.span) } }
    func flag(_ option: String) -> Bool { options[option] != nil }
}
