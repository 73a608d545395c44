import TuskCore
import TuskLang
import TuskStore

/// `diff file NEW [OLD]`, pachctl's argument order: what changed from OLD (by default the parent
/// of NEW's commit) to NEW, as a unified diff for a file or a change list for a directory.
package struct DiffFile: TuskCommand {
    package static let declaration = CommandDeclaration(
        "diff file", "Show what changed in a file or directory between two commits.",
        arguments: [.init("REPO@REF[:/PATH]", .address), .init("REPO@REF[:/PATH]", .address, optional: true)],
        details: "With one address, compares against the parent of its commit.",
        examples: ["diff file income_data@master:/train.csv", "diff file income_data@master income_data@staging"])

    let new: Address
    let old: Address?

    package init(_ call: Invocation) throws(Diagnostic) {
        new = try AddressSyntax.address(call.argument(0))
        old = try call.optionalArgument(1).map { token throws(Diagnostic) in try AddressSyntax.address(token) }
    }

    private struct Side {
        let repo: RepoName
        let commit: CommitInfo?
        let path: RepoPath
        let files: [FileInfo]

        /// `repo@<64 hex>`, shortened to 12 in text by ``AddressText``.
        var label: String { "\(repo)@\(commit?.id.hex ?? "(none)")" }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FileDiff {
        let newSide = try side(new, context)
        let oldSide: Side
        if let old {
            oldSide = try side(old, context)
        } else {
            let repo = new.repo.value
            let parentID = newSide.commit?.parent
            let (parent, files) = try context.store(StoreSpans(new)) {
                store throws(StoreError) -> (CommitInfo?, [FileInfo]) in
                guard let id = parentID else { return (nil, []) }
                return (try store.resolve(repo, CommitRef(base: id.hex)), try store.files(repo, id))
            }
            oldSide = Side(repo: new.repo.value, commit: parent, path: newSide.path, files: files)
        }
        let newFile = newSide.files.first { $0.path == newSide.path }
        let oldFile = oldSide.files.first { $0.path == oldSide.path }
        if newFile != nil || oldFile != nil {
            return try fileDiff(old: oldSide, oldFile, new: newSide, newFile, context)
        }
        return directoryDiff(old: oldSide, new: newSide)
    }

    private func side(_ address: Address, _ context: CommandContext) throws(Diagnostic) -> Side {
        try context.store(StoreSpans(address)) { store throws(StoreError) in
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return Side(
                repo: address.repo.value, commit: commit, path: address.path?.value ?? .root,
                files: try store.files(address.repo.value, commit.id))
        }
    }

    private func fileDiff(
        old: Side, _ oldFile: FileInfo?, new: Side, _ newFile: FileInfo?, _ context: CommandContext
    ) throws(Diagnostic) -> FileDiff {
        let oldLabel = oldFile == nil ? "/dev/null" : "\(old.label):\(old.path)"
        let newLabel = newFile == nil ? "/dev/null" : "\(new.label):\(new.path)"
        if oldFile?.hash == newFile?.hash {
            return FileDiff(old: AddressText(full: oldLabel), new: AddressText(full: newLabel), kind: .identical)
        }
        let oldBytes = try contents(old, oldFile, context)
        let newBytes = try contents(new, newFile, context)
        guard let oldLines = FileText.lines(oldBytes), let newLines = FileText.lines(newBytes) else {
            return FileDiff(old: AddressText(full: oldLabel), new: AddressText(full: newLabel), kind: .binary)
        }
        return FileDiff(
            old: AddressText(full: oldLabel), new: AddressText(full: newLabel), kind: .text,
            hunks: LineDiff.unified(oldLines, newLines))
    }

    private func contents(_ side: Side, _ file: FileInfo?, _ context: CommandContext) throws(Diagnostic) -> [UInt8] {
        guard let file, let commit = side.commit else { return [] }
        return try context.store(StoreSpans(new)) { store throws(StoreError) in
            try store.readFile(side.repo, commit.id, file.path)
        }
    }

    private func directoryDiff(old: Side, new: Side) -> FileDiff {
        func relative(_ side: Side) -> [String: FileInfo] {
            var result: [String: FileInfo] = [:]
            for file in side.files where file.path.isWithin(side.path) {
                result["/" + file.path.segments.dropFirst(side.path.segments.count).joined(separator: "/")] = file
            }
            return result
        }
        let before = relative(old), after = relative(new)
        var changes: [FileDiff.Change] = []
        for path in Set(before.keys).union(after.keys).sorted() {
            let shown = new.path.isRoot ? path : new.path.description + path
            switch (before[path], after[path]) {
            case (nil, let added?):
                changes.append(.init(change: "added", path: shown, oldSize: nil, newSize: added.size))
            case (let removed?, nil):
                changes.append(.init(change: "removed", path: shown, oldSize: removed.size, newSize: nil))
            case (let a?, let b?) where a.hash != b.hash:
                changes.append(.init(change: "modified", path: shown, oldSize: a.size, newSize: b.size))
            default: continue
            }
        }
        return FileDiff(
            old: AddressText(full: old.label), new: AddressText(full: new.label), kind: .directory, changes: changes)
    }
}

package struct FileDiff: CommandOutput {
    package enum Kind: String, Codable, Sendable { case identical, text, binary, directory }

    package struct Change: Codable, Sendable {
        package let change: String
        package let path: String
        package let oldSize: Int?
        package let newSize: Int?
    }

    /// `repo@id:/path`, or `/dev/null` when the file is absent on that side: the full id in JSON,
    /// 12 digits in text.
    package let old: AddressText
    package let new: AddressText
    package let kind: Kind
    /// Unified-diff lines, for text files.
    package var hunks: [String] = []
    /// Changed paths, for directories.
    package var changes: [Change] = []

    package func render(_ text: inout TextOutput) {
        switch kind {
        case .identical: text.line("no differences")
        case .binary: text.line("binary files \(old) and \(new) differ")
        case .text:
            text.lines(
                [.styled("--- \(old)", .heading), .styled("+++ \(new)", .heading)] + hunks.map { .diffLine($0) })
        case .directory:
            guard !changes.isEmpty else { return text.line("no differences (\(old) -> \(new))") }
            text.line("\(old) -> \(new)")
            var table = TextTable("CHANGE", "PATH", "SIZE")
            for change in changes {
                let size =
                    switch (change.oldSize, change.newSize) {
                    case (let a?, let b?): "\(NumberFormat.bytes(a)) -> \(NumberFormat.bytes(b))"
                    case (let a?, nil): NumberFormat.bytes(a)
                    case (nil, let b?): NumberFormat.bytes(b)
                    case (nil, nil): "-"
                    }
                table.add(change.change, change.path, size)
            }
            text.table(table)
        }
    }
}
