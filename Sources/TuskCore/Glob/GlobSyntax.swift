/// The lexer and parser of Pachyderm's glob library (github.com/pachyderm/ohmyglob, itself derived
/// from gobwas/glob), ported rule for rule, quirks included, so a pattern reads here as it reads
/// in a Pachyderm cluster: the same tokens, the same tree.
///
/// Why not a regular expression library: ohmyglob compiles to a .NET-style regex, but what a
/// path match needs is only whether the whole path is in the pattern's language, which a small
/// backtracking matcher over the tree decides (``Glob/matches(_:)``), with no regex dialect to
/// translate and no timeout to set.
enum GlobSyntax {
    /// A glob term, as ohmyglob's AST has them.
    indirect enum Node: Sendable, Equatable {
        /// Characters matched as they are.
        case text([Unicode.Scalar])
        /// `*`: any run of characters but `/`.
        case any
        /// `**`: any run of characters, `/` included.
        case superAny
        /// `?`: one character but `/`.
        case single
        /// `[abc]`, `[a-z]`, `[!a-z]`, `[[:digit:]]`.
        case list(CharacterClass)
        /// `{a,b}`: one of the alternatives.
        case anyOf([[Node]])
        /// `(a|b)`, `@(…)`, `*(…)`, `+(…)`, `?(…)`, `!(…)`: a group (what `join_on` and `group_by`
        /// refer to as `$1`, `$2`, …), with how often it repeats.
        case capture(Quantifier, [[Node]])
    }

    enum Quantifier: Sendable, Equatable {
        case one, zeroOrMore, oneOrMore, optional, not
    }

    /// The characters of a `[…]` class as the regex it compiles to reads them: single characters
    /// and `lo-hi` ranges.
    struct CharacterClass: Sendable, Equatable {
        var ranges: [ClosedRange<UInt32>]
        var negated: Bool

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            ranges.contains { $0.contains(scalar.value) } != negated
        }
    }

    // MARK: - Lexer (ohmyglob syntax/lexer)

    enum Token: Equatable {
        case text([Unicode.Scalar])
        case any, superAny, single
        case rangeOpen, not, rangeClose
        case termsOpen, termsClose, separator
        case captureOpen(Unicode.Scalar)
        case captureClose
        case eof
    }

    static let basicBreakers: Set<Unicode.Scalar> = ["?", "*", "[", "{", "("]
    static let extendedBreakers = basicBreakers.union(["@", "!", "^", "+"])
    static let captureBreakers = extendedBreakers.union([")", "|"])
    static let termsBreakers = extendedBreakers.union(["}", ","])

    /// Every token of `pattern`, or the error and the offset (in Unicode scalars) it is at.
    static func tokens(_ pattern: [Unicode.Scalar]) throws(GlobError) -> [Token] {
        var tokens: [Token] = []
        var position = 0
        var terms = 0
        var captures = 0
        func peek() -> Unicode.Scalar? { position < pattern.count ? pattern[position] : nil }

        func fetchText(_ breakers: Set<Unicode.Scalar>) {
            var data: [Unicode.Scalar] = []
            var escaped = false
            while let scalar = peek() {
                if !escaped {
                    if scalar == "\\" {
                        escaped = true
                        position += 1
                        continue
                    }
                    if breakers.contains(scalar) { break }
                }
                escaped = false
                data.append(scalar)
                position += 1
            }
            if !data.isEmpty { tokens.append(.text(data)) }
        }

        func fetchRange() throws(GlobError) {
            let start = position - 1
            var seenNot = false
            var inPOSIX = false
            var escaped = false
            var data: [Unicode.Scalar] = []
            while true {
                guard let scalar = peek() else {
                    throw GlobError("'[' is never closed", offset: start, help: "close the class with ']'")
                }
                position += 1
                if !escaped {
                    if scalar == "\\" {
                        escaped = true
                        continue
                    }
                    if scalar == "[" { inPOSIX = true }
                    if scalar == "]" {
                        if inPOSIX { inPOSIX = false } else { break }
                    }
                    // ohmyglob takes a '!' or '^' anywhere in the class (the first one) as negation.
                    if !seenNot && (scalar == "!" || scalar == "^") {
                        tokens.append(.not)
                        seenNot = true
                        continue
                    }
                }
                escaped = false
                data.append(scalar)
            }
            if !data.isEmpty { tokens.append(.text(data)) }
            tokens.append(.rangeClose)
        }

        while true {
            guard let scalar = peek() else {
                tokens.append(.eof)
                return tokens
            }
            position += 1
            switch scalar {
            case "{":
                terms += 1
                tokens.append(.termsOpen)
            case "," where terms > 0:
                tokens.append(.separator)
            case "}" where terms > 0:
                tokens.append(.termsClose)
                terms -= 1
            case "|" where captures > 0:
                tokens.append(.separator)
            case "[":
                tokens.append(.rangeOpen)
                try fetchRange()
            case "(":
                tokens.append(.captureOpen("@"))
                captures += 1
            case "@", "!", "^", "+":
                if peek() == "(" {
                    position += 1
                    tokens.append(.captureOpen(scalar))
                    captures += 1
                } else {
                    position -= 1
                    fetchText(basicBreakers)
                }
            case ")" where captures > 0:
                tokens.append(.captureClose)
                captures -= 1
            case "?":
                if peek() == "(" {
                    position += 1
                    tokens.append(.captureOpen("?"))
                    captures += 1
                } else {
                    tokens.append(.single)
                }
            case "*":
                if peek() == "*" {
                    position += 1
                    if peek() == "(" {
                        position -= 1
                        tokens.append(.any)
                    } else {
                        tokens.append(.superAny)
                    }
                } else if peek() == "(" {
                    position += 1
                    tokens.append(.captureOpen("*"))
                    captures += 1
                } else {
                    tokens.append(.any)
                }
            default:
                position -= 1
                fetchText(terms > 0 ? termsBreakers : captures > 0 ? captureBreakers : extendedBreakers)
            }
        }
    }

    // MARK: - Parser (ohmyglob syntax/ast)

    /// A node of the tree while it is built, as ohmyglob's parser builds it: a close climbs two
    /// levels, a separator starts a new alternative in the parent, whatever the nesting.
    private final class Builder {
        enum Kind { case pattern, anyOf, capture(Unicode.Scalar), leaf(Node) }
        let kind: Kind
        var children: [Builder] = []
        weak var parent: Builder?

        init(_ kind: Kind) { self.kind = kind }

        func insert(_ child: Builder) {
            child.parent = self
            children.append(child)
        }

        func node() throws(GlobError) -> [Node] {
            var nodes: [Node] = []
            for child in children {
                switch child.kind {
                case .leaf(let node): nodes.append(node)
                case .pattern: nodes += try child.node()
                case .anyOf:
                    guard !child.children.isEmpty else { continue }
                    nodes.append(.anyOf(try child.alternatives()))
                case .capture(let quantifier):
                    guard !child.children.isEmpty else { continue }
                    let q: Quantifier
                    switch quantifier {
                    case "@": q = .one
                    case "*": q = .zeroOrMore
                    case "+": q = .oneOrMore
                    case "?": q = .optional
                    case "!": q = .not
                    default:
                        throw GlobError(
                            "'\(quantifier)(' is not a glob group (ohmyglob has no quantifier '\(quantifier)')",
                            offset: nil, help: "negate with '!(…)', or escape the character: '\\\(quantifier)('")
                    }
                    nodes.append(.capture(q, try child.alternatives()))
                }
            }
            return nodes
        }

        func alternatives() throws(GlobError) -> [[Node]] {
            var result: [[Node]] = []
            for child in children { result.append(try child.node()) }
            return result
        }
    }

    /// The pattern's tree, as a sequence of terms.
    static func parse(_ pattern: [Unicode.Scalar]) throws(GlobError) -> [Node] {
        let root = Builder(.pattern)
        var tree = root
        var tokens = try tokens(pattern)[...]
        while let token = tokens.popFirst() {
            switch token {
            case .eof:
                return try root.node()
            case .text(let text): tree.insert(Builder(.leaf(.text(text))))
            case .any: tree.insert(Builder(.leaf(.any)))
            case .superAny: tree.insert(Builder(.leaf(.superAny)))
            case .single: tree.insert(Builder(.leaf(.single)))
            case .rangeOpen:
                var negated = false
                var chars: [Unicode.Scalar] = []
                loop: while let inner = tokens.popFirst() {
                    switch inner {
                    case .not: negated = true
                    case .text(let text): chars = posixExpanded(text)
                    case .rangeClose: break loop
                    default: break
                    }
                }
                guard !chars.isEmpty else {
                    throw GlobError(
                        "a character class '[]' must name characters", offset: nil, help: "e.g. [abc] or [a-z]")
                }
                let ranges = try classRanges(chars)
                tree.insert(Builder(.leaf(.list(CharacterClass(ranges: ranges, negated: negated)))))
            case .termsOpen, .captureOpen:
                let kind: Builder.Kind
                if case .captureOpen(let q) = token { kind = .capture(q) } else { kind = .anyOf }
                let group = Builder(kind)
                let alternative = Builder(.pattern)
                tree.insert(group)
                group.insert(alternative)
                tree = alternative
            case .separator:
                let alternative = Builder(.pattern)
                tree.parent?.insert(alternative)
                tree = alternative
            case .termsClose, .captureClose:
                tree = tree.parent?.parent ?? root
            case .not, .rangeClose:
                break
            }
        }
        return try root.node()
    }

    /// ohmyglob replaces POSIX class names inside a class by their ranges (`[[:digit:]]` reads as
    /// `[[0-9]]`: the brackets stay, as literal characters of the class).
    static func posixExpanded(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = text
        for (name, ranges) in posix {
            result = replacing(Array(name.unicodeScalars), in: result, with: Array(ranges.unicodeScalars))
        }
        return result
    }

    static let posix: [(String, String)] = [
        (":alnum:", "0-9A-Za-z"), (":alpha:", "A-Za-z"), (":ascii:", "\u{00}-\u{7F}"), (":blank:", "\t "),
        (":cntrl:", "\u{00}-\u{1F}\u{7F}"), (":digit:", "0-9"), (":graph:", "!-~]"), (":lower:", "a-z"),
        (":print:", " -~"), (":punct:", "!-/:-@[-`{-~"), (":space:", "\t\n\u{0B}\u{0C}\r "), (":upper:", "A-Z"),
        (":word:", "0-9A-Za-z_"), (":xdigit:", "0-9A-Fa-f"),
    ]

    /// The class's characters read as a regex class reads them (ohmyglob quotes every regex
    /// metacharacter but '-'): `a-z` is a range, a '-' first or last is itself.
    static func classRanges(_ chars: [Unicode.Scalar]) throws(GlobError) -> [ClosedRange<UInt32>] {
        var ranges: [ClosedRange<UInt32>] = []
        var index = 0
        while index < chars.count {
            let low = chars[index].value
            if index + 2 < chars.count, chars[index + 1] == "-" {
                let high = chars[index + 2].value
                guard low <= high else {
                    throw GlobError(
                        "the range '\(chars[index])-\(chars[index + 2])' in a class is in reverse order", offset: nil,
                        help: "write the lower character first")
                }
                ranges.append(low...high)
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        return ranges
    }

    static func replacing(_ target: [Unicode.Scalar], in text: [Unicode.Scalar], with replacement: [Unicode.Scalar])
        -> [Unicode.Scalar]
    {
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            if index + target.count <= text.count, Array(text[index..<index + target.count]) == target {
                result += replacement
                index += target.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}
