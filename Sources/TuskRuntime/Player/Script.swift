import TuskCore

/// A plain script: one command per line, `#` comments, a trailing `\` continues a command on
/// the next line. What `tusk run FILE.tusk` and `tusk < FILE` execute.
public enum Script {
    /// Splits script text into commands, each tagged with its line for diagnostics.
    public static func commands(in text: String, name: String) -> [SourceText] {
        var commands: [SourceText] = []
        var pending: (text: String, line: Int)?
        for (offset, line) in TextLines.split(text).enumerated() {
            let continues = line.hasSuffix("\\")
            let body = continues ? String(line.dropLast()) : line
            if var current = pending {
                current.text += "\n" + body
                pending = current
            } else {
                pending = (body, offset + 1)
            }
            if !continues, let done = pending {
                if !done.text.allSatisfy(\.isWhitespace) {
                    commands.append(SourceText(name: name, text: done.text, firstLine: done.line))
                }
                pending = nil
            }
        }
        if let done = pending, !done.text.allSatisfy(\.isWhitespace) {
            commands.append(SourceText(name: name, text: done.text, firstLine: done.line))
        }
        return commands
    }
}
