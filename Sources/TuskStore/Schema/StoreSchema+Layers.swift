import Foundation
import TuskCore

extension StoreSchema {
    /// v2: contents in chunks, trees as layers. Moves every v1 blob, tree and open commit over,
    /// so ids, files and history read the same after as before.
    static func migrateToLayers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE content (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    hashState BLOB NOT NULL
                );
                CREATE TABLE chunk (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    data BLOB NOT NULL
                );
                CREATE TABLE piece (
                    content INTEGER NOT NULL REFERENCES content(id) ON DELETE CASCADE,
                    offset INTEGER NOT NULL,
                    chunk INTEGER NOT NULL REFERENCES chunk(id),
                    PRIMARY KEY (content, offset)
                ) WITHOUT ROWID;
                CREATE INDEX piece_by_chunk ON piece(chunk);
                CREATE TABLE commitNode (
                    key INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE REFERENCES "commit"(id) ON DELETE CASCADE,
                    depth INTEGER NOT NULL,
                    base INTEGER REFERENCES commitNode(key),
                    fileCount INTEGER NOT NULL,
                    size INTEGER NOT NULL
                );
                CREATE INDEX commitNode_by_base ON commitNode(base);
                CREATE TABLE entry (
                    node INTEGER NOT NULL REFERENCES commitNode(key) ON DELETE CASCADE,
                    path BLOB NOT NULL,
                    content INTEGER NOT NULL REFERENCES content(id),
                    PRIMARY KEY (node, path)
                ) WITHOUT ROWID;
                CREATE INDEX entry_by_content ON entry(content);
                ALTER TABLE openCommit ADD COLUMN fileCount INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE openCommit ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE openEntry (
                    repo TEXT NOT NULL,
                    branch TEXT NOT NULL,
                    path BLOB NOT NULL,
                    content INTEGER NOT NULL REFERENCES content(id),
                    PRIMARY KEY (repo, branch, path),
                    FOREIGN KEY (repo, branch) REFERENCES openCommit(repo, branch) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE INDEX openEntry_by_content ON openEntry(content);
                CREATE INDEX commit_by_parent ON "commit"(parent);
                CREATE INDEX branch_by_head ON branch(head);
                """)
        var contents: [String: Int64] = [:]
        let blobs = try Row.fetchCursor(db, sql: "SELECT hash, data FROM blob")
        while let row = try blobs.next() {
            let hash: String = row["hash"]
            let data: Data = row["data"]
            var writer = ContentWriter(db, chunkSize: StoreConfiguration().chunkSize)
            try writer.write(data)
            let content = try writer.finish()
            guard content.hash.hex == hash else {
                throw StoreError.corrupt("blob \(hash.prefix(12)) does not match its hash")
            }
            contents[hash] = content.id
        }

        typealias Tree = [PathKey: (hash: String, size: Int)]
        func tree(_ sql: String, _ arguments: StatementArguments) throws -> Tree {
            var tree: Tree = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                tree[PathKey(try RepoPath(row["path"]))] = (row["hash"], row["size"])
            }
            return tree
        }
        func commitTree(_ id: String?) throws -> Tree {
            guard let id else { return [:] }
            return try tree("SELECT path, hash, size FROM file WHERE commitId = ?", [id])
        }
        let insertEntry = try db.makeStatement(sql: "INSERT INTO entry (node, path, content) VALUES (?, ?, ?)")

        // Commits in clock order, so a parent is always moved before its children.
        var nodes: [String: (key: Int64, depth: Int, parent: String?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, parent FROM \"commit\" ORDER BY sequence") {
            let id: String = row["id"]
            let parent: String? = row["parent"]
            let depth = (parent.flatMap { nodes[$0]?.depth } ?? 0) + 1
            let baseDepth = depth & (depth - 1)
            var base = parent
            while let candidate = base, let node = nodes[candidate], node.depth > baseDepth { base = node.parent }
            if baseDepth == 0 { base = nil }
            let files = try commitTree(id)
            try db.execute(
                sql: "INSERT INTO commitNode (id, depth, base, fileCount, size) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    id, depth, base.flatMap { nodes[$0]?.key }, files.count, files.values.reduce(0) { $0 + $1.size },
                ])
            let key = db.lastInsertedRowID
            nodes[id] = (key, depth, parent)
            let baseFiles = try commitTree(base)
            for (path, file) in files.sorted(by: { $0.key < $1.key }) where baseFiles[path]?.hash != file.hash {
                try insertEntry.execute(arguments: [key, path.bytes, contents[file.hash]])
            }
        }

        // Open commits keep what they staged: the files that differ from their branch's head.
        let insertOpen = try db.makeStatement(
            sql: "INSERT INTO openEntry (repo, branch, path, content) VALUES (?, ?, ?, ?)")
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT o.repo, o.branch, b.head FROM openCommit o JOIN branch b ON b.repo = o.repo AND b.name = o.branch"
        ) {
            let repo: String = row["repo"], branch: String = row["branch"]
            let open = try tree(
                "SELECT path, hash, size FROM openFile WHERE repo = ? AND branch = ?", [repo, branch])
            let head = try commitTree(row["head"])
            for (path, file) in open.sorted(by: { $0.key < $1.key }) where head[path]?.hash != file.hash {
                try insertOpen.execute(arguments: [repo, branch, path.bytes, contents[file.hash]])
            }
            try db.execute(
                sql: "UPDATE openCommit SET fileCount = ?, size = ? WHERE repo = ? AND branch = ?",
                arguments: [open.count, open.values.reduce(0) { $0 + $1.size }, repo, branch])
        }
        try db.execute(sql: "DROP TABLE openFile; DROP TABLE file; DROP TABLE blob;")
    }

    /// Makes a database ready: a new one gets incremental auto-vacuum before its first table (so
    /// deleting a repo gives disk space back), one of another program is refused, and the
    /// migrations run, even when another process is running them at the same moment.
    static func prepare(_ writer: ConnectionPool, directory: String) throws {
        let previous = try writer.writeWithoutTransaction { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            } else if try !db.tableExists("grdb_migrations") {
                throw StoreError.notAStore(directory, reason: "it holds another program's tables")
            }
            return try migrator.appliedIdentifiers(db)
        }
        var applied = previous
        var attempt = 0
        while true {
            do {
                try migrator.migrate(writer)
                break
            } catch {
                // Two processes opening an old or new store at once both try each migration; the
                // second fails on what the first created. Reading again finds the work done.
                let now = try writer.read { try migrator.appliedIdentifiers($0) }
                attempt += 1
                if now == applied || attempt > 3 { throw error }
                applied = now
            }
        }
        if previous.count < migrator.migrations.count,
            try writer.read({ try Int.fetchOne($0, sql: "PRAGMA auto_vacuum") }) == 0
        {
            // A store made before v2 has no auto-vacuum: one full VACUUM turns it on and gives
            // back the space the v1 tables held. Another process may hold the store; then the
            // next open tries again.
            try? writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                try db.execute(sql: "VACUUM")
            }
        }
    }
}
