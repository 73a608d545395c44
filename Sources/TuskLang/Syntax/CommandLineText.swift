/// Words (from a shell, or a pipeline spec's `cmd`) joined back into one DSL line, quoting what
/// the lexer would otherwise split or read as a comment; a JSON record stays as it is.
public enum CommandLineText {
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

    public static func quote(_ word: String) -> String {
        if word.hasPrefix("{") { return word }
        let special: Set<Character> = [" ", "\t", "\n", "\"", "'", "#", "\\"]
        if !word.isEmpty, !word.contains(where: { special.contains($0) }) { return word }
        var escaped = ""
        for character in word {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"" + escaped + "\""
    }
}
