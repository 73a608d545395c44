/// Line diffs (Myers' O(ND) algorithm) and their unified-diff rendering.
///
/// Used by `diff file` and by the scenario player to show a mismatch between recorded and actual
/// output. The equality test is a parameter so the player can let a wildcard pattern match a line.
public enum LineDiff {
    public enum Edit: Equatable, Sendable {
        case same(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// Edits turning `old` into `new`, in order. Beyond `maxCost` differing lines the diff gives
    /// up on finding the shortest script and replaces the differing middle whole.
    public static func edits<A, B>(
        _ old: [A], _ new: [B], maxCost: Int = 4000, equal: (A, B) -> Bool
    ) -> [Edit] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, equal(old[prefix], new[prefix]) { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            equal(old[old.count - 1 - suffix], new[new.count - 1 - suffix])
        {
            suffix += 1
        }
        let n = old.count - prefix - suffix, m = new.count - prefix - suffix
        var result = (0..<prefix).map { Edit.same(old: $0, new: $0) }
        let middle =
            myers(n, m, maxCost: maxCost) { equal(old[prefix + $0], new[prefix + $1]) }
            ?? ((0..<n).map { Edit.delete(old: $0) } + (0..<m).map { Edit.insert(new: $0) })
        for edit in middle {
            switch edit {
            case .same(let o, let n): result.append(.same(old: o + prefix, new: n + prefix))
            case .delete(let o): result.append(.delete(old: o + prefix))
            case .insert(let n): result.append(.insert(new: n + prefix))
            }
        }
        for k in 0..<suffix {
            result.append(.same(old: old.count - suffix + k, new: new.count - suffix + k))
        }
        return result
    }

    public static func edits(_ old: [String], _ new: [String]) -> [Edit] { edits(old, new, equal: ==) }

    private static func myers(_ n: Int, _ m: Int, maxCost: Int, equal: (Int, Int) -> Bool) -> [Edit]? {
        if n == 0 { return (0..<m).map { .insert(new: $0) } }
        if m == 0 { return (0..<n).map { .delete(old: $0) } }
        let maxD = min(n + m, maxCost)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        for d in 0...maxD {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, equal(x, y) {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m { return backtrack(trace, n, m, offset) }
            }
        }
        return nil
    }

    private static func backtrack(_ trace: [[Int]], _ n: Int, _ m: Int, _ offset: Int) -> [Edit] {
        var x = n, y = m
        var edits: [Edit] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK =
                (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                edits.append(.same(old: x, new: y))
            }
            if d > 0 {
                if x == previousX {
                    edits.append(.insert(new: previousY))
                } else {
                    edits.append(.delete(old: previousX))
                }
            }
            x = previousX
            y = previousY
        }
        return edits.reversed()
    }

    /// A unified diff (`@@ -a,b +c,d @@` hunks with `context` lines around each change), or an
    /// empty array when the inputs are equal.
    public static func unified(
        _ old: [String], _ new: [String], context: Int = 3, equal: (String, String) -> Bool = (==)
    ) -> [String] {
        hunks(
            edits(old, new, equal: equal).map { edit in
                switch edit {
                case .same(_, let n): Line(mark: " ", text: new[n], old: 1, new: 1)
                case .delete(let o): Line(mark: "-", text: old[o], old: 1, new: 0)
                case .insert(let n): Line(mark: "+", text: new[n], old: 0, new: 1)
                }
            }, context: context)
    }

    /// One line of a diff: its mark (` `, `-`, `+`), its text, and how many lines of each side it
    /// stands for (a wildcard line of a recording can stand for several).
    public struct Line: Sendable, Equatable {
        public var mark: Character
        public var text: String
        public var old: Int
        public var new: Int

        public init(mark: Character, text: String, old: Int, new: Int) {
            self.mark = mark
            self.text = text
            self.old = old
            self.new = new
        }
    }

    /// Diff lines cut into hunks with `context` unchanged lines around each change, numbered as
    /// `diff -u` numbers them (`@@ -3,2 +3 @@`; an empty side by the line before it).
    public static func hunks(_ lines: [Line], context: Int = 3) -> [String] {
        let changed = lines.indices.filter { lines[$0].mark != " " }
        guard !changed.isEmpty else { return [] }
        // Group changes whose context windows touch into one hunk.
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let window = max(0, index - context)...min(lines.count - 1, index + context)
            if let last = groups.last, window.lowerBound <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...window.upperBound
            } else {
                groups.append(window)
            }
        }
        // Lines of each side consumed before every line, to number the hunks.
        var before: [(old: Int, new: Int)] = []
        var consumed = (old: 0, new: 0)
        for line in lines {
            before.append(consumed)
            consumed = (consumed.old + line.old, consumed.new + line.new)
        }
        var output: [String] = []
        for group in groups {
            let oldCount = lines[group].reduce(0) { $0 + $1.old }
            let newCount = lines[group].reduce(0) { $0 + $1.new }
            let start = before[group.lowerBound]
            func range(_ from: Int, _ count: Int) -> String {
                count == 1 ? "\(from + 1)" : "\(count == 0 ? from : from + 1),\(count)"
            }
            output.append("@@ -\(range(start.old, oldCount)) +\(range(start.new, newCount)) @@")
            output += lines[group].map { String($0.mark) + $0.text }
        }
        return output
    }
}
