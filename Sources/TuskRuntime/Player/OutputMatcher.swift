/// Compares recorded output, which may hold wildcards, with actual output.
///
/// `[..]` inside a line matches any text within that line; a line that is exactly `...` matches
/// any number of lines (none included). These are the wildcards of trycmd and snapbox.
public enum OutputMatcher {
    public static let anyLines = "..."
    public static let anyText = "[..]"

    /// Whether one recorded line matches one actual line.
    public static func lineMatches(_ pattern: String, _ actual: String) -> Bool {
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
    public static func matches(_ patterns: [String], _ actual: [String]) -> Bool {
        var memo: [Int: Bool] = [:]
        func match(_ p: Int, _ a: Int) -> Bool {
            let key = p * (actual.count + 1) + a
            if let known = memo[key] { return known }
            let result: Bool
            if p == patterns.count {
                result = a == actual.count
            } else if patterns[p] == anyLines {
                result = (a...actual.count).contains { match(p + 1, $0) }
            } else {
                result = a < actual.count && lineMatches(patterns[p], actual[a]) && match(p + 1, a + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// The recording to save for `actual`: the old recording when it still matches; otherwise
    /// `actual`, keeping the recorded lines (wildcards included) that still match at the start
    /// and at the end.
    public static func updated(_ patterns: [String], _ actual: [String]) -> [String] {
        if matches(patterns, actual) { return patterns }
        var head = 0
        while head < patterns.count, head < actual.count, patterns[head] != anyLines,
            lineMatches(patterns[head], actual[head])
        {
            head += 1
        }
        var tail = 0
        while tail < patterns.count - head, tail < actual.count - head,
            patterns[patterns.count - 1 - tail] != anyLines,
            lineMatches(patterns[patterns.count - 1 - tail], actual[actual.count - 1 - tail])
        {
            tail += 1
        }
        return Array(patterns.prefix(head)) + actual[head..<(actual.count - tail)] + patterns.suffix(tail)
    }
}
