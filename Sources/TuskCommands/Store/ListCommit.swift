import TuskCore
import TuskLang
import TuskStore

/// `list commit REPO[@BRANCH] [-n N]`: a branch's history, or all of a repo's commits, newest first.
package struct ListCommit: TuskCommand {
    /// As pachctl's `list commit -n`: zero lists them all.
    static let number = Option<Int>(
        "number", short: "n", value: "N", "list only the N newest commits (default 0: all)", in: 0..., example: "5")

    package static let declaration = CommandDeclaration(
        "list commit", "List commits, newest first: a branch's history, or all of a repo's.",
        arguments: [.init("REPO[@BRANCH]", .branchAddress)], options: [number],
        examples: ["list commit income_data@master", "list commit income_data -n 1"])

    let address: Address
    let branch: BranchName?
    let number: Int

    package init(_ call: Invocation) throws(Diagnostic) {
        address = try AddressSyntax.address(call.argument(0))
        if let path = address.path {
            throw Diagnostic(
                "'list commit' takes a repo or a branch, not a path", at: path.span, help: "remove ':\(path.value)'")
        }
        if let ref = address.ref {
            guard ref.value.ancestors == 0, let name = try? BranchName(ref.value.base) else {
                throw Diagnostic("'list commit' takes a branch", at: ref.span, help: "write REPO@BRANCH, or just REPO")
            }
            branch = name
        } else {
            branch = nil
        }
        number = try call[Self.number] ?? 0
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> CommitList {
        let commits = try context.store(StoreSpans(repo: address.repo.span, branch: address.ref?.span)) {
            store throws(StoreError) in try store.listCommits(address.repo.value, branch: branch)
        }.prefix(number == 0 ? Int.max : number)
        return CommitList(
            commits: commits.map {
                CommitList.Commit(
                    id: $0.id.hex, branch: $0.branch.rawValue, sequence: $0.sequence, files: $0.fileCount,
                    size: $0.size, message: $0.message)
            })
    }
}

package struct CommitList: CommandOutput {
    package struct Commit: Codable, Sendable {
        package let id: String
        package let branch: String
        /// The store's logical clock when the commit was made.
        package let sequence: Int
        package let files: Int
        package let size: Int
        package let message: String
    }

    package let commits: [Commit]

    package func render(_ text: inout TextOutput) {
        guard !commits.isEmpty else { return text.line("no commits yet") }
        var table = TextTable("COMMIT", "BRANCH", "SEQ", "FILES", "SIZE", "MESSAGE")
        for commit in commits {
            table.add(
                CommitText.short(commit.id), commit.branch, "\(commit.sequence)", NumberFormat.count(commit.files),
                NumberFormat.bytes(commit.size), commit.message)
        }
        text.table(table)
    }
}
