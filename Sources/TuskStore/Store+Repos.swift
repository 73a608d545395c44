import TuskCore

extension Store {
    /// Creates an empty repo with a `master` branch (no commits yet), as pachctl does.
    @discardableResult
    public func createRepo(_ name: RepoName, description: String = "") throws(StoreError) -> RepoInfo {
        try write { db in
            if try Store.repoExists(db, name) { throw StoreError.repoExists(name) }
            let sequence = try tick(db)
            try db.cachedStatement(sql: "INSERT INTO repo (name, description, sequence) VALUES (?, ?, ?)").execute(
                arguments: [name.rawValue, description, sequence])
            try db.cachedStatement(sql: "INSERT INTO branch (repo, name, head) VALUES (?, 'master', NULL)").execute(
                arguments: [name.rawValue])
            return try Store.repoInfo(db, name)
        }
    }

    /// Creates several empty repos and writes `documents`, in one transaction: all of them or,
    /// on any error, none (a multi-document pipeline spec creates its pipelines this way).
    public func createRepos(_ repos: [(name: RepoName, description: String)], documents: [Document])
        throws(StoreError)
    {
        try write { db in
            for (name, description) in repos {
                if try Store.repoExists(db, name) { throw StoreError.repoExists(name) }
                let sequence = try tick(db)
                try db.cachedStatement(sql: "INSERT INTO repo (name, description, sequence) VALUES (?, ?, ?)")
                    .execute(arguments: [name.rawValue, description, sequence])
                try db.cachedStatement(sql: "INSERT INTO branch (repo, name, head) VALUES (?, 'master', NULL)")
                    .execute(arguments: [name.rawValue])
            }
            try Store.save(db, documents, deleting: [])
        }
    }

    /// All repos, by name.
    public func listRepos() throws(StoreError) -> [RepoInfo] {
        try read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM repo ORDER BY name")).map {
                try Store.repoInfo(db, RepoName($0))
            }
        }
    }

    public func inspectRepo(_ name: RepoName) throws(StoreError) -> RepoInfo {
        try read { db in
            try Store.requireRepo(db, name)
            return try Store.repoInfo(db, name)
        }
    }

    /// Deletes a repo with its branches, commits and the file contents no other commit uses.
    /// Refused while commits elsewhere name this repo's commits in their provenance.
    ///
    /// The disk space those contents took is given back: the delete removes every content and
    /// chunk no other repo shares, and then (a step of its own, after the delete has committed)
    /// an incremental vacuum returns the freed pages to the file system.
    public func deleteRepo(_ name: RepoName) throws(StoreError) {
        try write { db in
            try Store.requireRepo(db, name)
            let dependents = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT DISTINCT c.repo FROM provenance p JOIN "commit" c ON c.id = p.commitId
                        WHERE p.sourceRepo = ? AND c.repo != ? ORDER BY c.repo
                        """), arguments: [name.rawValue, name.rawValue])
            if !dependents.isEmpty { throw StoreError.repoHasDependents(name, dependents) }
            try Store.collectingGarbage(db, of: name) {
                // Heads first: branches point at commits, commits at their parents and bases.
                try db.cachedStatement(sql: "DELETE FROM branch WHERE repo = ?").execute(arguments: [name.rawValue])
                try db.cachedStatement(
                    sql: "UPDATE commitNode SET base = NULL WHERE id IN (SELECT id FROM \"commit\" WHERE repo = ?)"
                ).execute(arguments: [name.rawValue])
                try db.cachedStatement(sql: "UPDATE \"commit\" SET parent = NULL WHERE repo = ?").execute(arguments: [
                    name.rawValue
                ])
                try db.cachedStatement(sql: "DELETE FROM repo WHERE name = ?").execute(arguments: [name.rawValue])
            }
        }
        giveSpaceBack()
    }

    static func repoExists(_ db: Database, _ name: RepoName) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM repo WHERE name = ?"), arguments: [name.rawValue])
            ?? false
    }

    static func requireRepo(_ db: Database, _ name: RepoName) throws {
        if try !repoExists(db, name) {
            throw StoreError.repoNotFound(
                name, candidates: try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM repo")))
        }
    }

    static func repoInfo(_ db: Database, _ name: RepoName) throws -> RepoInfo {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT description,
                        (SELECT COUNT(*) FROM branch WHERE repo = r.name) AS branches,
                        (SELECT COUNT(*) FROM "commit" WHERE repo = r.name) AS commits,
                        (SELECT COALESCE(MAX(n.size), 0) FROM branch b JOIN commitNode n ON n.id = b.head
                            WHERE b.repo = r.name AND b.name = 'master') AS size
                    FROM repo r WHERE name = ?
                    """), arguments: [name.rawValue])!
        return RepoInfo(
            name: name, description: row["description"], branchCount: row["branches"],
            commitCount: row["commits"], masterSize: row["size"])
    }
}
