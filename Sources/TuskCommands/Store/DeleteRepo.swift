import TuskCore
import TuskLang
import TuskServing
import TuskStore

/// `delete repo NAME`: refused while other repos' commits name its commits as provenance.
package struct DeleteRepo: TuskCommand {
    package static let declaration = CommandDeclaration(
        "delete repo", "Delete a repository with its branches and commits.", arguments: [.init("NAME", .repo)],
        details: """
            Refused while commits in other repos name its commits as provenance, and while a deployment's
            release serves (or served, so a rollback or 'why' needs) one of its models.
            """,
        examples: ["delete repo scratch"])

    let name: Located<RepoName>

    package init(_ call: Invocation) throws(Diagnostic) { name = try AddressSyntax.repoName(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> RepoDeleted {
        let store = try context.store(.repo(name.span)) { $0 }
        let deployments: [Deployment]
        do { deployments = try DeploymentRegistry(store: store).all() } catch {
            throw Diagnose.serving(error, deployment: name.span)
        }
        let serving = deployments.filter { deployment in
            deployment.releases.contains { $0.predictors.contains { $0.model.repo == name.value } }
        }
        if !serving.isEmpty {
            throw Diagnostic(
                "repo '\(name.value)' holds models that deployment \(serving.map { "'\($0.name)'" }.joined(separator: ", ")) released",
                at: name.span,
                help: "its releases and logged requests name those model commits; keep the repo")
        }
        try context.store(.repo(name.span)) { store throws(StoreError) in try store.deleteRepo(name.value) }
        return RepoDeleted(repo: name.value.rawValue)
    }
}

package struct RepoDeleted: CommandOutput {
    package let repo: String

    package func render(_ text: inout TextOutput) { text.line("deleted repo \(repo)") }
}
