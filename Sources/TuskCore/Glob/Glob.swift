/// A glob over paths as Pachyderm matches them: the pattern language of its glob library
/// (github.com/pachyderm/ohmyglob) with `/` as the separator, matched against a whole path.
///
/// `*` is any run of characters but `/`, `**` any run at all, `?` one character but `/`;
/// `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`) and `[[:digit:]]` are classes; `{a,b}` is one of
/// the alternatives; `(a|b)` (or `@(…)`) is a group, `*(…)`, `+(…)` and `?(…)` repeat it, `!(…)`
/// matches anything in one segment but it; `\` escapes. Groups are what a Pachyderm `join_on` or
/// `group_by` calls `$1`, `$2`, …
///
///     let glob = try Glob("/STORE(*).{csv,txt}")
///     glob.matches("/STORE1.csv")    // true
///     glob.matches("/STORE1/a.csv")  // false: `*` stays within a segment
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let nodes: [GlobSyntax.Node]
    /// Whether `!(…)` must not match up to the end of the path (ohmyglob anchors every negation
    /// when no text, `*` or `**` follows the first one), rather than anywhere from its start.
    let negationAnchored: Bool
    /// Pachyderm's is `/`; nil (no separator) only for checking the port against ohmyglob's tables.
    let separator: Unicode.Scalar?

    public init(_ pattern: String) throws(GlobError) { try self.init(pattern, separator: "/") }

    init(_ pattern: String, separator: Unicode.Scalar?) throws(GlobError) {
        description = pattern
        self.separator = separator
        nodes = try GlobSyntax.parse(Array(pattern.unicodeScalars))
        negationAnchored = Self.anchorsNegation(nodes)
    }

    /// Whether the whole of `path` (`/dir/file`, no trailing `/`) is matched.
    public func matches(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        return Matcher(text: scalars, anchored: negationAnchored, separator: separator).match(nodes[...], 0) {
            $0 == scalars.count
        }
    }

    /// The number of groups, `$1` to `$N`.
    public var groupCount: Int { Self.groups(in: nodes) }

    static func groups(in nodes: [GlobSyntax.Node]) -> Int {
        nodes.reduce(0) { count, node in
            switch node {
            case .anyOf(let alternatives): count + alternatives.map { groups(in: $0) }.reduce(0, +)
            case .capture(_, let alternatives): count + 1 + alternatives.map { groups(in: $0) }.reduce(0, +)
            default: count
            }
        }
    }

    // MARK: - ohmyglob's rule for the reach of `!(…)`

    private enum Mark { case boundary, negationEnd }

    /// ohmyglob's compiler marks the end of each `!(…)` and each boundary (text, `*`, `**`) in
    /// the regex it writes; if any boundary follows the first end, negations look ahead only,
    /// else they must not match to the end of the path.
    static func anchorsNegation(_ nodes: [GlobSyntax.Node]) -> Bool {
        let marks = Self.marks(nodes)
        guard let first = marks.firstIndex(of: .negationEnd) else { return false }
        return !marks[(first + 1)...].contains(.boundary)
    }

    private static func marks(_ nodes: [GlobSyntax.Node]) -> [Mark] {
        var marks: [Mark] = []
        for node in nodes {
            switch node {
            case .text, .any, .superAny: marks.append(.boundary)
            case .single, .list: break
            case .anyOf(let alternatives):
                for alternative in alternatives { marks += Self.marks(alternative) }
            case .capture(let quantifier, let alternatives):
                for alternative in alternatives { marks += Self.marks(alternative) }
                if quantifier == .not { marks.append(.negationEnd) }
            }
        }
        return marks
    }
}

/// A backtracking matcher over the glob's terms: each term tries every way it can match and hands
/// the position after it to the rest of the pattern.
private struct Matcher {
    let text: [Unicode.Scalar]
    let anchored: Bool
    let separator: Unicode.Scalar?

    func match(_ nodes: ArraySlice<GlobSyntax.Node>, _ index: Int, _ rest: (Int) -> Bool) -> Bool {
        guard let node = nodes.first else { return rest(index) }
        let tail = nodes.dropFirst()
        func next(_ after: Int) -> Bool { match(tail, after, rest) }
        switch node {
        case .text(let literal):
            guard index + literal.count <= text.count, text[index..<index + literal.count].elementsEqual(literal)
            else { return false }
            return next(index + literal.count)
        case .any:
            var end = index
            while end < text.count, text[end] != separator { end += 1 }
            return (index...end).contains { next($0) }
        case .superAny:
            // A regex '.' does not match a newline.
            var end = index
            while end < text.count, text[end] != "\n" { end += 1 }
            return (index...end).contains { next($0) }
        case .single:
            return index < text.count && text[index] != separator && next(index + 1)
        case .list(let characters):
            return index < text.count && characters.contains(text[index]) && next(index + 1)
        case .anyOf(let alternatives):
            return alternatives.contains { match($0[...], index, next) }
        case .capture(let quantifier, let alternatives):
            switch quantifier {
            case .one:
                return alternatives.contains { match($0[...], index, next) }
            case .optional:
                return next(index) || alternatives.contains { match($0[...], index, next) }
            case .zeroOrMore:
                return repeated(alternatives, index, next)
            case .oneOrMore:
                return alternatives.contains { alternative in
                    match(alternative[...], index) { after in
                        next(after) || (after > index && repeated(alternatives, after, next))
                    }
                }
            case .not:
                // `(?!(?:A|B)$?)[^/]*`: none of the alternatives matches here (to the end, when
                // anchored), then any run within the segment.
                let excluded = alternatives.contains { alternative in
                    match(alternative[...], index) { after in !anchored || after == text.count }
                }
                guard !excluded else { return false }
                var end = index
                while end < text.count, text[end] != separator { end += 1 }
                return (index...end).contains { next($0) }
            }
        }
    }

    /// Zero or more repetitions of one of `alternatives`, each moving forward.
    private func repeated(_ alternatives: [[GlobSyntax.Node]], _ index: Int, _ next: (Int) -> Bool) -> Bool {
        if next(index) { return true }
        return alternatives.contains { alternative in
            match(alternative[...], index) { after in after > index && repeated(alternatives, after, next) }
        }
    }
}
