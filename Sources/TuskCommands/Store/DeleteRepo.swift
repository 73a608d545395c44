import TuskCore
import TuskLang
import TuskStore

/// `delete repo NAME`: refused while other repos' commits name its commits as provenance.
public struct DeleteRepo: TuskCommand {
    public static let declaration = CommandDeclaration(
        "delete repo", "Delete a repository with its branches and commits.", arguments: [.init("NAME", .repo)],
        details: "Refused while commits in other repos name its commits as provenance.",
        examples: ["delete repo scratch"])

    let name: Located<RepoName>

    public init(_ call: Invocation) throws(Diagnostic) { name = try AddressSyntax.repoName(call.argument(0)) }

    public func run(_ context: CommandContext) throws(Diagnostic) -> RepoDeleted {
        try context.store(.repo(name.span)) { store throws(StoreError) in try store.deleteRepo(name.value) }
        return RepoDeleted(repo: name.value.rawValue)
    }
}

public struct RepoDeleted: CommandOutput {
    public let repo: String

    public func render(_ text: inout TextOutput) { text.line("deleted repo \(repo)") }
}
