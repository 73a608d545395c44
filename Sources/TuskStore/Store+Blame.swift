import TuskCore

extension Store {
    /// Each file at or under `path` of `commit`, with the commit that last wrote it and the
    /// provenance of that write (see ``origin(of:in:at:)``), by path.
    ///
    /// One read of the tree, then one origin lookup per file (a seek per tree layer): the cost is
    /// the number of files, whatever the length of the history.
    public func origins(under path: RepoPath, in repo: RepoName, at commit: CommitID) throws(StoreError)
        -> [FileOrigin]
    {
        try read { db in
            let layers = try Store.layers(db, commit)
            let key = PathKey(path)
            var commits: [CommitID: CommitInfo] = [:]
            if !path.isRoot, let file = try layers.lookup(db, key) {
                return [try Store.origin(db, layers, key, file, at: commit, commits: &commits)]
            }
            let files = try layers.files(db, under: key)
            if files.isEmpty && !path.isRoot {
                throw StoreError.fileNotFound(path, commit: commit, candidates: try Store.allPaths(db, layers))
            }
            return try files.sorted { $0.key.path < $1.key.path }.map { key, file in
                try Store.origin(db, layers, key, file, at: commit, commits: &commits)
            }
        }
    }

    /// The commit that wrote each record of the file at `path` of `commit`, in runs, as
    /// `git blame` finds them: the commit that last wrote the file gets the records its version
    /// added (a line diff against the version before it, Myers' algorithm); the others are traced
    /// into that older version, and so on, until every record has a commit. The walk goes back
    /// only as far as the oldest surviving record, reading one version of the file per step.
    ///
    /// `split` cuts a version into records (lines, CSV rows); nil for the current version means
    /// the file is not text and the result is nil. An older version it cannot split, or a file
    /// that did not exist before, ends the walk: what is left was written by the newer commit.
    /// Between two versions that differ in more than `maxChanges` records, the diff gives up on
    /// the shortest edit and counts the whole differing middle as rewritten.
    public func recordOrigins(
        of path: RepoPath, in repo: RepoName, at commit: CommitID, maxChanges: Int = 4000,
        split: ([UInt8]) -> [String]?
    ) throws(StoreError) -> [RecordOrigin]? {
        try read { db -> [RecordOrigin]? in
            let key = PathKey(path)
            guard let current = try Store.layers(db, commit).lookup(db, key) else {
                _ = try Store.content(db, commit, path)  // the precise error: a directory, or not found
                throw StoreError.fileNotFound(path, commit: commit, candidates: [])
            }
            guard
                let records = split(
                    try Store.contentBytes(
                        db, StoredContent(id: current.content, hash: current.hash, size: current.size))
                )
            else { return nil }
            var writers = [CommitInfo?](repeating: nil, count: records.count)
            // The records not yet attributed: their index now → their index in `version`.
            var pending = Dictionary(uniqueKeysWithValues: records.indices.map { ($0, $0) })
            var version = records
            var at = commit
            var file = current
            while !pending.isEmpty {
                let writer = try Store.origin(db, try Store.layers(db, at), key, file, at: at).commit
                guard let parent = writer.parent, let older = try Store.layers(db, parent).lookup(db, key),
                    let olderRecords = split(
                        try Store.contentBytes(
                            db, StoredContent(id: older.content, hash: older.hash, size: older.size)))
                else {
                    for index in pending.keys { writers[index] = writer }
                    break
                }
                var toOlder: [Int: Int] = [:]
                for edit in LineDiff.edits(olderRecords, version, maxCost: maxChanges, equal: ==) {
                    if case .same(let old, let new) = edit { toOlder[new] = old }
                }
                var next: [Int: Int] = [:]
                for (index, position) in pending {
                    if let old = toOlder[position] { next[index] = old } else { writers[index] = writer }
                }
                pending = next
                version = olderRecords
                at = parent
                file = older
            }
            var runs: [RecordOrigin] = []
            var start = 0
            for index in writers.indices where index + 1 == writers.count || writers[index + 1] != writers[index] {
                guard let writer = writers[index] else { throw StoreError.corrupt("a record of \(path) has no writer") }
                runs.append(RecordOrigin(records: start..<index + 1, commit: writer))
                start = index + 1
            }
            return runs
        }
    }

    /// The writes of `path` after commit `older` through commit `newer`, oldest first: each
    /// commit between them that wrote the file, with that write's provenance, and how many
    /// commits lie between them. Nil when `older` is not an ancestor of `newer` (or is it).
    ///
    /// Walks the parents from `newer` to `older` (metadata only), then the file's writers, one
    /// origin lookup per write: the cost is the history between them, never the files' bytes.
    public func writes(of path: RepoPath, in repo: RepoName, after older: CommitID, through newer: CommitID)
        throws(StoreError) -> (commits: Int, writes: [FileOrigin])?
    {
        try read { db -> (commits: Int, writes: [FileOrigin])? in
            var commits = 0
            var next: CommitID? = newer
            while let id = next, id != older {
                commits += 1
                next = try Store.commitInfo(db, id).parent
            }
            guard next == older, commits > 0 else { return nil }
            let start = try Store.commitInfo(db, older)
            let key = PathKey(path)
            var writes: [FileOrigin] = []
            var at: CommitID? = newer
            var cache: [CommitID: CommitInfo] = [:]
            while let id = at {
                let layers = try Store.layers(db, id)
                guard let file = try layers.lookup(db, key) else { break }
                let origin = try Store.origin(db, layers, key, file, at: id, commits: &cache)
                // On the line from `newer` back to `older`, so at or before `older` by its clock.
                guard origin.commit.sequence > start.sequence else { break }
                writes.append(origin)
                at = origin.commit.parent
            }
            return (commits, writes.reversed())
        }
    }
}
