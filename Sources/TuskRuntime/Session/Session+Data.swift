import Foundation
import TuskCore
import TuskLang
import TuskStore

/// The data-side commands: repos, branches, commits and files, in pachctl's words.
extension Session {
    func listRepos() throws(Diagnostic) -> [String] {
        let repos = try at(Spans()) { try store.listRepos() }
        if repos.isEmpty { return ["no repos yet; create one with 'create repo NAME'"] }
        var table = TextTable("NAME", "BRANCHES", "COMMITS", "SIZE (MASTER)", "DESCRIPTION")
        for repo in repos {
            table.add(
                repo.name.rawValue, "\(repo.branchCount)", "\(repo.commitCount)", ByteCount.format(repo.masterSize),
                repo.description)
        }
        return table.lines
    }

    func inspectRepo(_ name: Located<RepoName>) throws(Diagnostic) -> [String] {
        let (repo, branches) = try at(repo: name.span) {
            (try store.inspectRepo(name.value), try store.listBranches(name.value))
        }
        var fields = FieldList()
        fields.add("Name", repo.name.rawValue)
        fields.add("Description", repo.description.isEmpty ? "-" : repo.description)
        fields.add("Branches", branches.map(\.name.rawValue).joined(separator: ", "))
        fields.add("Commits", "\(repo.commitCount)")
        fields.add("Size", ByteCount.format(repo.masterSize) + " (master)")
        return fields.lines
    }

    func createBranch(_ target: BranchAddress, head: Located<CommitRef>?) throws(Diagnostic) -> [String] {
        let name = "\(target.repo.value)@\(target.branch.value)"
        let spans = Spans(repo: target.repo.span, branch: target.branch.span, ref: head?.span)
        let (branch, created, previous) = try at(spans) {
            try store.createBranch(target.repo.value, target.branch.value, head: head?.value)
        }
        if created { return ["created branch \(name)" + (branch.head.map { " at \($0.short)" } ?? "")] }
        let now = branch.head?.short ?? "no commit"
        if previous == branch.head { return ["branch \(name) already at \(now)"] }
        return ["moved \(name): \(previous?.short ?? "no commit") -> \(now)"]
    }

    func listBranches(_ repo: Located<RepoName>) throws(Diagnostic) -> [String] {
        let branches = try at(repo: repo.span) { try store.listBranches(repo.value) }
        var table = TextTable("BRANCH", "HEAD", "STATE")
        for branch in branches {
            table.add(branch.name.rawValue, branch.head?.short ?? "-", branch.hasOpenCommit ? "open commit" : "")
        }
        return table.lines
    }

    func putFile(
        _ target: BranchAddress, source: Located<String>, append: Bool, message: String?
    ) throws(Diagnostic) -> [String] {
        let bytes = try readLocal(source)
        let path = target.path!.value
        let result = try at(target) {
            try store.put(
                [FileWrite(path: path, bytes: bytes, append: append)], repo: target.repo.value,
                branch: target.branch.value, message: message)
        }
        switch result {
        case .committed(let commit):
            let change =
                append
                ? "appended \(ByteCount.format(bytes.count)) to \(path)" : "\(path) (\(ByteCount.format(bytes.count)))"
            return ["committed \(commit.id.short) to \(target.repo.value)@\(target.branch.value): \(change)"]
        case .staged(let repo, let branch, let count):
            return ["staged \(path) in the open commit on \(repo)@\(branch) (\(files(count)))"]
        }
    }

    func getFile(_ address: Address, output: Located<String>?) throws(Diagnostic) -> [String] {
        let path = address.path!.value
        let bytes = try at(address) {
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return try store.readFile(address.repo.value, commit.id, path)
        }
        if let output {
            let url = localURL(output.value)
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw Diagnostic(
                    "cannot write '\(output.value)': \(error.localizedDescription)", at: output.span,
                    help: "check that the directory exists and is writable")
            }
            return ["wrote \(ByteCount.format(bytes.count)) to \(output.value)"]
        }
        guard let text = Self.printableText(bytes) else {
            throw Diagnostic(
                "'\(path)' is binary (\(ByteCount.format(bytes.count)))", at: address.path?.span,
                help: "write it to a local file with -o LOCAL")
        }
        return text
    }

    func listFiles(_ address: Address) throws(Diagnostic) -> [String] {
        let entries = try at(address) {
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return try store.listFiles(address.repo.value, commit.id, under: address.path?.value ?? .root)
        }
        return fileTable(entries, empty: "no files")
    }

    func globFiles(_ address: Address, pattern: Located<String>) throws(Diagnostic) -> [String] {
        let entries = try at(address) {
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return try store.glob(address.repo.value, commit.id, GlobPattern(pattern.value))
        }
        return fileTable(entries, empty: "no files match \(pattern.value)")
    }

    private func fileTable(_ entries: [FileInfo], empty: String) -> [String] {
        if entries.isEmpty { return [empty] }
        var table = TextTable("NAME", "TYPE", "SIZE")
        for entry in entries {
            table.add(
                entry.path.description + (entry.kind == .dir ? "/" : ""), entry.kind.rawValue,
                ByteCount.format(entry.size))
        }
        return table.lines
    }

    func listCommits(_ address: Address) throws(Diagnostic) -> [String] {
        if let path = address.path {
            throw Diagnostic(
                "'list commit' takes a repo or a branch, not a path", at: path.span, help: "remove ':\(path.value)'")
        }
        var branch: BranchName?
        if let ref = address.ref {
            guard ref.value.ancestors == 0, let name = try? BranchName(ref.value.base) else {
                throw Diagnostic("'list commit' takes a branch", at: ref.span, help: "write REPO@BRANCH, or just REPO")
            }
            branch = name
        }
        let commits = try at(Spans(repo: address.repo.span, branch: address.ref?.span)) {
            try store.listCommits(address.repo.value, branch: branch)
        }
        if commits.isEmpty { return ["no commits yet"] }
        var table = TextTable("COMMIT", "BRANCH", "SEQ", "FILES", "SIZE", "MESSAGE")
        for commit in commits {
            table.add(
                commit.id.short, commit.branch.rawValue, "\(commit.sequence)", "\(commit.fileCount)",
                ByteCount.format(commit.size), commit.message)
        }
        return table.lines
    }

    func inspectCommit(_ address: Address) throws(Diagnostic) -> [String] {
        let (commit, heads, subvenance) = try at(address) {
            let commit = try store.resolve(address.repo.value, address.refOrMaster)
            return (commit, try store.branches(pointingAt: commit.id), try store.subvenance(of: commit.id))
        }
        var fields = FieldList()
        fields.add("Commit", "\(commit.repo)@\(commit.id.hex)")
        fields.add("Branch", commit.branch.rawValue)
        fields.add("Head of", heads.isEmpty ? "-" : heads.map(\.rawValue).joined(separator: ", "))
        fields.add("Parent", commit.parent?.short ?? "-")
        fields.add("Sequence", "\(commit.sequence)")
        fields.add("Message", commit.message.isEmpty ? "-" : commit.message)
        fields.add("Files", "\(files(commit.fileCount)), \(ByteCount.format(commit.size))")
        fields.add(
            "Provenance",
            commit.provenance.isEmpty ? "none" : commit.provenance.map(\.description).joined(separator: ", "))
        fields.add("Subvenance", subvenance.isEmpty ? "none" : subvenance.map(\.description).joined(separator: ", "))
        return fields.lines
    }

    // MARK: - Local files

    func localURL(_ path: String) -> URL {
        path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path)
    }

    func readLocal(_ source: Located<String>) throws(Diagnostic) -> [UInt8] {
        let url = localURL(source.value)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            let directory = url.deletingLastPathComponent()
            let siblings = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let near = Suggestion.closest(to: url.lastPathComponent, among: siblings)
            let prefix = (source.value as NSString).deletingLastPathComponent
            throw Diagnostic(
                "local file '\(source.value)' not found", at: source.span,
                help: near.map { "did you mean '\(prefix.isEmpty ? $0 : prefix + "/" + $0)'?" }
                    ?? "paths are relative to \(workingDirectory)")
        }
        if isDirectory.boolValue {
            throw Diagnostic("'\(source.value)' is a directory", at: source.span, help: "name a file inside it")
        }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw Diagnostic("cannot read '\(source.value)': \(error.localizedDescription)", at: source.span)
        }
    }

    /// The lines of `bytes` when they are UTF-8 text without NUL bytes, else nil.
    static func printableText(_ bytes: [UInt8]) -> [String]? {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return TextLines.split(text)
    }
}
