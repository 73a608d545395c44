import TuskCore
import TuskLang
import TuskStore

/// `inspect commit REPO@REF`: parent, message, files, provenance and subvenance.
package struct InspectCommit: TuskCommand {
    package static let declaration = CommandDeclaration(
        "inspect commit", "Show a commit: parent, message, files, provenance and subvenance.",
        arguments: [.init("REPO@REF", .address)], examples: ["inspect commit income_data@master^"])

    let address: Address

    package init(_ call: Invocation) throws(Diagnostic) { address = try AddressSyntax.address(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> CommitDetails {
        let (commit, heads, subvenance) = try context.store(StoreSpans(address)) { store throws(StoreError) in
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return (commit, try store.branches(pointingAt: commit.id), try store.subvenance(of: commit.id))
        }
        return CommitDetails(
            repo: commit.repo.rawValue, id: commit.id.hex, branch: commit.branch.rawValue,
            headOf: heads.map(\.rawValue), parent: commit.parent?.hex, sequence: commit.sequence,
            message: commit.message, files: commit.fileCount, size: commit.size,
            provenance: commit.provenance.map(AddressText.init), subvenance: subvenance.map(AddressText.init))
    }
}

package struct CommitDetails: CommandOutput {
    package let repo: String
    package let id: String
    package let branch: String
    /// The branches whose head it is.
    package let headOf: [String]
    package let parent: String?
    package let sequence: Int
    package let message: String
    package let files: Int
    package let size: Int
    /// The commits it was computed from, `repo@id`.
    package let provenance: [AddressText]
    /// The commits computed from it.
    package let subvenance: [AddressText]

    package func render(_ text: inout TextOutput) {
        var fields = FieldList()
        fields.add("Commit", "\(repo)@\(id)")
        fields.add("Branch", branch)
        fields.add("Head of", headOf.isEmpty ? "-" : headOf.joined(separator: ", "))
        fields.add("Parent", parent.map(CommitText.short) ?? "-")
        fields.add("Sequence", "\(sequence)")
        fields.add("Message", message.isEmpty ? "-" : message)
        fields.add("Files", "\(NumberFormat.plural(files, "file")), \(NumberFormat.bytes(size))")
        fields.add("Provenance", provenance.isEmpty ? "none" : provenance.map(\.description).joined(separator: ", "))
        fields.add("Subvenance", subvenance.isEmpty ? "none" : subvenance.map(\.description).joined(separator: ", "))
        text.fields(fields)
    }
}
