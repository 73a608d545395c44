import TuskCore
import TuskLang
import TuskStore

/// `inspect repo NAME`.
public struct InspectRepo: TuskCommand {
    public static let declaration = CommandDeclaration(
        "inspect repo", "Show one repository.", arguments: [.init("NAME", .repo)],
        examples: ["inspect repo income_data"])

    let name: Located<RepoName>

    public init(_ call: Invocation) throws(Diagnostic) { name = try AddressSyntax.repoName(call.argument(0)) }

    public func run(_ context: CommandContext) throws(Diagnostic) -> RepoDetails {
        let (repo, branches) = try context.store(.repo(name.span)) { store throws(StoreError) in
            (try store.inspectRepo(name.value), try store.listBranches(name.value))
        }
        return RepoDetails(
            name: repo.name.rawValue, description: repo.description, branches: branches.map(\.name.rawValue),
            commits: repo.commitCount, masterSize: repo.masterSize)
    }
}

public struct RepoDetails: CommandOutput {
    public let name: String
    public let description: String
    public let branches: [String]
    public let commits: Int
    public let masterSize: Int

    public func render(_ text: inout TextOutput) {
        var fields = FieldList()
        fields.add("Name", name)
        fields.add("Description", description.isEmpty ? "-" : description)
        fields.add("Branches", branches.joined(separator: ", "))
        fields.add("Commits", NumberFormat.count(commits))
        fields.add("Size", NumberFormat.bytes(masterSize) + " (master)")
        text.fields(fields)
    }
}
