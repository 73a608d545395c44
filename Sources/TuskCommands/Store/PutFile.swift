import Foundation
import TuskCore
import TuskLang
import TuskStore

/// `put file REPO@BRANCH:/PATH -f LOCAL [--append] [-m TEXT]`: one commit, or into the open one.
package struct PutFile: TuskCommand {
    static let file = Option<Located<String>>(
        "file", short: "f", value: "LOCAL", "the local file to read", kind: .localPath, required: true)
    static let append = Flag("append", "add to the end of the file instead of replacing it")
    static let message = Option<String>("message", short: "m", value: "TEXT", "the commit message")

    package static let declaration = CommandDeclaration(
        "put file", "Write a local file into a branch, as a new commit.",
        arguments: [.init("REPO@BRANCH:/PATH", .branchFileAddress)],
        options: [file, append, message],
        details: "Inside 'start commit' … 'finish commit', puts add to the open commit instead.",
        examples: ["put file income_data@staging:/train.csv -f datasets/census.csv -m \"census v1\""])

    let target: BranchAddress
    let path: RepoPath
    let source: Located<String>
    let append: Bool
    let message: String?

    package init(_ call: Invocation) throws(Diagnostic) {
        target = try AddressSyntax.branchAddress(call.argument(0), path: .required)
        path = target.path?.value ?? .root
        source = try call.required(Self.file)
        append = try call[Self.append]
        message = try call[Self.message]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FilePut {
        // The store streams the file in chunks: a put costs memory for one chunk, not the file.
        let file: (url: URL, size: Int)
        do { file = try context.files.readable(source.value) } catch {
            throw Diagnose.localFile(error, at: source.span)
        }
        try context.checkCancelled()
        let result = try context.store(StoreSpans(target)) { store throws(StoreError) in
            try store.put(
                [FileWrite(path: path, source: .localFile(file.url), append: append)], repo: target.repo.value,
                branch: target.branch.value, message: message, cancellation: context.cancellation)
        }
        var put = FilePut(
            repo: target.repo.value.rawValue, branch: target.branch.value.rawValue, path: path.description,
            bytes: file.size, append: append, commit: nil, openCommitFiles: nil)
        switch result {
        case .committed(let commit): put.commit = commit.id.hex
        case .staged(_, _, let files): put.openCommitFiles = files
        }
        return put
    }
}

package struct FilePut: CommandOutput {
    package let repo: String
    package let branch: String
    package let path: String
    package let bytes: Int
    package let append: Bool
    /// The commit made; nil when the file went into an open commit.
    package var commit: String?
    /// How many files the open commit holds now, when it went into one.
    package var openCommitFiles: Int?

    package func render(_ text: inout TextOutput) {
        if let commit {
            let change =
                append
                ? "appended \(NumberFormat.bytes(bytes)) to \(path)" : "\(path) (\(NumberFormat.bytes(bytes)))"
            text.line("committed \(CommitText.short(commit)) to \(repo)@\(branch): \(change)")
        } else {
            text.line(
                "staged \(path) in the open commit on \(repo)@\(branch) (\(NumberFormat.plural(openCommitFiles ?? 0, "file")))"
            )
        }
    }
}
