import TuskCore
import TuskLang
import TuskStore

/// `create repo NAME [--description TEXT]`: a data repository with an empty `master` branch.
package struct CreateRepo: TuskCommand {
    static let description = Option<String>("description", value: "TEXT", "what the repo holds")

    package static let declaration = CommandDeclaration(
        "create repo", "Create a data repository (with an empty master branch).",
        arguments: [.init("NAME", .repo)],
        options: [description],
        details: "Repo names use letters, digits, '_', '-' and '.'.",
        examples: ["create repo income_data --description \"census extracts\""])

    let name: Located<RepoName>
    let description: String

    package init(_ call: Invocation) throws(Diagnostic) {
        name = try AddressSyntax.repoName(call.argument(0))
        description = try call[Self.description] ?? ""
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> RepoCreated {
        try context.store(.repo(name.span)) { store throws(StoreError) in
            try store.createRepo(name.value, description: description)
        }
        return RepoCreated(repo: name.value.rawValue)
    }
}

package struct RepoCreated: CommandOutput {
    package let repo: String

    package func render(_ text: inout TextOutput) { text.line("created repo \(repo)") }
}
