import TuskCore
import TuskLang
import TuskStore

/// `list file REPO@REF[:/DIR] [--blame]`.
package struct ListFile: TuskCommand {
    static let blame = Flag("blame", "add the commit that last wrote each entry, and its message")

    package static let declaration = CommandDeclaration(
        "list file", "List the files and directories of a commit.", arguments: [.init("REPO@REF[:/DIR]", .address)],
        options: [blame],
        details: """
            --blame adds the commit that last wrote each file (for a directory, the newest commit that
            wrote a file under it) and its message: one lookup per file under DIR. 'blame' says more:
            the job, the data, the rows.
            """,
        examples: [
            "list file income_data@master", "list file income_data@master:/data", "list file models@master --blame",
        ])

    let address: Address
    let withBlame: Bool

    package init(_ call: Invocation) throws(Diagnostic) {
        address = try AddressSyntax.address(call.argument(0))
        withBlame = try call[Self.blame]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FileList {
        let directory = address.path?.value ?? .root
        let (entries, origins) = try context.store(StoreSpans(address)) { store throws(StoreError) in
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            let entries = try store.listFiles(address.repo.value, commit.id, under: directory)
            let origins = withBlame ? try store.origins(under: directory, in: address.repo.value, at: commit.id) : []
            return (entries, origins)
        }
        guard withBlame else { return FileList(pattern: nil, entries: entries.map { FileList.Entry($0) }) }
        return FileList(
            pattern: nil,
            entries: entries.map { entry in
                // A directory's last change is the newest write of a file under it.
                let newest = origins.filter { $0.path.isWithin(entry.path) }.max {
                    $0.commit.sequence < $1.commit.sequence
                }
                return FileList.Entry(entry, lastWrite: newest?.commit)
            })
    }
}

/// Files and directories of a commit, as `list file` and `glob file` show them.
package struct FileList: CommandOutput {
    package struct Entry: Codable, Sendable {
        package let path: String
        package let type: String
        package let size: Int
        /// With `--blame`: the commit that last wrote the file (a directory: a file under it).
        package var commit: IDText?
        package var message: String?

        init(_ file: FileInfo, lastWrite: CommitInfo? = nil) {
            path = file.path.description
            type = file.kind.rawValue
            size = file.size
            commit = lastWrite.map { IDText($0.id.hex) }
            message = lastWrite?.message
        }
    }

    /// The glob, for `glob file`.
    package let pattern: String?
    package let entries: [Entry]

    package func render(_ text: inout TextOutput) {
        guard !entries.isEmpty else { return text.line(pattern.map { "no files match \($0)" } ?? "no files") }
        // Every entry has a file under it, so with --blame every entry has a commit.
        let blamed = entries.contains { $0.commit != nil }
        var table = blamed ? TextTable("NAME", "TYPE", "SIZE", "COMMIT", "MESSAGE") : TextTable("NAME", "TYPE", "SIZE")
        for entry in entries {
            let cells: [any TextCell] = [
                entry.path + (entry.type == "dir" ? "/" : ""), entry.type, NumberFormat.bytes(entry.size),
            ]
            table.add(blamed ? cells + [entry.commit?.description ?? "-", entry.message ?? "-"] : cells)
        }
        text.table(table)
    }
}
