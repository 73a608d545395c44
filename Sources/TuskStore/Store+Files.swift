import Foundation
import TuskCore

extension Store {
    /// The entries directly inside `directory` of a commit: files, and directories summarized
    /// with the total size below them. A path naming a file lists that file.
    ///
    /// Reads only what lies below `directory`, one key range per tree layer.
    public func listFiles(_ repo: RepoName, _ commit: CommitID, under directory: RepoPath = .root)
        throws(StoreError) -> [FileInfo]
    {
        try read { db in
            let layers = try Store.layers(db, commit)
            let key = PathKey(directory)
            if !directory.isRoot, let file = try layers.lookup(db, key) {
                return [FileInfo(path: directory, kind: .file, size: file.size, hash: file.hash)]
            }
            var entries: [String: FileInfo] = [:]
            let depth = directory.segments.count
            for (key, file) in try layers.files(db, under: key) {
                let path = key.path
                let child = directory.appending(path.segments[depth])
                if path.segments.count == depth + 1 {
                    entries[child.name] = FileInfo(path: child, kind: .file, size: file.size, hash: file.hash)
                } else {
                    let size = (entries[child.name]?.size ?? 0) + file.size
                    entries[child.name] = FileInfo(path: child, kind: .dir, size: size, hash: nil)
                }
            }
            if entries.isEmpty && !directory.isRoot {
                throw StoreError.fileNotFound(directory, commit: commit, candidates: try Store.allPaths(db, layers))
            }
            return entries.values.sorted { $0.path < $1.path }
        }
    }

    /// Every file of a commit, by path: what a diff compares.
    public func files(_ repo: RepoName, _ commit: CommitID) throws(StoreError) -> [FileInfo] {
        try read { db in
            try Store.layers(db, commit).files(db, under: PathKey(.root)).map {
                FileInfo(path: $0.key.path, kind: .file, size: $0.value.size, hash: $0.value.hash)
            }
            .sorted { $0.path < $1.path }
        }
    }

    /// The contents of one file, whole in memory: for files that fit in it. Larger files stream
    /// with ``readFile(_:_:_:chunk:)`` or ``readFile(_:_:_:to:)``.
    public func readFile(_ repo: RepoName, _ commit: CommitID, _ path: RepoPath) throws(StoreError) -> [UInt8] {
        try read { db in try Store.contentBytes(db, try Store.content(db, commit, path)) }
    }

    /// Streams one file's contents to `body`, one chunk at a time (at most
    /// ``StoreConfiguration/chunkSize`` bytes each, in order), and returns the file's size.
    /// Memory holds one chunk whatever the file's size.
    @discardableResult
    public func readFile(
        _ repo: RepoName, _ commit: CommitID, _ path: RepoPath, chunk body: (Data) throws -> Void
    ) throws(StoreError) -> Int {
        try read { db in
            let content = try Store.content(db, commit, path)
            var total = 0
            try Store.readContent(db, content.id) { data in
                total += data.count
                do { try body(data) } catch let error as StoreError { throw error } catch {
                    throw StoreError.cannotWriteLocal(reason: "\(error)")
                }
            }
            if total != content.size {
                throw StoreError.corrupt("content \(content.hash.short) is shorter than its recorded size")
            }
            return total
        }
    }

    /// Streams one file's contents into an open local file, chunk by chunk (as `get file -o`
    /// needs for files larger than memory), and returns how many bytes were written.
    ///
    ///     let handle = try FileHandle(forWritingTo: url)
    ///     try store.readFile(repo, commit.id, RepoPath("/images.tar"), to: handle)
    @discardableResult
    public func readFile(_ repo: RepoName, _ commit: CommitID, _ path: RepoPath, to handle: FileHandle)
        throws(StoreError) -> Int
    {
        try readFile(repo, commit, path) { data in
            do { try handle.write(contentsOf: data) } catch {
                throw StoreError.cannotWriteLocal(reason: "\(error.localizedDescription)")
            }
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
                // A prefix of a valid path is valid; skip rather than trap should it not be.
                guard let path = try? RepoPath("/" + segments.joined(separator: "/")) else { continue }
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

    // MARK: - Inside a transaction

    /// The content of the file at `path`, or the error saying why there is none.
    static func content(_ db: Database, _ commit: CommitID, _ path: RepoPath) throws -> StoredContent {
        if path.isRoot { throw StoreError.rootIsNotAFile() }
        let layers = try layers(db, commit)
        let key = PathKey(path)
        guard let file = try layers.lookup(db, key) else {
            if let after = try layers.successor(db, key), key.isAncestor(of: after) {
                throw StoreError.isDirectory(path)
            }
            throw StoreError.fileNotFound(path, commit: commit, candidates: try allPaths(db, layers))
        }
        return StoredContent(id: file.content, hash: file.hash, size: file.size)
    }

    /// Every path of a tree, for suggestions when a name is mistyped (only on that error path).
    static func allPaths(_ db: Database, _ layers: TreeLayers) throws -> [String] {
        try layers.files(db, under: PathKey(.root)).keys.map(\.path.description)
    }
}
