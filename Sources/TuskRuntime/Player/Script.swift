import TuskCore
import TuskLang

/// A plain script: one command per line, `#` comments, a trailing `\` continues a command on
/// the next line. What `tusk run FILE.tusk` and `tusk < FILE` execute.
package enum Script {
    /// Splits script text into commands, each tagged with its line for diagnostics.
    package static func commands(in text: String, name: String) -> [SourceText] {
        var reader = Reader(name: name)
        var commands = TextLines.split(text).compactMap { reader.add($0) }
        if let last = reader.finish() { commands.append(last) }
        return commands
    }

    /// Reads a script line by line, as it arrives: a command is complete at a line that does
    /// not end in `\\`.
    package struct Reader {
        let name: String
        private var number = 0
        private var pending: (text: String, line: Int)?

        package init(name: String) { self.name = name }

        /// Takes the next line (without its line end); returns a command when one is complete.
        package mutating func add(_ raw: String) -> SourceText? {
            number += 1
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            let continues = line.hasSuffix("\\")
            let body = continues ? String(line.dropLast()) : line
            if var current = pending {
                current.text += "\n" + body
                pending = current
            } else {
                pending = (body, number)
            }
            // A pretty-printed JSON payload goes on until its brackets close.
            if !continues, let text = pending?.text, OpenRecord.isOpen(text) { return nil }
            return continues ? nil : take()
        }

        /// The last command, when the input ended inside a continuation.
        package mutating func finish() -> SourceText? { take() }

        private mutating func take() -> SourceText? {
            defer { pending = nil }
            guard let done = pending, !done.text.allSatisfy(\.isWhitespace) else { return nil }
            return SourceText(name: name, text: done.text, firstLine: done.line)
        }
    }
}
