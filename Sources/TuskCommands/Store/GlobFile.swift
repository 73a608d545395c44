import TuskCore
import TuskLang
import TuskStore

/// `glob file "REPO@REF:PATTERN"`, with Pachyderm's glob syntax (``Glob``).
package struct GlobFile: TuskCommand {
    package static let declaration = CommandDeclaration(
        "glob file", "List the files and directories of a commit that match a pattern.",
        arguments: [.init("REPO@REF:PATTERN", .pattern)],
        details: """
            Pachyderm's glob syntax (its ohmyglob library): '*' and '?' match within a path segment, '**' any
            run of characters across segments; [abc], [a-z] and [!a-z] are classes, {a,b} alternatives, (a|b)
            a group; '\\' escapes. The same patterns split a pipeline's input into datums.
            """,
        examples: ["glob file \"income_data@master:/*.csv\""])

    let address: Address
    let pattern: Located<String>
    let glob: GlobPattern

    package init(_ call: Invocation) throws(Diagnostic) {
        let token = try call.argument(0)
        let parsed = try AddressSyntax.address(token, pathIsPattern: true)
        guard let pattern = parsed.patternText else {
            throw Diagnostic(
                "'glob file' needs a pattern", at: token.span,
                help: "e.g. \"\(parsed.address.repo.value)@master:/*.csv\"")
        }
        address = parsed.address
        self.pattern = pattern
        // As a pipeline's input glob: paths are inside the commit, and none holds '.' or '..'.
        if pattern.value.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            throw Diagnostic(
                "glob '\(VisibleText.clipped(pattern.value))' climbs out with '.' or '..'", at: pattern.span,
                help: "a glob matches paths inside the commit, from its root: e.g. /*")
        }
        do { glob = try GlobPattern(pattern.value) } catch {
            throw Diagnostic(
                "glob '\(VisibleText.clipped(pattern.value))' does not compile: \(error.message)", at: pattern.span,
                help: error.help)
        }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FileList {
        let entries = try context.store(StoreSpans(address)) { store throws(StoreError) in
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return try store.glob(address.repo.value, commit.id, glob)
        }
        return FileList(pattern: pattern.value, entries: entries.map { FileList.Entry($0) })
    }
}
