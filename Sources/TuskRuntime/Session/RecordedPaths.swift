import Foundation
import TuskCommands
import TuskCore
import TuskLang

/// Recorded commands made to read the same local files from another folder: a session runs from
/// its base directory, the scenario it is saved as replays from the file's own folder.
///
/// Only the arguments and options declared as local paths or data are looked at, and only a
/// relative path that names an existing file or folder from the base directory is rewritten.
/// What an earlier command wrote (an option declared ``CommandDeclaration/Option/writes``, such as
/// `--output`) stays as it is: a replay writes it to its own output directory and reads it back
/// from there.
enum RecordedPaths {
    struct Relocation: Sendable {
        struct Rewrite: Sendable, Equatable {
            let old: String
            let new: String
        }

        var commands: [String]
        /// The paths rewritten in each command, in order.
        var rewrites: [[Rewrite]]

        /// Unchanged commands.
        init(_ commands: [String]) {
            self.commands = commands
            rewrites = commands.map { _ in [] }
        }

        /// `old → new`, once each, in order.
        var summary: [String] {
            var seen: [String] = []
            for rewrite in rewrites.joined() where !seen.contains("\(rewrite.old) → \(rewrite.new)") {
                seen.append("\(rewrite.old) → \(rewrite.new)")
            }
            return seen
        }
    }

    static func relocated(
        _ commands: [String], from base: String, to folder: String, parser: CommandParser = CommandSet.parser
    ) -> Relocation {
        var result = Relocation([])
        var written = Set<String>()
        for command in commands {
            var text = command
            var rewrites: [Relocation.Rewrite] = []
            // Last to first, so that the lines and columns of the tokens before stay true.
            for (token, path) in inputs(of: command, parser: parser, written: &written).reversed() {
                let value = ScenarioPlayer.relocate(path, scenarioDirectory: folder, workingDirectory: base)
                guard value != path, let range = range(of: token.span, in: text) else { continue }
                text.replaceSubrange(range, with: CommandLineText.quote(value))
                rewrites.insert(.init(old: path, new: value), at: 0)
            }
            result.commands.append(text)
            result.rewrites.append(rewrites)
        }
        return result
    }

    /// The tokens of `command` that name local files it reads, with their paths, in order;
    /// notes the paths it writes in `written`. A command that does not parse names none.
    private static func inputs(of command: String, parser: CommandParser, written: inout Set<String>) -> [(
        Token, String
    )] {
        guard let call = try? parser.parse(command) else { return [] }
        let declaration = call.declaration
        let arguments = declaration.arguments.filter { $0.kind != .keyword }
        var found: [(Token, String)] = []
        for (index, token) in call.positionals.enumerated() {
            guard let slot = arguments.isEmpty ? nil : arguments[min(index, arguments.count - 1)] else { continue }
            if isPath(slot.kind) { found.append((token, token.text)) }
        }
        for option in declaration.options where isPath(option.kind) && !option.writes {
            guard let token = call.token(for: option) else { continue }
            found.append((token, token.text))
        }
        let reads = found.filter { !$0.1.hasPrefix("/") && !$0.1.contains("@") && !written.contains($0.1) }
        for option in declaration.options where option.writes {
            if let token = call.token(for: option) { written.insert(token.text) }
        }
        return reads.sorted { ($0.0.span.line, $0.0.span.column) < ($1.0.span.line, $1.0.span.column) }
    }

    private static func isPath(_ kind: CommandDeclaration.ValueKind) -> Bool { kind == .localPath || kind == .data }

    /// The characters a token spans in the text it was lexed from (lines and columns from 1).
    private static func range(of span: SourceSpan, in text: String) -> Range<String.Index>? {
        var lineStart = text.startIndex
        for _ in 1..<max(1, span.line) {
            guard let newline = text[lineStart...].firstIndex(of: "\n") else { return nil }
            lineStart = text.index(after: newline)
        }
        guard let start = text.index(lineStart, offsetBy: span.column - 1, limitedBy: text.endIndex),
            let end = text.index(start, offsetBy: span.length, limitedBy: text.endIndex)
        else { return nil }
        return start..<end
    }
}
