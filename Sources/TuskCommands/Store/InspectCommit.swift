import TuskCore
import TuskLang
import TuskStore

/// `inspect commit REPO@REF`: parent, message, files, provenance and subvenance.
public struct InspectCommit: TuskCommand {
    public static let declaration = CommandDeclaration(
        "inspect commit", "Show a commit: parent, message, files, provenance and subvenance.",
        arguments: [.init("REPO@REF", .address)], examples: ["inspect commit income_data@master^"])

    let address: Address

    public init(_ call: Invocation) throws(Diagnostic) { address = try AddressSyntax.address(call.argument(0)) }

    public func run(_ context: CommandContext) throws(Diagnostic) -> CommitDetails {
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

public struct CommitDetails: CommandOutput {
    public let repo: String
    public let id: String
    public let branch: String
    /// The branches whose head it is.
    public let headOf: [String]
    public let parent: String?
    public let sequence: Int
    public let message: String
    public let files: Int
    public let size: Int
    /// The commits it was computed from, `repo@id`.
    public let provenance: [AddressText]
    /// The commits computed from it.
    public let subvenance: [AddressText]

    public func render(_ text: inout TextOutput) {
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
