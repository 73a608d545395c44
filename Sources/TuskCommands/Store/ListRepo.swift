import TuskCore
import TuskLang
import TuskStore

/// `list repo`: every repository with its branches, commits and size.
package struct ListRepo: TuskCommand {
    package static let declaration = CommandDeclaration(
        "list repo", "List repositories with their branches, commits and size.", examples: ["list repo"])

    package init(_ call: Invocation) {}

    package func run(_ context: CommandContext) throws(Diagnostic) -> RepoList {
        let repos = try context.store(StoreSpans()) { store throws(StoreError) in try store.listRepos() }
        return RepoList(
            repos: repos.map {
                RepoList.Repo(
                    name: $0.name.rawValue, description: $0.description, branches: $0.branchCount,
                    commits: $0.commitCount, masterSize: $0.masterSize)
            })
    }
}

package struct RepoList: CommandOutput {
    package struct Repo: Codable, Sendable {
        package let name: String
        package let description: String
        package let branches: Int
        package let commits: Int
        /// Bytes in the head of `master`.
        package let masterSize: Int
    }

    package let repos: [Repo]

    package func render(_ text: inout TextOutput) {
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
