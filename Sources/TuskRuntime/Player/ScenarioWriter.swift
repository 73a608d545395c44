import TuskCore

/// The text of a scenario written from commands and their outputs: what `save` writes. A front
/// matter block with the title (and the seed, when there is one), then one cell per command, so
/// that `tusk run --step` pauses after each and prose can go between any two.
enum ScenarioWriter {
    struct Cell: Sendable {
        var command: String
        var output: [String]
    }

    static func text(title: String, seed: Int, cells: [Cell]) -> String {
        var lines = ["---", "title: \(title)"]
        if seed != 0 { lines.append("seed: \(seed)") }
        lines.append("---")
        for cell in cells {
            lines += ["", "```tusk"]
            for (index, line) in cell.command.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append(index == 0 ? "> " + line : line.isEmpty ? "." : ". " + line)
            }
            lines += cell.output
            lines.append("```")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether the parser reads `output` back as it is: no line opens a fence or a command, the
    /// first does not continue the command, and the last is not blank (the parser drops those).
    static func recordable(_ output: [String]) -> Bool {
        if let first = output.first, first.hasPrefix(". ") || first == "." { return false }
        if let last = output.last, last.allSatisfy({ $0 == " " }) { return false }
        return !output.contains { $0.hasPrefix("```") || $0.hasPrefix("> ") || $0 == ">" }
    }

    /// A title from a file name: `census-demo.md` → `census demo`.
    static func title(forFile path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        let words = stem.split { $0 == "-" || $0 == "_" || $0 == " " }.joined(separator: " ")
        return words.isEmpty ? "A tusk session" : words
    }
}
