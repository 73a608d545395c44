import TuskCore
import TuskLang
import TuskStore

/// `inspect repo NAME`.
package struct InspectRepo: TuskCommand {
    package static let declaration = CommandDeclaration(
        "inspect repo", "Show one repository.", arguments: [.init("NAME", .repo)],
        examples: ["inspect repo income_data"])

    let name: Located<RepoName>

    package init(_ call: Invocation) throws(Diagnostic) { name = try AddressSyntax.repoName(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> RepoDetails {
        let (repo, branches) = try context.store(.repo(name.span)) { store throws(StoreError) in
            (try store.inspectRepo(name.value), try store.listBranches(name.value))
        }
        return RepoDetails(
            name: repo.name.rawValue, description: repo.description, branches: branches.map(\.name.rawValue),
            commits: repo.commitCount, masterSize: repo.masterSize)
    }
}

package struct RepoDetails: CommandOutput {
    package let name: String
    package let description: String
    package let branches: [String]
    package let commits: Int
    package let masterSize: Int

    package func render(_ text: inout TextOutput) {
        var fields = FieldList()
        fields.add("Name", name)
        fields.add("Description", description.isEmpty ? "-" : description)
        fields.add("Branches", branches.joined(separator: ", "))
        fields.add("Commits", NumberFormat.count(commits))
        fields.add("Size", NumberFormat.bytes(masterSize) + " (master)")
        text.fields(fields)
    }
}
