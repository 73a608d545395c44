import TuskCore

/// A command's tokens sorted into positional arguments and options, checked against its
/// declaration: what a command type's initializer reads its values from.
///
/// Every accessor that can fail throws a ``Diagnostic`` pointing at the word at fault, so a
/// command's parsing code is a list of typed reads:
///
///     name = try AddressSyntax.repoName(call.argument(0))
///     seed = try call.integer("seed", in: 0...Int.max, example: "42") ?? 0
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
        if let format = value("format"), !["text", "json"].contains(format.text) {
            throw Diagnostic(
                "unknown format '\(format.text)'", at: format.span,
                help: Suggestion.didYouMean(format.text, among: ["text", "json"])
                    ?? "write --format text or --format json")
        }
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

    /// Requires a fixed word (`on`) before the positional at `index`.
    public func keyword(_ word: String, before index: Int) throws(Diagnostic) {
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

    public func value(_ option: String) -> Token? { options[option]?.value }
    /// The option's own word (`--schema`), for commands whose options' positions matter.
    public func optionToken(_ option: String) -> Token? { options[option]?.token }
    public func text(_ option: String) -> String? { value(option)?.text }
    /// Each time the option was given, its word and value, in order: once, or once on each side of
    /// the declaration's ``CommandDeclaration/sides`` keyword.
    public func occurrences(_ option: String) -> [(option: Token, value: Token?)] {
        [options[option], otherSide[option]].compactMap { $0.map { ($0.token, $0.value) } }
    }
    public func located(_ option: String) -> Located<String>? { value(option).map { Located($0.text, at: $0.span) } }
    public func flag(_ option: String) -> Bool { options[option] != nil }

    /// The value of an option the declaration marks required (the initializer checked it is there).
    public func required(_ option: String) throws(Diagnostic) -> Token {
        guard let token = value(option) else {
            throw Diagnostic("missing option '--\(option)'", at: end, help: "usage: \(declaration.usage)")
        }
        return token
    }

    /// A whole-number option within `range`.
    public func integer(_ option: String, in range: ClosedRange<Int>, example: String) throws(Diagnostic) -> Int? {
        guard let token = value(option) else { return nil }
        guard let value = Int(token.text), range.contains(value) else {
            let bounds =
                range.upperBound == Int.max
                ? "a whole number from \(range.lowerBound)"
                : "a whole number from \(range.lowerBound) to \(range.upperBound)"
            throw Diagnostic("--\(option) must be \(bounds)", at: token.span, help: "e.g. --\(option) \(example)")
        }
        return value
    }

    /// A finite number option within `range`.
    public func number(_ option: String, in range: ClosedRange<Double>, example: String) throws(Diagnostic) -> Double? {
        guard let token = value(option) else { return nil }
        guard let value = Double(token.text), value.isFinite, range.contains(value) else {
            throw Diagnostic(
                "--\(option) must be a number from \(NumberText.plain(range.lowerBound)) to \(NumberText.plain(range.upperBound))",
                at: token.span, help: "e.g. --\(option) \(example)")
        }
        return value
    }

    /// `a,b,c` split into located items; empty when the option is absent. Repeated items count once.
    public func list(_ option: String) -> [Located<String>] {
        guard let token = value(option) else { return [] }
        var seen = Set<String>()
        return AddressSyntax.listItems(token).filter { seen.insert($0.value).inserted }
    }

    /// The `--format` every command accepts, when given.
    public var format: Located<String>? { located("format") }
}

/// Numbers in messages, without trailing zeros: `0`, `0.5`, `100`.
enum NumberText {
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
