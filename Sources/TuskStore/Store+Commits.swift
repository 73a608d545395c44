import Foundation
import TuskCore

/// What a `put` did: made a commit, or added to the commit opened by `startCommit`.
public enum PutResult: Sendable, Equatable {
    case committed(CommitInfo)
    case staged(repo: RepoName, branch: BranchName, files: Int)
}

extension Store {
    /// Writes files to `branch`. With no open commit this makes one commit holding all of
    /// `writes` (so a failure in any of them leaves the branch as it was); with an open commit it
    /// adds them to it.
    ///
    /// `cancellation` is asked between chunks of a local file: once raised, the put throws
    /// ``StoreError/cancelled()`` and its transaction rolls back, leaving no commit, no staged
    /// file and no content of it (a 500 MB file stops within one chunk).
    ///
    /// The cost is that of the writes: the tree is never loaded whole (see ``TreeLayers``), and a
    /// write from a local file streams it in chunks.
    @discardableResult
    public func put(
        _ writes: [FileWrite], repo: RepoName, branch: BranchName, message: String? = nil,
        provenance: [CommitAddress] = [], documents: [Document] = [],
        documentsForCommit: ((CommitID) throws(StoreError) -> [Document])? = nil, cancellation: CancellationFlag? = nil
    ) throws(StoreError) -> PutResult {
        try write { db in
            try Store.save(db, documents)
            let head = try Store.requireBranch(db, repo, branch)
            if try Store.hasOpenCommit(db, repo, branch) {
                let files = try stage(
                    db, writes, repo: repo, branch: branch, head: head, provenance: provenance,
                    cancellation: cancellation)
                return .staged(repo: repo, branch: branch, files: files)
            }
            // A put without an open commit is a commit opened, written and finished at once.
            try Store.openCommit(db, repo, branch, head: head, message: "")
            try stage(
                db, writes, repo: repo, branch: branch, head: head, provenance: provenance, cancellation: cancellation)
            let id = try finishStaged(
                db, repo: repo, branch: branch, parent: head, message: message ?? Store.defaultMessage(for: writes))
            // Records that name the new commit (a job's output) commit with it.
            if let documentsForCommit { try Store.save(db, documentsForCommit(id)) }
            return .committed(try Store.commitInfo(db, id))
        }
    }

    /// Opens a commit on `branch`: later puts accumulate in it until `finishCommit`.
    public func startCommit(_ repo: RepoName, _ branch: BranchName, message: String = "") throws(StoreError) {
        try write { db in
            let head = try Store.requireBranch(db, repo, branch)
            if try Store.hasOpenCommit(db, repo, branch) { throw StoreError.commitAlreadyOpen(branch, repo: repo) }
            try Store.openCommit(db, repo, branch, head: head, message: message)
        }
    }

    /// Closes the open commit on `branch`, giving it its id and moving the branch head to it.
    @discardableResult
    public func finishCommit(_ repo: RepoName, _ branch: BranchName, message: String? = nil) throws(StoreError)
        -> CommitInfo
    {
        try write { db in
            let head = try Store.requireBranch(db, repo, branch)
            guard
                let opened = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT message FROM openCommit WHERE repo = ? AND branch = ?"),
                    arguments: [repo.rawValue, branch.rawValue])
            else { throw StoreError.noOpenCommit(branch, repo: repo) }
            let id = try finishStaged(db, repo: repo, branch: branch, parent: head, message: message ?? opened)
            return try Store.commitInfo(db, id)
        }
    }

    /// The commit a reference names: a branch head or a unique id prefix, walked back `^N`.
    public func resolve(_ repo: RepoName, _ ref: CommitRef) throws(StoreError) -> CommitInfo {
        try read { db in try Store.commitInfo(db, try Store.resolve(db, repo, ref)) }
    }

    /// Commits newest first: the history of `branch` (following parents from its head), or every
    /// commit of the repo when no branch is given.
    public func listCommits(_ repo: RepoName, branch: BranchName? = nil) throws(StoreError) -> [CommitInfo] {
        try read { db in
            try Store.requireRepo(db, repo)
            guard let branch else {
                return try String.fetchAll(
                    db.cachedStatement(sql: "SELECT id FROM \"commit\" WHERE repo = ? ORDER BY sequence DESC"),
                    arguments: [repo.rawValue]
                ).map { try Store.commitInfo(db, CommitID(hex: $0)) }
            }
            var history: [CommitInfo] = []
            var next = try Store.requireBranch(db, repo, branch)
            while let id = next {
                let info = try Store.commitInfo(db, id)
                history.append(info)
                next = info.parent
            }
            return history
        }
    }

    /// The commits whose provenance includes `commit`: what was computed from it.
    public func subvenance(of commit: CommitID) throws(StoreError) -> [CommitAddress] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT c.repo, c.id FROM provenance p JOIN "commit" c ON c.id = p.commitId
                        WHERE p.sourceCommit = ? ORDER BY c.sequence
                        """), arguments: [commit.hex]
            ).map { CommitAddress(repo: try RepoName($0["repo"]), id: CommitID(hex: $0["id"])) }
        }
    }

    /// The commit that wrote the current content of `path` in `commit`'s tree (the commit that
    /// last changed it), with the provenance of that write: what names a model among several in
    /// one repo. Costs a seek per tree layer; files written before writers were recorded walk
    /// the history instead.
    public func origin(of path: RepoPath, in repo: RepoName, at commit: CommitID) throws(StoreError) -> FileOrigin {
        try read { db in
            let key = PathKey(path)
            let layers = try Store.layers(db, commit)
            guard let current = try layers.lookup(db, key) else {
                throw StoreError.fileNotFound(path, commit: commit, candidates: [])
            }
            return try Store.origin(db, layers, key, current, at: commit)
        }
    }

    /// The origin of the file at `key` of `commit`'s tree (`layers`), whose entry is `current`.
    static func origin(
        _ db: Database, _ layers: TreeLayers, _ key: PathKey, _ current: StoredFile, at commit: CommitID,
        commits: inout [CommitID: CommitInfo]
    ) throws -> FileOrigin {
        let (found, origin) = try layers.origin(db, key)
        guard found else { throw StoreError.fileNotFound(key.path, commit: commit, candidates: []) }
        var writer: CommitID
        if let origin {
            guard
                let id = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM commitNode WHERE key = ?"), arguments: [origin])
            else { throw StoreError.corrupt("tree layer \(origin) is missing") }
            writer = CommitID(hex: id)
        } else {
            // Before v3: the oldest ancestor, going back, whose tree has the same content.
            writer = commit
            while let parent = try Store.commitInfo(db, writer).parent,
                try Store.layers(db, parent).lookup(db, key)?.content == current.content
            {
                writer = parent
            }
        }
        let provenance = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT sourceRepo, sourceCommit FROM fileProvenance
                    WHERE node = (SELECT key FROM commitNode WHERE id = ?) AND path = ?
                    ORDER BY sourceRepo, sourceCommit
                    """), arguments: [writer.hex, key.bytes]
        ).map { CommitAddress(repo: try RepoName($0["sourceRepo"]), id: CommitID(hex: $0["sourceCommit"])) }
        let info: CommitInfo
        if let known = commits[writer] {
            info = known
        } else {
            info = try Store.commitInfo(db, writer)
            commits[writer] = info
        }
        return FileOrigin(path: key.path, size: current.size, commit: info, provenance: provenance)
    }

    static func origin(
        _ db: Database, _ layers: TreeLayers, _ key: PathKey, _ current: StoredFile, at commit: CommitID
    ) throws -> FileOrigin {
        var commits: [CommitID: CommitInfo] = [:]
        return try origin(db, layers, key, current, at: commit, commits: &commits)
    }

    /// The branches whose head is `commit`.
    public func branches(pointingAt commit: CommitID) throws(StoreError) -> [BranchName] {
        try read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT name FROM branch WHERE head = ? ORDER BY name"), arguments: [commit.hex]
            )
            .map { try BranchName($0) }
        }
    }

    // MARK: - Inside a transaction

    /// Where a commit sits in the layer structure, with its totals.
    struct Node {
        let key: Int64
        let depth: Int
        let base: Int64?
        let fileCount: Int
        let size: Int
    }

    static func node(_ db: Database, _ id: CommitID) throws -> Node {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT key, depth, base, fileCount, size FROM commitNode WHERE id = ?"),
                arguments: [id.hex])
        else { throw StoreError.corrupt("commit \(id.short) has no tree") }
        return Node(
            key: row["key"], depth: row["depth"], base: row["base"], fileCount: row["fileCount"], size: row["size"])
    }

    static func node(_ db: Database, key: Int64) throws -> Node {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT key, depth, base, fileCount, size FROM commitNode WHERE key = ?"),
                arguments: [key])
        else { throw StoreError.corrupt("tree layer \(key) is missing") }
        return Node(
            key: row["key"], depth: row["depth"], base: row["base"], fileCount: row["fileCount"], size: row["size"])
    }

    /// The layers of a commit's tree (none before the first commit).
    static func layers(_ db: Database, _ commit: CommitID?) throws -> TreeLayers {
        try TreeLayers(db, node: try commit.map { try node(db, $0).key })
    }

    /// Records an open commit on `branch`, starting from its head's totals.
    static func openCommit(
        _ db: Database, _ repo: RepoName, _ branch: BranchName, head: CommitID?, message: String
    ) throws {
        let totals = try head.map { try node(db, $0) }
        try db.cachedStatement(
            sql: "INSERT INTO openCommit (repo, branch, message, fileCount, size) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [repo.rawValue, branch.rawValue, message, totals?.fileCount ?? 0, totals?.size ?? 0])
    }

    /// Adds writes to the open commit on `branch`, storing new contents once each, and returns
    /// how many files its tree then holds. Each write costs a few index seeks per layer: the
    /// checks that no ancestor is a file and that the path is no directory are the keys just
    /// before and after it (see ``PathKey``).
    @discardableResult
    func stage(
        _ db: Database, _ writes: [FileWrite], repo: RepoName, branch: BranchName, head: CommitID?,
        provenance: [CommitAddress] = [], cancellation: CancellationFlag? = nil
    ) throws -> Int {
        let headNode = try head.map { try Store.node(db, $0) }
        let layers = try TreeLayers(db, node: headNode?.key, staged: (repo, branch))
        guard
            let totals = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT fileCount, size FROM openCommit WHERE repo = ? AND branch = ?"),
                arguments: [repo.rawValue, branch.rawValue])
        else { throw StoreError.noOpenCommit(branch, repo: repo) }
        var fileCount: Int = totals["fileCount"]
        var size: Int = totals["size"]
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO openEntry (repo, branch, path, content, provenance) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (repo, branch, path) DO UPDATE SET content = excluded.content,
                    provenance = excluded.provenance
                """)
        // Each file keeps the provenance of the write that made it, so a commit holding several
        // outputs knows which inputs each came from.
        func encoded(_ commits: [CommitAddress]) -> String {
            Set(commits).sorted().map { "\($0.repo) \($0.id.hex)" }.joined(separator: "\n")
        }
        let sources = encoded(provenance)
        for write in writes {
            let path = write.path
            if path.isRoot { throw StoreError.rootIsNotAFile() }
            let key = PathKey(path)
            if let before = try layers.predecessor(db, key), before.isAncestor(of: key) {
                throw StoreError.underFile(path, file: before.path)
            }
            if let after = try layers.successor(db, key), key.isAncestor(of: after) {
                throw StoreError.isDirectory(path)
            }
            let old = try layers.lookup(db, key)
            let content = try storeContent(
                db, write, appendingTo: old.map { StoredContent(id: $0.content, hash: $0.hash, size: $0.size) },
                cancellation: cancellation)
            try upsert.execute(arguments: [
                repo.rawValue, branch.rawValue, key.bytes, content.id, write.provenance.map(encoded) ?? sources,
            ])
            fileCount += old == nil ? 1 : 0
            size += content.size - (old?.size ?? 0)
        }
        try db.cachedStatement(sql: "UPDATE openCommit SET fileCount = ?, size = ? WHERE repo = ? AND branch = ?")
            .execute(arguments: [fileCount, size, repo.rawValue, branch.rawValue])
        return fileCount
    }

    /// Turns the open commit on `branch` into a commit on top of `parent` and moves the branch.
    ///
    /// Its layer holds its own writes plus the layers of the ancestors between it and its base
    /// (see ``TreeLayers``), copied inside SQLite without passing through Swift.
    func finishStaged(
        _ db: Database, repo: RepoName, branch: BranchName, parent: CommitID?, message: String
    ) throws -> CommitID {
        let arguments: StatementArguments = [repo.rawValue, branch.rawValue]
        guard
            let totals = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT fileCount, size FROM openCommit WHERE repo = ? AND branch = ?"),
                arguments: arguments)
        else { throw StoreError.noOpenCommit(branch, repo: repo) }
        let writes = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT o.path, c.hash FROM openEntry o JOIN content c ON c.id = o.content
                    WHERE o.repo = ? AND o.branch = ?
                    """), arguments: arguments
        ).map { (path: PathKey(bytes: $0["path"]).path, hash: ContentHash(hex: $0["hash"])) }
        // The commit's provenance is what its files were computed from.
        var provenance = Set<CommitAddress>()
        let staged = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT path, provenance FROM openEntry WHERE repo = ? AND branch = ? AND provenance != ''"),
            arguments: arguments
        ).map { row -> (path: Data, sources: [CommitAddress]) in
            let text: String = row["provenance"]
            let sources = try text.split(separator: "\n").map { line in
                let parts = line.split(separator: " ")
                return CommitAddress(repo: try RepoName(String(parts[0])), id: CommitID(hex: String(parts[1])))
            }
            return (row["path"], sources)
        }
        for file in staged { provenance.formUnion(file.sources) }
        let sequence = try tick(db)
        let id = CommitHasher.id(
            repo: repo, branch: branch, parent: parent, sequence: sequence, message: message,
            provenance: provenance.sorted(), writes: writes)
        try db.cachedStatement(
            sql: "INSERT INTO \"commit\" (id, repo, branch, parent, sequence, message) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [id.hex, repo.rawValue, branch.rawValue, parent?.hex, sequence, message])

        let parentNode = try parent.map { try Store.node(db, $0) }
        let depth = (parentNode?.depth ?? 0) + 1
        let baseDepth = depth & (depth - 1)
        var carried: [Int64] = []
        var next = parentNode
        while let layer = next, layer.depth > baseDepth {
            carried.append(layer.key)
            next = try layer.base.map { try Store.node(db, key: $0) }
        }
        try db.cachedStatement(sql: "INSERT INTO commitNode (id, depth, base, fileCount, size) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [id.hex, depth, next?.key, totals["fileCount"] as Int, totals["size"] as Int])
        let node = db.lastInsertedRowID
        try db.cachedStatement(
            sql: """
                INSERT INTO entry (node, path, content, origin)
                SELECT ?, path, content, ? FROM openEntry WHERE repo = ? AND branch = ?
                """
        ).execute(arguments: [node, node, repo.rawValue, branch.rawValue])
        for layer in carried {
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO entry (node, path, content, origin)
                    SELECT ?, path, content, origin FROM entry WHERE node = ?
                    """
            ).execute(arguments: [node, layer])
        }
        let fileSource = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO fileProvenance (node, path, sourceRepo, sourceCommit) VALUES (?, ?, ?, ?)")
        for file in staged {
            for source in file.sources {
                try fileSource.execute(arguments: [node, file.path, source.repo.rawValue, source.id.hex])
            }
        }
        for source in provenance.sorted() {
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO provenance (commitId, sourceRepo, sourceCommit) VALUES (?, ?, ?)"
            ).execute(arguments: [id.hex, source.repo.rawValue, source.id.hex])
        }
        try db.cachedStatement(sql: "UPDATE branch SET head = ? WHERE repo = ? AND name = ?").execute(arguments: [
            id.hex, repo.rawValue, branch.rawValue,
        ])
        try db.cachedStatement(sql: "DELETE FROM openCommit WHERE repo = ? AND branch = ?").execute(
            arguments: arguments)
        return id
    }

    static func defaultMessage(for writes: [FileWrite]) -> String {
        let paths = writes.map(\.path.description)
        return paths.count <= 3 ? "put " + paths.joined(separator: ", ") : "put \(paths.count) files"
    }

    static func resolve(_ db: Database, _ repo: RepoName, _ ref: CommitRef) throws -> CommitID {
        try requireRepo(db, repo)
        var id: CommitID
        if let branch = try? BranchName(ref.base),
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT head FROM branch WHERE repo = ? AND name = ?"),
                arguments: [repo.rawValue, branch.rawValue])
        {
            guard let head = row["head"] as String? else { throw StoreError.emptyBranch(branch, repo: repo) }
            id = CommitID(hex: head)
        } else {
            let prefix = ref.base.lowercased()
            let isHex = prefix.count >= 4 && prefix.allSatisfy { $0.isHexDigit }
            let matches =
                isHex
                ? try String.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT id FROM \"commit\" WHERE repo = ? AND substr(id, 1, ?) = ? ORDER BY id LIMIT 5"),
                    arguments: [repo.rawValue, prefix.count, prefix]
                ).map(CommitID.init(hex:)) : []
            if matches.count > 1 { throw StoreError.ambiguousPrefix(ref.base, matches: matches) }
            guard let match = matches.first else {
                let names = try String.fetchAll(
                    db.cachedStatement(sql: "SELECT name FROM branch WHERE repo = ?"), arguments: [repo.rawValue])
                throw StoreError.refNotFound(ref, repo: repo, candidates: names)
            }
            id = match
        }
        for step in 0..<ref.ancestors {
            guard
                let parent = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT parent FROM \"commit\" WHERE id = ?"), arguments: [id.hex])
            else { throw StoreError.tooFewAncestors(ref, available: step) }
            id = CommitID(hex: parent)
        }
        return id
    }

    static func commitInfo(_ db: Database, _ id: CommitID) throws -> CommitInfo {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT c.repo, c.branch, c.parent, c.sequence, c.message, n.fileCount, n.size
                        FROM "commit" c JOIN commitNode n ON n.id = c.id WHERE c.id = ?
                        """), arguments: [id.hex])
        else { throw StoreError.corrupt("commit \(id.short) is missing") }
        let provenance = try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT sourceRepo, sourceCommit FROM provenance WHERE commitId = ? ORDER BY sourceRepo, sourceCommit"
            ),
            arguments: [id.hex]
        ).map { CommitAddress(repo: try RepoName($0["sourceRepo"]), id: CommitID(hex: $0["sourceCommit"])) }
        return CommitInfo(
            id: id, repo: try RepoName(row["repo"]), branch: try BranchName(row["branch"]),
            parent: (row["parent"] as String?).map(CommitID.init(hex:)), sequence: row["sequence"],
            message: row["message"], provenance: provenance, fileCount: row["fileCount"], size: row["size"])
    }
}
