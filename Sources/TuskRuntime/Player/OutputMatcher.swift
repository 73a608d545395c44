import TuskCore

/// Compares recorded output, which may hold wildcards, with actual output.
///
/// `[..]` inside a line matches any text within that line; a line that is exactly `...` matches
/// any number of lines (none included). These are the wildcards of trycmd and snapbox. In an
/// expected error, `! ...` is the many-lines wildcard too.
///
/// One alignment of recording and output serves the check, the report and `--update`, so a
/// wildcard that still matches is shown as written and kept when the recording is rewritten.
package enum OutputMatcher {
    package static let anyLines = "..."
    package static let anyText = "[..]"

    /// Whether a recorded line is the many-lines wildcard.
    static func isAnyLines(_ line: String) -> Bool { line == anyLines || line == "! " + anyLines }

    /// Whether one recorded line matches one actual line.
    package static func lineMatches(_ pattern: String, _ actual: String) -> Bool {
        guard pattern.contains(anyText) else { return pattern == actual }
        let pieces = pattern.components(separatedBy: anyText)
        guard actual.hasPrefix(pieces[0]) else { return false }
        var rest = actual.dropFirst(pieces[0].count)
        for (offset, piece) in pieces.enumerated().dropFirst() {
            if offset == pieces.count - 1 { return piece.isEmpty || rest.hasSuffix(piece) }
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    /// Whether recorded lines match actual lines as a whole.
    package static func matches(_ patterns: [String], _ actual: [String]) -> Bool {
        if patterns.count == actual.count, !patterns.contains(where: isAnyLines) {
            return zip(patterns, actual).allSatisfy(lineMatches)
        }
        return align(patterns, actual).allSatisfy(\.agrees)
    }

    /// The recording to save for `actual`: the old recording when it still matches; otherwise
    /// `actual`, keeping every recorded line and wildcard that still matches where it stands.
    package static func updated(_ patterns: [String], _ actual: [String]) -> [String] {
        var lines: [String] = []
        for step in align(patterns, actual) {
            switch step {
            case .match(let p, _), .endWildcard(let p): lines.append(patterns[p])
            case .absorb, .delete: break
            case .substitute(_, let a), .insert(let a): lines.append(actual[a])
            }
        }
        return lines
    }

    /// A unified diff, recorded → actual, whose unchanged lines are shown as recorded (wildcards
    /// as written) and whose `...` stands once for the lines it matched.
    package static func diff(_ patterns: [String], _ actual: [String], context: Int = 3) -> [String] {
        var lines: [LineDiff.Line] = []
        for step in align(patterns, actual) {
            switch step {
            case .match(let p, _):
                lines.append(.init(mark: " ", text: patterns[p], old: 1, new: 1))
            case .absorb(let p, _):
                if let last = lines.last, last.mark == " ", isAnyLines(last.text) {
                    lines[lines.count - 1].new += 1
                } else {
                    lines.append(.init(mark: " ", text: patterns[p], old: 0, new: 1))
                }
            case .endWildcard(let p):
                if let last = lines.last, last.mark == " ", isAnyLines(last.text), last.old == 0 {
                    lines[lines.count - 1].old = 1
                } else {
                    lines.append(.init(mark: " ", text: patterns[p], old: 1, new: 0))
                }
            case .substitute(let p, let a):
                lines.append(.init(mark: "-", text: patterns[p], old: 1, new: 0))
                lines.append(.init(mark: "+", text: actual[a], old: 0, new: 1))
            case .insert(let a): lines.append(.init(mark: "+", text: actual[a], old: 0, new: 1))
            case .delete(let p): lines.append(.init(mark: "-", text: patterns[p], old: 1, new: 0))
            }
        }
        return LineDiff.hunks(lines, context: context)
    }

    // MARK: - Alignment

    /// One step of the cheapest alignment of recorded lines (`p`) with actual lines (`a`).
    enum Step: Equatable {
        case match(Int, Int)
        /// A `...` takes one more actual line.
        case absorb(pattern: Int, Int)
        /// A `...` stops taking lines.
        case endWildcard(Int)
        case substitute(Int, Int)
        case insert(Int)
        case delete(Int)

        var agrees: Bool {
            switch self {
            case .match, .absorb, .endWildcard: true
            case .substitute, .insert, .delete: false
            }
        }

    }

    /// The alignment with the fewest recorded lines removed and actual lines added; ties keep
    /// recorded lines in place (a changed line is a substitution, not a removal and an addition).
    static func align(_ patterns: [String], _ actual: [String]) -> [Step] {
        let p = patterns.count, a = actual.count
        // Beyond a few million cells, align the common start and end and replace the middle.
        guard (p + 1) * (a + 1) <= 4_000_000 else { return coarse(patterns, actual) }
        let width = a + 1
        var cost = [Int](repeating: 0, count: (p + 1) * width)
        let wildcard = patterns.map(isAnyLines)
        for i in stride(from: p, through: 0, by: -1) {
            for j in stride(from: a, through: 0, by: -1) {
                if i == p {
                    cost[i * width + j] = a - j
                    continue
                }
                var best = Int.max
                if wildcard[i] {
                    best = cost[(i + 1) * width + j]
                    if j < a { best = min(best, cost[i * width + j + 1]) }
                } else {
                    if j < a {
                        let diagonal = cost[(i + 1) * width + j + 1]
                        best = lineMatches(patterns[i], actual[j]) ? diagonal : diagonal + 1
                        best = min(best, 1 + cost[i * width + j + 1])
                    }
                    best = min(best, 1 + cost[(i + 1) * width + j])
                }
                cost[i * width + j] = best
            }
        }
        var steps: [Step] = []
        var i = 0, j = 0
        while i < p || j < a {
            let here = cost[i * width + j]
            if i == p {
                steps.append(.insert(j))
                j += 1
            } else if wildcard[i] {
                if cost[(i + 1) * width + j] == here {
                    steps.append(.endWildcard(i))
                    i += 1
                } else {
                    steps.append(.absorb(pattern: i, j))
                    j += 1
                }
            } else if j < a, lineMatches(patterns[i], actual[j]), cost[(i + 1) * width + j + 1] == here {
                steps.append(.match(i, j))
                i += 1
                j += 1
            } else if j < a, cost[(i + 1) * width + j + 1] + 1 == here {
                steps.append(.substitute(i, j))
                i += 1
                j += 1
            } else if j < a, cost[i * width + j + 1] + 1 == here {
                steps.append(.insert(j))
                j += 1
            } else {
                steps.append(.delete(i))
                i += 1
            }
        }
        return steps
    }

    /// For huge outputs: literal matches at both ends, the rest replaced.
    private static func coarse(_ patterns: [String], _ actual: [String]) -> [Step] {
        var head = 0
        while head < patterns.count, head < actual.count, !isAnyLines(patterns[head]),
            lineMatches(patterns[head], actual[head])
        {
            head += 1
        }
        var tail = 0
        while tail < patterns.count - head, tail < actual.count - head,
            !isAnyLines(patterns[patterns.count - 1 - tail]),
            lineMatches(patterns[patterns.count - 1 - tail], actual[actual.count - 1 - tail])
        {
            tail += 1
        }
        var steps = (0..<head).map { Step.match($0, $0) }
        steps += (head..<(patterns.count - tail)).map { Step.delete($0) }
        steps += (head..<(actual.count - tail)).map { Step.insert($0) }
        steps += (0..<tail).map { Step.match(patterns.count - tail + $0, actual.count - tail + $0) }
        return steps
    }
}
