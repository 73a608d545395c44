import GRDB
import TuskCore

extension Store {
    /// The entries directly inside `directory` of a commit: files, and directories summarized
    /// with the total size below them. A path naming a file lists that file.
    public func listFiles(_ repo: RepoName, _ commit: CommitID, under directory: RepoPath = .root)
        throws(StoreError) -> [FileInfo]
    {
        try read { db in
            let tree = try Store.tree(db, commit)
            if let file = tree[directory] {
                return [FileInfo(path: directory, kind: .file, size: file.size, hash: file.hash)]
            }
            var entries: [String: FileInfo] = [:]
            for (path, file) in tree where path.isWithin(directory) {
                let depth = directory.segments.count
                let child = directory.appending(path.segments[depth])
                if path.segments.count == depth + 1 {
                    entries[child.name] = FileInfo(path: child, kind: .file, size: file.size, hash: file.hash)
                } else {
                    let size = (entries[child.name]?.size ?? 0) + file.size
                    entries[child.name] = FileInfo(path: child, kind: .dir, size: size, hash: nil)
                }
            }
            if entries.isEmpty && !directory.isRoot {
                throw StoreError.fileNotFound(directory, commit: commit, candidates: tree.keys.map(\.description))
            }
            return entries.values.sorted { $0.path < $1.path }
        }
    }

    /// Every file of a commit, by path: what a diff compares.
    public func files(_ repo: RepoName, _ commit: CommitID) throws(StoreError) -> [FileInfo] {
        try read { db in
            try Store.tree(db, commit).map {
                FileInfo(path: $0.key, kind: .file, size: $0.value.size, hash: $0.value.hash)
            }
            .sorted { $0.path < $1.path }
        }
    }

    /// The contents of one file.
    public func readFile(_ repo: RepoName, _ commit: CommitID, _ path: RepoPath) throws(StoreError) -> [UInt8] {
        try read { db in
            if path.isRoot { throw StoreError.rootIsNotAFile() }
            let tree = try Store.tree(db, commit)
            guard let file = tree[path] else {
                if tree.keys.contains(where: { $0.isWithin(path) }) { throw StoreError.isDirectory(path) }
                throw StoreError.fileNotFound(path, commit: commit, candidates: tree.keys.map(\.description))
            }
            return try Store.blob(db, file.hash)
        }
    }

    /// The files and directories of a commit whose path matches a glob pattern
    /// (`*` and `?` within one segment, `**` across any number of segments), as pachctl's
    /// `glob file` does.
    public func glob(_ repo: RepoName, _ commit: CommitID, _ pattern: GlobPattern) throws(StoreError) -> [FileInfo] {
        let all = try files(repo, commit)
        var found: [RepoPath: FileInfo] = [:]
        for file in all {
            for depth in 1...file.path.segments.count {
                let segments = Array(file.path.segments.prefix(depth))
                guard pattern.matches(segments) else { continue }
                let path = try! RepoPath("/" + segments.joined(separator: "/"))
                if depth == file.path.segments.count {
                    found[path] = file
                } else {
                    let size = (found[path]?.size ?? 0) + file.size
                    found[path] = FileInfo(path: path, kind: .dir, size: size, hash: nil)
                }
            }
        }
        return found.values.sorted { $0.path < $1.path }
    }
}
