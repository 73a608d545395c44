import TuskCore
import TuskLang
import TuskStore

/// `list file REPO@REF[:/DIR]`.
package struct ListFile: TuskCommand {
    package static let declaration = CommandDeclaration(
        "list file", "List the files and directories of a commit.", arguments: [.init("REPO@REF[:/DIR]", .address)],
        examples: ["list file income_data@master", "list file income_data@master:/data"])

    let address: Address

    package init(_ call: Invocation) throws(Diagnostic) { address = try AddressSyntax.address(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FileList {
        let entries = try context.store(StoreSpans(address)) { store throws(StoreError) in
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return try store.listFiles(address.repo.value, commit.id, under: address.path?.value ?? .root)
        }
        return FileList(pattern: nil, entries: entries.map(FileList.Entry.init))
    }
}

/// Files and directories of a commit, as `list file` and `glob file` show them.
package struct FileList: CommandOutput {
    package struct Entry: Codable, Sendable {
        package let path: String
        package let type: String
        package let size: Int

        init(_ file: FileInfo) {
            path = file.path.description
            type = file.kind.rawValue
            size = file.size
        }
    }

    /// The glob, for `glob file`.
    package let pattern: String?
    package let entries: [Entry]

    package func render(_ text: inout TextOutput) {
        guard !entries.isEmpty else { return text.line(pattern.map { "no files match \($0)" } ?? "no files") }
        var table = TextTable("NAME", "TYPE", "SIZE")
        for entry in entries {
            table.add(entry.path + (entry.type == "dir" ? "/" : ""), entry.type, NumberFormat.bytes(entry.size))
        }
        text.table(table)
    }
}
