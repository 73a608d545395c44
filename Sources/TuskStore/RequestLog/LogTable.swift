import TuskCore

/// A deployment's request log: a table of its own, `requestLog<number>`, one row per chunk keyed by
/// the chunk's first sequence number (the table's rowid), its summary a column before its blobs.
///
/// Appending a chunk then inserts at the right end of one b-tree, which SQLite does by filling the
/// last page (one page written by a small commit). In one table for every deployment, keyed by
/// (deployment, first), a deployment's appends land in the middle of the tree as soon as another
/// deployment sorts after it, and each splits a full page among its neighbours: 3 pages and the
/// parent a commit, measured on the bench's store.
struct LogTable: Sendable, Equatable {
    /// The deployment's row in `requestLogDeployment`, from 1.
    let number: Int

    /// The table's name, safe to put in SQL as it is.
    var name: String { "requestLog\(number)" }

    static func find(_ db: Database, deployment: DeploymentName) throws -> LogTable? {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT number FROM requestLogDeployment WHERE name = ?"),
            arguments: [deployment.rawValue]
        ).map(LogTable.init)
    }

    /// Numbers a deployment that logs its first chunk and makes its table.
    static func create(_ db: Database, deployment: DeploymentName) throws -> LogTable {
        try db.cachedStatement(sql: "INSERT INTO requestLogDeployment (name) VALUES (?)")
            .execute(arguments: [deployment.rawValue])
        let table = LogTable(number: Int(db.lastInsertedRowID))
        try db.execute(sql: table.creation)
        return table
    }

    /// Not `WITHOUT ROWID`: SQLite reads such a row whole to reach its first column (a chunk's
    /// summary behind megabytes of blobs: 140 ms for 200 chunks of 3 MB, against 0.2 ms in a
    /// table with a rowid, measured in python's sqlite3 when choosing).
    var creation: String {
        """
        CREATE TABLE \(name) (
            first INTEGER PRIMARY KEY,
            count INTEGER NOT NULL,
            release INTEGER NOT NULL,
            summary BLOB,
            idHashes BLOB NOT NULL,
            answers BLOB NOT NULL,
            ids BLOB NOT NULL,
            inputs BLOB NOT NULL
        )
        """
    }
}
