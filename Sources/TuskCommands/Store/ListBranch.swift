import TuskCore
import TuskLang
import TuskStore

/// `list branch REPO`.
package struct ListBranch: TuskCommand {
    package static let declaration = CommandDeclaration(
        "list branch", "List the branches of a repository and their heads.", arguments: [.init("REPO", .repo)],
        examples: ["list branch income_data"])

    let repo: Located<RepoName>

    package init(_ call: Invocation) throws(Diagnostic) { repo = try AddressSyntax.repoName(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> BranchList {
        let branches = try context.store(.repo(repo.span)) { store throws(StoreError) in
            try store.listBranches(repo.value)
        }
        return BranchList(
            repo: repo.value.rawValue,
            branches: branches.map {
                BranchList.Branch(name: $0.name.rawValue, head: $0.head?.hex, openCommit: $0.hasOpenCommit)
            })
    }
}

package struct BranchList: CommandOutput {
    package struct Branch: Codable, Sendable {
        package let name: String
        package let head: String?
        package let openCommit: Bool
    }

    package let repo: String
    package let branches: [Branch]

    package func render(_ text: inout TextOutput) {
        var table = TextTable("BRANCH", "HEAD", "STATE")
        for branch in branches {
            table.add(branch.name, branch.head.map(CommitText.short) ?? "-", branch.openCommit ? "open commit" : "")
        }
        text.table(table)
    }
}
