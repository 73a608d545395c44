import Foundation
import TuskArtifacts
import TuskCommands
import TuskCore
import TuskLang
import TuskServing
import TuskStore

/// TAB completion for the REPL: commands, options, repos, branches, repo paths, local files and
/// the columns of the data a command names.
///
/// Pure over the session's store and the file system, so it is tested without a terminal.
/// It returns whole words that replace the word under the cursor; a candidate ending in `@`,
/// `:` or `/` expects more typing, so the line editor should not add a space after it.
package struct Completer {
    let context: CommandContext
    let parser = CommandSet.parser

    package init(session: Session) { context = session.context }

    /// Words that may replace the word before the cursor, sorted.
    package func candidates(line: String, cursor: Int? = nil) -> [String] {
        let text = String(line.prefix(cursor ?? line.count))
        let endsInSpace = text.last?.isWhitespace ?? true
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let current = endsInSpace ? "" : (words.popLast() ?? "")
        return Array(Set(options(for: words, current: current).filter { $0.hasPrefix(current) })).sorted()
    }

    private func options(for words: [String], current: String) -> [String] {
        let declarations = parser.declarations
        guard let verb = words.first else { return parser.verbs + ["exit"] }
        if words.count == 1, !declarations.contains(where: { $0.words == [verb] }) {
            return declarations.filter { $0.words[0] == verb && $0.words.count > 1 }.map { $0.words[1] }
        }
        guard let declaration = parser.declaration(startingWith: words) else { return [] }
        let arguments = Array(words.dropFirst(declaration.words.count))
        if declaration.name == "help" {
            // `help create <TAB>` offers `repo`, `branch`: the next word of matching command names.
            return declarations.filter { $0.words.starts(with: arguments) && $0.words.count > arguments.count }
                .map { $0.words[arguments.count] }
        }
        let options = declaration.allOptions
        func option(_ word: String) -> CommandDeclaration.Option? {
            options.first { "--" + $0.name == word || $0.short.map { "-\($0)" } == word }
        }
        if current.hasPrefix("-") {
            // Options not given yet.
            let given = Set(arguments.compactMap { option($0)?.name })
            return options.filter { !given.contains($0.name) }.flatMap { option in
                ["--" + option.name] + (option.short.map { ["-\($0)"] } ?? [])
            }
        }
        // An option waiting for its value?
        if let last = arguments.last, let option = option(last), option.value != nil {
            return values(of: option.kind, current: current, arguments: arguments, declaration: declaration)
        }
        // Walk the declared arguments, matching the words typed so far (options and their values aside).
        var remaining = Self.positionals(arguments, declaration)[...]
        for argument in declaration.arguments {
            if argument.kind == .keyword {
                if remaining.first == argument.name.lowercased() {
                    remaining = remaining.dropFirst()
                    continue
                }
                if argument.optional { continue }
                return remaining.isEmpty ? [argument.name.lowercased()] : []
            }
            guard remaining.isEmpty else {
                remaining = remaining.dropFirst()
                continue
            }
            return values(of: argument.kind, current: current, arguments: arguments, declaration: declaration)
        }
        return []
    }

    private func values(
        of kind: CommandDeclaration.ValueKind, current: String, arguments: [String], declaration: CommandDeclaration
    ) -> [String] {
        switch kind {
        case .repo: return repoNames()
        case .branchAddress: return addresses(current, withPaths: false)
        case .branchFileAddress, .address, .pattern: return addresses(current, withPaths: true)
        case .localPath: return localPaths(current)
        case .command: return parser.verbs
        case .data:
            return current.contains("@")
                ? addresses(current, withPaths: true) : localPaths(current) + repoNames().map { $0 + "@" }
        case .column: return columns(current, arguments: arguments, declaration: declaration)
        case .deployment: return deploymentNames()
        case .keyword, .text: return []
        case .choice(let words): return words
        }
    }

    private func deploymentNames() -> [String] {
        guard let store = try? context.store else { return [] }
        return ((try? DeploymentRegistry(store: store).all()) ?? []).map(\.name.rawValue)
    }

    private func repoNames() -> [String] { ((try? context.store.listRepos()) ?? []).map(\.name.rawValue) }

    private func addresses(_ current: String, withPaths: Bool) -> [String] {
        guard let at = current.firstIndex(of: "@") else { return repoNames().map { $0 + "@" } }
        guard let repo = try? RepoName(String(current[..<at])) else { return [] }
        let afterAt = current[current.index(after: at)...]
        guard let colon = afterAt.firstIndex(of: ":") else {
            let branches = ((try? context.store.listBranches(repo)) ?? []).map(\.name.rawValue)
            return branches.map { "\(repo)@\($0)" + (withPaths ? ":" : "") }
        }
        guard withPaths, let ref = CommitRef(parsing: String(afterAt[..<colon])),
            let commit = try? context.store.resolve(repo, ref)
        else { return [] }
        let typed = String(afterAt[afterAt.index(after: colon)...])
        let directory = typed.contains("/") ? String(typed[...(typed.lastIndex(of: "/") ?? typed.startIndex)]) : "/"
        guard let path = try? RepoPath(directory),
            let entries = try? context.store.listFiles(repo, commit.id, under: path)
        else { return [] }
        let prefix = current[...colon]
        return entries.map { prefix + $0.path.description + ($0.kind == .dir ? "/" : "") }
    }

    private func localPaths(_ current: String) -> [String] {
        let directory =
            current.contains("/") ? String(current[...(current.lastIndex(of: "/") ?? current.startIndex)]) : ""
        let url = context.files.url(directory.isEmpty ? "." : directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") || current.hasSuffix(".") }.map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return directory + name + (isDirectory.boolValue ? "/" : "")
        }
    }

    /// The header of the first DATA argument typed, for `--target`, `--protected`, `--exclude`.
    /// A comma list completes its last item: `--protected sex,ra<TAB>` → `sex,race`.
    private func columns(_ current: String, arguments: [String], declaration: CommandDeclaration) -> [String] {
        let keywords = Set(declaration.arguments.filter { $0.kind == .keyword }.map { $0.name.lowercased() })
        let positionals = Self.positionals(arguments, declaration).filter { !keywords.contains($0) }
        // A model comes first in `evaluate MODEL on DATA`: the data is the last data argument typed.
        guard declaration.arguments.contains(where: { $0.kind == .data }),
            let word = positionals.last(where: { !$0.hasPrefix("{") })
        else { return [] }
        // Only the header is needed: the first 64 KiB, never the whole file (TAB on a large file
        // must stay instant).
        var bytes: [UInt8] = []
        if let at = word.firstIndex(of: "@") {
            guard let repo = try? RepoName(String(word[..<at])) else { return [] }
            let rest = word[word.index(after: at)...]
            let colon = rest.firstIndex(of: ":")
            guard let colon, let ref = CommitRef(parsing: String(rest[..<colon])),
                let path = try? RepoPath(String(rest[rest.index(after: colon)...])),
                let commit = try? context.store.resolve(repo, ref)
            else { return [] }
            struct Enough: Error {}
            _ = try? context.store.readFile(repo, commit.id, path) { chunk in
                bytes += chunk.prefix(65_536 - bytes.count)
                if bytes.count >= 65_536 { throw Enough() }
            }
        } else {
            guard let (url, _) = try? context.files.readable(word),
                let handle = try? FileHandle(forReadingFrom: url)
            else { return [] }
            defer { try? handle.close() }
            bytes = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
        }
        let header = bytes.prefix { $0 != 10 && $0 != 13 }
        let names = String(decoding: header, as: UTF8.self).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        let prefix = current.contains(",") ? String(current[...(current.lastIndex(of: ",") ?? current.startIndex)]) : ""
        return names.map { prefix + $0 }
    }

    /// The words typed after the command's name, options and their values left out.
    static func positionals(_ arguments: [String], _ declaration: CommandDeclaration) -> [String] {
        var typed: [String] = []
        var skipNext = false
        for word in arguments {
            if skipNext {
                skipNext = false
            } else if word.hasPrefix("-") {
                skipNext = declaration.option(named: String(word.drop { $0 == "-" }))?.value != nil
            } else {
                typed.append(word)
            }
        }
        return typed
    }
}
