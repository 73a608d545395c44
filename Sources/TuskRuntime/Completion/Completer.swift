import Foundation
import TuskCore
import TuskLang
import TuskStore

/// TAB completion for the REPL: commands, options, repos, branches, repo paths and local files.
///
/// Pure over the session's store and the file system, so it is tested without a terminal.
/// It returns whole words that replace the word under the cursor; a candidate ending in `@`,
/// `:` or `/` expects more typing, so the line editor should not add a space after it.
public struct Completer {
    let session: Session

    public init(session: Session) { self.session = session }

    /// Words that may replace the word before the cursor, sorted.
    public func candidates(line: String, cursor: Int? = nil) -> [String] {
        let text = String(line.prefix(cursor ?? line.count))
        let endsInSpace = text.last?.isWhitespace ?? true
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let current = endsInSpace ? "" : (words.popLast() ?? "")
        return options(for: words, current: current).filter { $0.hasPrefix(current) }.sorted()
    }

    private func options(for words: [String], current: String) -> [String] {
        let catalog = CommandCatalog.all
        guard let verb = words.first else {
            return Array(Set(catalog.map { $0.words[0] })) + ["exit"]
        }
        if words.count == 1, !catalog.contains(where: { $0.words == [verb] }) {
            return catalog.filter { $0.words[0] == verb && $0.words.count > 1 }.map { $0.words[1] }
        }
        guard let spec = Parser.commandSpec(startingWith: words) else { return [] }
        let arguments = Array(words.dropFirst(spec.words.count))
        if spec.name == "help" {
            // `help create <TAB>` offers `repo`, `branch`: the next word of matching command names.
            return catalog.filter { $0.words.starts(with: arguments) && $0.words.count > arguments.count }
                .map { $0.words[arguments.count] }
        }
        if current.hasPrefix("-") {
            return spec.options.map { "--" + $0.name } + spec.options.compactMap { $0.short.map { "-\($0)" } }
        }
        // An option waiting for its value?
        if let last = arguments.last, last.hasPrefix("-"),
            let option = spec.options.first(where: { "--" + $0.name == last || $0.short.map { "-\($0)" } == last }),
            option.value != nil
        {
            return values(of: option.kind, current: current)
        }
        // Walk the declared arguments, matching the words typed so far (options and their values aside).
        var typed: [String] = []
        var skipNext = false
        for word in arguments {
            if skipNext {
                skipNext = false
            } else if word.hasPrefix("-") {
                skipNext = spec.options.contains {
                    ("--" + $0.name == word || $0.short.map { "-\($0)" } == word) && $0.value != nil
                }
            } else {
                typed.append(word)
            }
        }
        var remaining = typed[...]
        for argument in spec.arguments {
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
            return values(of: argument.kind, current: current)
        }
        return []
    }

    private func values(of kind: CommandSpec.ValueKind, current: String) -> [String] {
        switch kind {
        case .repo: return repoNames()
        case .branchAddress: return addresses(current, withPaths: false)
        case .branchFileAddress, .address, .pattern: return addresses(current, withPaths: true)
        case .localPath: return localPaths(current)
        case .command: return CommandCatalog.all.map { $0.words[0] }
        case .data:
            return current.contains("@")
                ? addresses(current, withPaths: true) : localPaths(current) + repoNames().map { $0 + "@" }
        case .keyword: return []
        case .choice(let words): return words
        case .text: return []
        }
    }

    private func repoNames() -> [String] { ((try? session.store.listRepos()) ?? []).map(\.name.rawValue) }

    private func addresses(_ current: String, withPaths: Bool) -> [String] {
        guard let at = current.firstIndex(of: "@") else { return repoNames().map { $0 + "@" } }
        guard let repo = try? RepoName(String(current[..<at])) else { return [] }
        let afterAt = current[current.index(after: at)...]
        guard let colon = afterAt.firstIndex(of: ":") else {
            let branches = ((try? session.store.listBranches(repo)) ?? []).map(\.name.rawValue)
            return branches.map { "\(repo)@\($0)" + (withPaths ? ":" : "") }
        }
        guard withPaths, let ref = CommitRef(parsing: String(afterAt[..<colon])),
            let commit = try? session.store.resolve(repo, ref)
        else { return [] }
        let typed = String(afterAt[afterAt.index(after: colon)...])
        let directory = typed.contains("/") ? String(typed[...typed.lastIndex(of: "/")!]) : "/"
        guard let path = try? RepoPath(directory),
            let entries = try? session.store.listFiles(repo, commit.id, under: path)
        else { return [] }
        let prefix = current[...colon]
        return entries.map { prefix + $0.path.description + ($0.kind == .dir ? "/" : "") }
    }

    private func localPaths(_ current: String) -> [String] {
        let directory = current.contains("/") ? String(current[...current.lastIndex(of: "/")!]) : ""
        let url = session.localURL(directory.isEmpty ? "." : directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") || current.hasSuffix(".") }.map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return directory + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
