import TuskCore
import TuskLang
import TuskStore

/// `diff file NEW [OLD]`, pachctl's argument order: what changed from OLD (by default the parent
/// of NEW's commit) to NEW, as a unified diff for a file or a change list for a directory.
extension Session {
    func diffFiles(_ new: Address, _ old: Address?) throws(Diagnostic) -> [String] {
        let newSide = try side(new)
        let oldSide: Side
        if let old {
            oldSide = try side(old)
        } else {
            let (parent, files) = try at(new) { () throws -> (CommitInfo?, [FileInfo]) in
                guard let id = newSide.commit?.parent else { return (nil, []) }
                let parent = try store.resolve(new.repo.value, CommitRef(base: id.hex))
                return (parent, try store.files(new.repo.value, id))
            }
            oldSide = Side(repo: new.repo.value, commit: parent, path: newSide.path, files: files)
        }
        let newFile = newSide.files.first { $0.path == newSide.path }
        let oldFile = oldSide.files.first { $0.path == oldSide.path }
        if newFile != nil || oldFile != nil {
            return try fileDiff(old: oldSide, oldFile, new: newSide, newFile, address: new)
        }
        return directoryDiff(old: oldSide, new: newSide)
    }

    private struct Side {
        let repo: RepoName
        let commit: CommitInfo?
        let path: RepoPath
        let files: [FileInfo]

        var label: String { "\(repo)@\(commit?.id.short ?? "(none)")" }
    }

    private func side(_ address: Address) throws(Diagnostic) -> Side {
        try at(address) {
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return Side(
                repo: address.repo.value, commit: commit, path: address.path?.value ?? .root,
                files: try store.files(address.repo.value, commit.id))
        }
    }

    private func fileDiff(
        old: Side, _ oldFile: FileInfo?, new: Side, _ newFile: FileInfo?, address: Address
    ) throws(Diagnostic) -> [String] {
        if oldFile?.hash == newFile?.hash { return ["no differences"] }
        let oldBytes = try contents(old, oldFile, address)
        let newBytes = try contents(new, newFile, address)
        let oldLabel = oldFile == nil ? "/dev/null" : "\(old.label):\(old.path)"
        let newLabel = newFile == nil ? "/dev/null" : "\(new.label):\(new.path)"
        guard let oldLines = Self.printableText(oldBytes), let newLines = Self.printableText(newBytes) else {
            return ["binary files \(oldLabel) and \(newLabel) differ"]
        }
        return ["--- \(oldLabel)", "+++ \(newLabel)"] + LineDiff.unified(oldLines, newLines)
    }

    private func contents(_ side: Side, _ file: FileInfo?, _ address: Address) throws(Diagnostic) -> [UInt8] {
        guard let file, let commit = side.commit else { return [] }
        return try at(address) { try store.readFile(side.repo, commit.id, file.path) }
    }

    private func directoryDiff(old: Side, new: Side) -> [String] {
        func relative(_ side: Side) -> [String: FileInfo] {
            var result: [String: FileInfo] = [:]
            for file in side.files where file.path.isWithin(side.path) {
                result["/" + file.path.segments.dropFirst(side.path.segments.count).joined(separator: "/")] = file
            }
            return result
        }
        let before = relative(old), after = relative(new)
        var table = TextTable("CHANGE", "PATH", "SIZE")
        for path in Set(before.keys).union(after.keys).sorted() {
            let shown = new.path.isRoot ? path : new.path.description + path
            switch (before[path], after[path]) {
            case (nil, let added?): table.add("added", shown, ByteCount.format(added.size))
            case (let removed?, nil): table.add("removed", shown, ByteCount.format(removed.size))
            case (let a?, let b?) where a.hash != b.hash:
                table.add("modified", shown, "\(ByteCount.format(a.size)) -> \(ByteCount.format(b.size))")
            default: continue
            }
        }
        let header = "\(old.label) -> \(new.label)"
        return table.rows.isEmpty ? ["no differences (\(header))"] : [header] + table.lines
    }
}
