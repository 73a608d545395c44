/// Named migrations, applied once each and in order, every one in a transaction of its own.
///
/// Which ones a database has is recorded in the table `grdb_migrations` (one `identifier` a row):
/// the table GRDB's migrator kept, kept by name so that every store written before still opens.
/// As GRDB's did, a migration runs with foreign keys off (so it may rebuild a table others refer
/// to) and is refused, rolled back, if it leaves a reference broken.
struct SchemaMigrator {
    typealias Migration = (identifier: String, migrate: (Database) throws -> Void)
    private(set) var migrations: [Migration] = []

    mutating func registerMigration(_ identifier: String, migrate: @escaping (Database) throws -> Void) {
        precondition(!migrations.contains { $0.identifier == identifier }, "migration \(identifier) twice")
        migrations.append((identifier, migrate))
    }

    /// The identifiers of the registered migrations the database has.
    func appliedIdentifiers(_ db: Database) throws -> Set<String> {
        guard try db.tableExists("grdb_migrations") else { return [] }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        return Set(applied).intersection(migrations.map(\.identifier))
    }

    /// Applies the migrations the database lacks, up to and including `target` (all when nil).
    func migrate(_ pool: ConnectionPool, upTo target: String? = nil) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            let applied = try appliedIdentifiers(db)
            for migration in migrations {
                if !applied.contains(migration.identifier) { try apply(migration, db) }
                if migration.identifier == target { break }
            }
        }
    }

    private func apply(_ migration: Migration, _ db: Database) throws {
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
        do {
            try migration.migrate(db)
            if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                let table: String = broken[0]
                throw DatabaseError(
                    code: ResultCode.SQLITE_CONSTRAINT.rawValue,
                    message: "FOREIGN KEY constraint failed in \(table) after migration \(migration.identifier)",
                    sql: nil)
            }
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
            try db.execute(sql: "COMMIT TRANSACTION")
        } catch {
            // The migration's error is the one to report, not a failure of its clean-up.
            try? db.rollback()
            try? db.execute(sql: "PRAGMA foreign_keys = ON")
            throw error
        }
        // Outside a transaction (where SQLite ignores the pragma), and a failure here is the
        // migration's: a connection that no longer enforces references must not go on.
        try db.execute(sql: "PRAGMA foreign_keys = ON")
    }
}
