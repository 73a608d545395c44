import TuskCore

/// A command's tokens sorted into positional arguments and options, checked against its
/// declaration: what a command type's initializer reads its values from.
///
/// Every accessor that can fail throws a ``Diagnostic`` pointing at the word at fault, so a
/// command's parsing code is a list of typed reads of what it declared:
///
///     name = try AddressSyntax.repoName(call.argument(0))
///     seed = try call[Self.seed] ?? 0
public struct Invocation: Sendable {
    public let declaration: CommandDeclaration
    public private(set) var positionals: [Token] = []
    /// Fixed words of the syntax that were present (`on`), with where they stood.
    public private(set) var keywords: [String: Token] = [:]
    private var options: [String: OptionValue] = [:]
    /// The second occurrence of an option the declaration lets each side of its keyword have.
    private var otherSide: [String: OptionValue] = [:]
    /// Just past the last token: where a missing argument is reported.
    public let end: SourceSpan

    private struct OptionValue: Sendable {
        let token: Token
        let value: Token?
    }

    public init(declaration spec: CommandDeclaration, tokens: ArraySlice<Token>, end: SourceSpan) throws(Diagnostic) {
        self.declaration = spec
        self.end = end
        var rest = tokens[...]
        let variadic = spec.valueArguments.last?.variadic ?? false
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
                let names = spec.allOptions.map(\.name)
                throw Diagnostic(
                    "unknown option '\(String(repeating: "-", count: token.span.length - token.text.count))\(token.text)' for '\(spec.name)'",
                    at: token.span,
                    help: Suggestion.closest(to: token.text, among: names).map { "did you mean '--\($0)'?" }
                        ?? (spec.options.isEmpty ? "'\(spec.name)' takes no options" : "usage: \(spec.usage)"))
            }
            var isOtherSide = false
            if let first = options[option.name] {
                // The first one stood before the keyword, this one after it: one per side.
                if let sides = spec.sides, sides.options.contains(option.name), otherSide[option.name] == nil,
                    let keyword = keywords[sides.keyword], Self.precedes(first.token, keyword)
                {
                    isOtherSide = true
                } else {
                    let help =
                        spec.sides.map { $0.options.contains(option.name) } == true
                        ? "keep one on each side of '\(spec.sides?.keyword ?? "")'" : "keep one"
                    throw Diagnostic("option '--\(option.name)' is given twice", at: token.span, help: help)
                }
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
            if isOtherSide {
                otherSide[option.name] = OptionValue(token: token, value: value)
            } else {
                options[option.name] = OptionValue(token: token, value: value)
            }
        }
        let values = spec.valueArguments
        if !variadic, positionals.count > values.count {
            let extra = positionals[values.count]
            throw Diagnostic("unexpected argument '\(extra.text)'", at: extra.span, help: "usage: \(spec.usage)")
        }
        if let missing = values.dropFirst(positionals.count).first(where: { !$0.optional }) {
            throw Diagnostic("missing \(missing.name)", at: end, help: "usage: \(spec.usage)")
        }
        for option in spec.options where option.required && options[option.name] == nil {
            throw Diagnostic(
                "missing option '--\(option.name)'", at: end, help: "add \(option.flag) \(option.value ?? "")")
        }
        _ = try self[.format]
    }

    /// Whether `a` stands before `b` in the command text.
    public static func precedes(_ a: Token, _ b: Token) -> Bool {
        (a.span.line, a.span.column) < (b.span.line, b.span.column)
    }

    // MARK: - Positional arguments

    /// The `index`-th value argument (fixed words not counted).
    public func argument(_ index: Int) throws(Diagnostic) -> Token {
        guard index < positionals.count else {
            let values = declaration.valueArguments
            let name = index < values.count ? values[index].name : "argument"
            throw Diagnostic("missing \(name)", at: end, help: "usage: \(declaration.usage)")
        }
        return positionals[index]
    }

    public func optionalArgument(_ index: Int) -> Token? { index < positionals.count ? positionals[index] : nil }

    /// Requires the fixed word the declaration puts before the value argument at `index`
    /// (`on` in `train MODEL on DATA`).
    public func keyword(before index: Int) throws(Diagnostic) {
        let arguments = declaration.arguments
        guard let position = arguments.indices.filter({ arguments[$0].kind != .keyword }).dropFirst(index).first,
            position > 0, arguments[position - 1].kind == .keyword
        else {
            throw Diagnostic(
                "'\(declaration.name)' declares no fixed word before its argument \(index + 1)", category: .internal)
        }
        try keyword(arguments[position - 1].name.lowercased(), before: index)
    }

    private func keyword(_ word: String, before index: Int) throws(Diagnostic) {
        guard let token = keywords[word] else {
            let at = index < positionals.count ? positionals[index].span : end
            throw Diagnostic("expected '\(word)' here", at: at, help: "usage: \(declaration.usage)")
        }
        if index < positionals.count, token.span.line == positionals[index].span.line,
            token.span.column > positionals[index].span.column
        {
            throw Diagnostic("'\(word)' is misplaced", at: token.span, help: "usage: \(declaration.usage)")
        }
    }

    /// One of a fixed set of words, with did-you-mean.
    public func choice(_ index: Int, among words: [String], what: String) throws(Diagnostic) -> Located<String> {
        let token = try argument(index)
        guard words.contains(token.text) else {
            throw Diagnostic(
                "unknown \(what) '\(token.text)'", at: token.span,
                help: Suggestion.didYouMean(token.text, among: words)
                    ?? "choose " + words.joined(separator: ", "))
        }
        return Located(token.text, at: token.span)
    }

    // MARK: - Options

    /// The option's value read as its declared type; nil when it is not given. A value that does
    /// not read (`--to x`) throws at the value.
    public subscript<Value>(option: Option<Value>) -> Value? {
        get throws(Diagnostic) {
            try check(option)
            guard let token = options[option.name]?.value else { return nil }
            return try option.read(token)
        }
    }

    /// Whether the flag is given.
    public subscript(flag: Flag) -> Bool {
        get throws(Diagnostic) {
            try check(flag)
            return options[flag.name] != nil
        }
    }

    /// The option's value with where it was written, for errors found later.
    public func located<Value: Equatable>(_ option: Option<Value>) throws(Diagnostic) -> Located<Value>? {
        guard let value = try self[option], let span = valueSpan(option) else { return nil }
        return Located(value, at: span)
    }

    /// The value of an option the declaration marks required (the initializer checked it is there).
    public func required<Value>(_ option: Option<Value>) throws(Diagnostic) -> Value {
        guard let value = try self[option] else {
            throw Diagnostic("missing option '--\(option.name)'", at: end, help: "usage: \(declaration.usage)")
        }
        return value
    }

    /// Whether the option is given, with or without a value.
    public func given(_ option: any DeclaredOption) -> Bool { options[option.name] != nil }

    /// Where the option's value is written.
    public func valueSpan(_ option: any DeclaredOption) -> SourceSpan? { options[option.name]?.value?.span }

    /// Where the option's own word (`--schema`) is written, for commands whose options' positions matter.
    public func optionSpan(_ option: any DeclaredOption) -> SourceSpan? { options[option.name]?.token.span }

    /// Each time the option was given where `include` accepts its word, with its value, in order:
    /// once, or once on each side of the declaration's ``CommandDeclaration/sides`` keyword. Only
    /// the values included are read.
    public func occurrences<Value>(_ option: Option<Value>, where include: (Token) -> Bool = { _ in true })
        throws(Diagnostic) -> [(option: Token, value: Value)]
    {
        try check(option)
        var found: [(option: Token, value: Value)] = []
        for given in [options[option.name], otherSide[option.name]] {
            guard let given, let token = given.value, include(given.token) else { continue }
            found.append((given.token, try option.read(token)))
        }
        return found
    }

    /// The value given for one of the declaration's options, as written: for front ends that look
    /// at every option of a kind (every path a command reads), whatever the command.
    public func token(for option: CommandDeclaration.Option) -> Token? {
        guard declaration.allOptions.contains(where: { $0.name == option.name }) else { return nil }
        return options[option.name]?.value
    }

    /// The `--format` every command accepts, when given (the initializer checked its value).
    public var format: OutputFormat? { try? self[.format] }

    /// A read of an option the command does not declare is a mistake in the command, not in the
    /// line: the parser would never have accepted the option.
    private func check(_ option: any DeclaredOption) throws(Diagnostic) {
        guard
            declaration.allOptions.contains(where: {
                $0.name == option.name && ($0.value == nil) == (option.spec.value == nil)
            })
        else {
            throw Diagnostic(
                "'\(declaration.name)' reads option '--\(option.name)', which it does not declare", category: .internal)
        }
    }
}

/// Numbers in messages, without trailing zeros: `0`, `0.5`, `100`.
enum NumberText {
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
