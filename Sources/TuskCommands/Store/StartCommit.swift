import TuskCore
import TuskLang
import TuskStore

/// `start commit REPO@BRANCH [-m TEXT]`: the puts that follow go into one commit.
package struct StartCommit: TuskCommand {
    static let message = Option<String>("message", short: "m", value: "TEXT", "the commit message")

    package static let declaration = CommandDeclaration(
        "start commit", "Open a commit on a branch: the puts that follow go into it.",
        arguments: [.init("REPO@BRANCH", .branchAddress)],
        options: [message],
        examples: ["start commit income_data@staging -m \"two files, one commit\""])

    let target: BranchAddress
    let message: String?

    package init(_ call: Invocation) throws(Diagnostic) {
        target = try AddressSyntax.branchAddress(call.argument(0), path: .forbidden)
        message = try call[Self.message]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> CommitStarted {
        try context.store(StoreSpans(target)) { store throws(StoreError) in
            try store.startCommit(target.repo.value, target.branch.value, message: message ?? "")
        }
        return CommitStarted(repo: target.repo.value.rawValue, branch: target.branch.value.rawValue)
    }
}

package struct CommitStarted: CommandOutput {
    package let repo: String
    package let branch: String

    package func render(_ text: inout TextOutput) { text.line("started a commit on \(repo)@\(branch)") }
}
