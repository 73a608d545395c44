import TuskCore
import TuskLang
import TuskStore

/// `finish commit REPO@BRANCH [-m TEXT]`: the open commit gets its id and the branch moves to it.
package struct FinishCommit: TuskCommand {
    static let message = Option<String>("message", short: "m", value: "TEXT", "replace the commit message")

    package static let declaration = CommandDeclaration(
        "finish commit", "Close the open commit on a branch and move the branch to it.",
        arguments: [.init("REPO@BRANCH", .branchAddress)],
        options: [message],
        examples: ["finish commit income_data@staging"])

    let target: BranchAddress
    let message: String?

    package init(_ call: Invocation) throws(Diagnostic) {
        target = try AddressSyntax.branchAddress(call.argument(0), path: .forbidden)
        message = try call[Self.message]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> CommitFinished {
        let commit = try context.store(StoreSpans(target)) { store throws(StoreError) in
            try store.finishCommit(target.repo.value, target.branch.value, message: message)
        }
        return CommitFinished(
            repo: target.repo.value.rawValue, branch: target.branch.value.rawValue, commit: commit.id.hex,
            files: commit.fileCount, size: commit.size)
    }
}

package struct CommitFinished: CommandOutput {
    package let repo: String
    package let branch: String
    package let commit: String
    package let files: Int
    package let size: Int

    package func render(_ text: inout TextOutput) {
        text.line(
            "finished commit \(CommitText.short(commit)) on \(repo)@\(branch) "
                + "(\(NumberFormat.plural(files, "file")), \(NumberFormat.bytes(size)))")
    }
}
