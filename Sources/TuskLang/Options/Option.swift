import TuskCore

/// An option with a value, declared once with the type its value reads as, as
/// swift-argument-parser's `@Option` is: the command lists it in its ``CommandDeclaration`` and
/// reads it back as `call[Self.to]`, so a misspelled option is a compile error rather than a
/// silent nil, and the reading (range, kind) is part of the declaration.
///
///     static let to = Option<Int>("to", value: "RELEASE", "the release to go back to", in: 1..., example: "1")
///     static let declaration = CommandDeclaration("rollback", "…", options: [to])
///     …
///     to = try call[Self.to]
///
/// A value that does not read throws a ``Diagnostic`` at the value, when the command reads it.
public struct Option<Value: Sendable>: DeclaredOption {
    public let spec: CommandDeclaration.Option
    let read: @Sendable (Token) throws(Diagnostic) -> Value

    /// An option whose value `read` turns into a `Value`, with a located error when it cannot.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String,
        kind: CommandDeclaration.ValueKind = .text, required: Bool = false, writes: Bool = false,
        read: @escaping @Sendable (Token) throws(Diagnostic) -> Value
    ) {
        spec = CommandDeclaration.Option(
            name, short: short, value: value, summary, kind: kind, required: required, writes: writes)
        self.read = read
    }

    private init(spec: CommandDeclaration.Option, read: @escaping @Sendable (Token) throws(Diagnostic) -> Value) {
        self.spec = spec
        self.read = read
    }
}

extension Option where Value == String {
    /// An option whose value is its text.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String,
        kind: CommandDeclaration.ValueKind = .text, required: Bool = false, writes: Bool = false
    ) {
        self.init(
            name, short: short, value: value, summary, kind: kind, required: required, writes: writes,
            read: { token in token.text })
    }
}

extension Option where Value == Located<String> {
    /// An option whose value is its text, with where it was written, for errors found later.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String,
        kind: CommandDeclaration.ValueKind = .text, required: Bool = false, writes: Bool = false
    ) {
        self.init(
            name, short: short, value: value, summary, kind: kind, required: required, writes: writes,
            read: { token in Located(token.text, at: token.span) })
    }
}

extension Option where Value == [Located<String>] {
    /// `a,b,c` split into located items; repeated items count once.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String,
        kind: CommandDeclaration.ValueKind = .text, required: Bool = false
    ) {
        self.init(
            name, short: short, value: value, summary, kind: kind, required: required,
            read: { token in
                var seen = Set<String>()
                return AddressSyntax.listItems(token).filter { seen.insert($0.value).inserted }
            })
    }
}

extension Option where Value == Int {
    /// A whole number within `range`; `example` is a good value, for the error's help.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String, in range: ClosedRange<Int>,
        example: String, required: Bool = false
    ) {
        self.init(
            name, short: short, value: value, summary, required: required,
            read: Self.wholeNumber(name, in: range, example: example))
    }

    /// The same option read within a range known only as the command reads it (the model kind's
    /// limit on `--max-categories`).
    public func narrowed(to range: ClosedRange<Int>, example: String) -> Option<Int> {
        Option(spec: spec, read: Self.wholeNumber(name, in: range, example: example))
    }

    private static func wholeNumber(_ name: String, in range: ClosedRange<Int>, example: String)
        -> @Sendable (Token) throws(Diagnostic) -> Int
    {
        { token throws(Diagnostic) in
            guard let value = Int(token.text), range.contains(value) else {
                let bounds =
                    range.upperBound == Int.max
                    ? "a whole number from \(range.lowerBound)"
                    : "a whole number from \(range.lowerBound) to \(range.upperBound)"
                throw Diagnostic("--\(name) must be \(bounds)", at: token.span, help: "e.g. --\(name) \(example)")
            }
            return value
        }
    }

    /// A whole number from `range`'s lower bound on.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String, in range: PartialRangeFrom<Int>,
        example: String, required: Bool = false
    ) {
        self.init(
            name, short: short, value: value, summary, in: range.lowerBound...Int.max, example: example,
            required: required)
    }
}

extension Option where Value == Double {
    /// A finite number within `range`; `example` is a good value, for the error's help.
    public init(
        _ name: String, short: Character? = nil, value: String, _ summary: String, in range: ClosedRange<Double>,
        example: String
    ) {
        self.init(
            name, short: short, value: value, summary,
            read: { token throws(Diagnostic) in
                guard let value = Double(token.text), value.isFinite, range.contains(value) else {
                    throw Diagnostic(
                        "--\(name) must be a number from \(NumberText.plain(range.lowerBound)) to \(NumberText.plain(range.upperBound))",
                        at: token.span, help: "e.g. --\(name) \(example)")
                }
                return value
            })
    }
}

extension Option where Value == OutputFormat {
    /// `--format text|json`, which every command accepts.
    public static let format = Option(
        "format", value: "text|json", "print the result as text (the default) or JSON",
        kind: .choice(OutputFormat.names),
        read: { token throws(Diagnostic) in
            guard let format = OutputFormat(rawValue: token.text) else {
                throw Diagnostic(
                    "unknown format '\(token.text)'", at: token.span,
                    help: Suggestion.didYouMean(token.text, among: OutputFormat.names)
                        ?? "write --format text or --format json")
            }
            return format
        })
}
