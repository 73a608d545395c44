import Foundation
import Testing

@testable import TuskStore

/// The store's own layer over SQLite's C API: values round-trip as stored, arguments go where
/// they are meant to or are refused, readers see their snapshot, failed work leaves nothing, and
/// migrations keep GRDB's record of what ran.
@Suite struct SQLiteLayerTests {
    private func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test func valuesComeBackAsTheyWereStored() throws {
        let pool = try ConnectionPool(path: nil)
        let text = "tab\t, quote\", é, emoji 🐘, and a NUL \u{0} inside"
        let blob = Data([0, 1, 2, 255, 0])
        let row = try pool.write { db -> Row? in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, e BLOB, n TEXT)")
            try db.execute(
                sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Int64.min, -0.1, text, blob, Data(), nil as String?])
            return try Row.fetchOne(db, sql: "SELECT i, r, s, b, e, n, typeof(e) AS eType FROM t")
        }
        let read = try #require(row)
        #expect(read["i"] as Int64 == Int64.min)
        #expect(read["r"] as Double == -0.1)
        #expect(read["s"] as String == text)
        #expect(read["b"] as Data == blob)
        // An empty blob stays a blob: bound with no bytes, it is not NULL.
        #expect(read["e"] as Data == Data() && read["eType"] as String == "blob")
        #expect(read["n"] as String? == nil)
        #expect(read.hasColumn("S") && !read.hasColumn("missing"))
    }

    /// A checkpoint copies the write-ahead log into the database file from a connection of its
    /// own, while a reader holds its snapshot; the log then starts again from its beginning.
    @Test func aCheckpointCopiesTheLogFromAConnectionOfItsOwn() throws {
        try withDirectory { directory in
            let path = directory + "/db.sqlite"
            let pool = try ConnectionPool(path: path)
            try pool.write { db in try db.execute(sql: "CREATE TABLE t (b BLOB)") }
            func size(_ file: String) -> Int {
                (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
            }
            func insert(megabytes: Int) throws {
                for _ in 0..<megabytes {
                    try pool.write { db in
                        try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [Data(count: 1 << 20)])
                    }
                }
            }
            // 2 MB, about 500 pages: below the 1,000 at which SQLite checkpoints in the commit.
            try insert(megabytes: 2)
            #expect(size(path) < 1 << 20)
            try pool.read { db in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
                try pool.checkpoint()
            }
            #expect(size(path) >= 2 << 20)
            let log = size(path + "-wal")
            try insert(megabytes: 2)
            try pool.checkpoint()
            #expect(size(path) >= 4 << 20)
            #expect(size(path + "-wal") <= log + (64 << 10), "the log grew from \(log) to \(size(path + "-wal")) bytes")
        }
    }

    @Test func argumentsAreTakenInOrderAcrossStatementsAndByName() throws {
        let pool = try ConnectionPool(path: nil)
        let (numbers, named) = try pool.write { db in
            try db.execute(
                sql: "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (?); INSERT INTO t VALUES (?), (?);",
                arguments: [1, 2, 3])
            let numbers = try Int.fetchAll(db, sql: "SELECT x FROM t ORDER BY rowid")
            let named = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM t WHERE x >= :low AND x <= :high"),
                arguments: StatementArguments(["low": 2, "high": 3]))
            return (numbers, named)
        }
        #expect(numbers == [1, 2, 3])
        #expect(named == 2)
    }

    @Test func tooFewOrTooManyArgumentsAreRefusedAndWriteNothing() throws {
        let pool = try ConnectionPool(path: nil)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t (x INTEGER, y INTEGER)") }
        let few = #expect(throws: DatabaseError.self) {
            try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [1]) }
        }
        #expect(few?.resultCode == .SQLITE_MISUSE)
        let many = #expect(throws: DatabaseError.self) {
            try pool.write { db in
                try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)").execute(arguments: [1, 2, 3])
            }
        }
        #expect(many?.resultCode == .SQLITE_MISUSE)
        let unnamed = #expect(throws: DatabaseError.self) {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO t VALUES (:x, :y)", arguments: StatementArguments(["x": 1]))
            }
        }
        #expect(unnamed?.message == "no argument for :y")
        #expect(try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 0)
    }

    @Test func aFailedWriteRollsBackAndTheConnectionGoesOn() throws {
        let pool = try ConnectionPool(path: nil)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t (x INTEGER PRIMARY KEY)") }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO t VALUES (1)")
                throw Stop()
            }
        }
        // SQLite's own failure inside the transaction: the row before it goes too.
        let duplicate = #expect(throws: DatabaseError.self) {
            try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (2); INSERT INTO t VALUES (2);") }
        }
        #expect(duplicate?.resultCode == .SQLITE_CONSTRAINT)
        try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (3)") }
        #expect(try pool.read { try Int.fetchAll($0, sql: "SELECT x FROM t") } == [3])
    }

    @Test func aReaderSeesTheDatabaseAsOfItsStart() throws {
        try withDirectory { directory in
            let pool = try ConnectionPool(path: directory + "/db.sqlite")
            try pool.write { db in try db.execute(sql: "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)") }
            let (before, after) = try pool.read { db in
                let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
                // A write commits while the read is open: the writer does not wait for the reader.
                try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (2)") }
                return (before, try Int.fetchOne(db, sql: "SELECT count(*) FROM t"))
            }
            #expect(before == 1 && after == 1)
            #expect(try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 2)
            // Readers only read.
            let refused = #expect(throws: DatabaseError.self) {
                try pool.read { db in try db.execute(sql: "INSERT INTO t VALUES (3)") }
            }
            #expect(refused?.resultCode == .SQLITE_READONLY)
        }
    }

    @Test func aSecondWriterWaitsItsTimeoutThenIsBusy() throws {
        try withDirectory { directory in
            let first = try ConnectionPool(path: directory + "/db.sqlite")
            let second = try ConnectionPool(path: directory + "/db.sqlite", busyTimeout: 0.05)
            try first.write { db in try db.execute(sql: "CREATE TABLE t (x INTEGER)") }
            let busy = #expect(throws: DatabaseError.self) {
                try first.write { _ in
                    try second.write { db in try db.execute(sql: "INSERT INTO t VALUES (1)") }
                }
            }
            #expect(busy?.resultCode == .SQLITE_BUSY)
            try second.write { db in try db.execute(sql: "INSERT INTO t VALUES (1)") }
            #expect(try first.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 1)
        }
    }

    @Test func migrationsRunOnceInOrderAndARecordOfThemIsGRDBs() throws {
        try withDirectory { directory in
            let pool = try ConnectionPool(path: directory + "/db.sqlite")
            var migrator = SchemaMigrator()
            migrator.registerMigration("one") { db in try db.execute(sql: "CREATE TABLE a (x INTEGER PRIMARY KEY)") }
            migrator.registerMigration("two") { db in
                try db.execute(sql: "CREATE TABLE b (x INTEGER REFERENCES a(x)); INSERT INTO a VALUES (1)")
            }
            try migrator.migrate(pool, upTo: "one")
            #expect(try pool.read(migrator.appliedIdentifiers) == ["one"])
            try migrator.migrate(pool)
            try migrator.migrate(pool)  // nothing left to do: "two" would fail on its table if run again
            let (applied, table) = try pool.read { db in
                (
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'grdb_migrations'")
                )
            }
            #expect(applied == ["one", "two"])
            // The table as GRDB's DatabaseMigrator creates it, so a store GRDB migrated reads the same.
            #expect(table == "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        }
    }

    @Test func aMigrationThatBreaksAReferenceIsRolledBackAndNotRecorded() throws {
        let pool = try ConnectionPool(path: nil)
        var migrator = SchemaMigrator()
        migrator.registerMigration("parent") { db in try db.execute(sql: "CREATE TABLE a (x INTEGER PRIMARY KEY)") }
        migrator.registerMigration("orphan") { db in
            try db.execute(sql: "CREATE TABLE b (x INTEGER REFERENCES a(x)); INSERT INTO b VALUES (7)")
        }
        let error = #expect(throws: DatabaseError.self) { try migrator.migrate(pool) }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        let (applied, orphan, keys) = try pool.read { db in
            (
                try migrator.appliedIdentifiers(db), try db.tableExists("b"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(applied == ["parent"] && !orphan)
        #expect(keys == true)  // back on after the migration
    }
}
