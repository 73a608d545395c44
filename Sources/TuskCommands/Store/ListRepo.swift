import TuskCore
import TuskLang
import TuskStore

/// `list repo`: every repository with its branches, commits and size.
public struct ListRepo: TuskCommand {
    public static let declaration = CommandDeclaration(
        "list repo", "List repositories with their branches, commits and size.", examples: ["list repo"])

    public init(_ call: Invocation) {}

    public func run(_ context: CommandContext) throws(Diagnostic) -> RepoList {
        let repos = try context.store(StoreSpans()) { store throws(StoreError) in try store.listRepos() }
        return RepoList(
            repos: repos.map {
                RepoList.Repo(
                    name: $0.name.rawValue, description: $0.description, branches: $0.branchCount,
                    commits: $0.commitCount, masterSize: $0.masterSize)
            })
    }
}

public struct RepoList: CommandOutput {
    public struct Repo: Codable, Sendable {
        public let name: String
        public let description: String
        public let branches: Int
        public let commits: Int
        /// Bytes in the head of `master`.
        public let masterSize: Int
    }

    public let repos: [Repo]

    public func render(_ text: inout TextOutput) {
        guard !repos.isEmpty else { return text.line("no repos yet; create one with 'create repo NAME'") }
        var table = TextTable("NAME", "BRANCHES", "COMMITS", "SIZE (MASTER)", "DESCRIPTION")
        for repo in repos {
            table.add(
                repo.name, NumberFormat.count(repo.branches), NumberFormat.count(repo.commits),
                NumberFormat.bytes(repo.masterSize), repo.description)
        }
        text.table(table)
    }
}
