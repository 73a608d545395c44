import CSQLite
import Foundation

/// The connections to one database: a writer, taken by one caller at a time, and on disk up to
/// ``maximumReaders`` readers, each reading in a transaction of its own. The file is in WAL mode,
/// so a reader sees the database as of its transaction's start and never waits for the writer.
/// In memory, the one connection serves reads and writes in turn.
///
/// Callers run on their own threads (no queue per connection, as GRDB has): a read or a write is
/// a lock and a few statements compiled once.
final class ConnectionPool: @unchecked Sendable {
    /// As many readers as GRDB's pool allowed by default.
    static let maximumReaders = 5

    private let writer: Database
    private let writerLock = NSLock()
    /// The database file, or nil in memory.
    private let path: String?
    private let setUp: (Database) throws(DatabaseError) -> Void
    private let readersLock = NSLock()
    private var idleReaders: [Database] = []
    private let readerSlots = DispatchSemaphore(value: ConnectionPool.maximumReaders)
    /// The connection ``checkpoint()`` runs on, opened when first needed: not the writer, so that
    /// commits go on while the log is copied.
    private var checkpointer: Database?
    private let checkpointerLock = NSLock()

    /// Opens (creating if needed) the database at `path`, or one in memory when nil. Every
    /// connection enforces foreign keys, waits up to `busyTimeout` seconds for another process's
    /// lock, and then runs `prepare`.
    init(
        path: String?, busyTimeout: Double = 5, prepare: @escaping (Database) throws(DatabaseError) -> Void = { _ in }
    ) throws(DatabaseError) {
        let milliseconds = Int32(clamping: Int((busyTimeout * 1000).rounded()))
        setUp = { db throws(DatabaseError) in
            sqlite3_busy_timeout(db.handle, milliseconds)
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try prepare(db)
        }
        self.path = path
        writer = try Database(path: path ?? ":memory:")
        try setUp(writer)
        guard path != nil else { return }
        // The write-ahead log, synced at checkpoints rather than at each commit (NORMAL, as GRDB
        // set it): a killed process loses no commit; a power loss may lose the last ones whole.
        let mode = try String.fetchOne(writer, sql: "PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(code: SQLITE_ERROR, message: "could not turn on the write-ahead log", sql: nil)
        }
        try writer.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    /// Runs `body` on the writer, outside any transaction (pragmas, VACUUM, checkpoints). A
    /// transaction `body` leaves open is rolled back.
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        writerLock.lock()
        defer {
            try? writer.rollback()
            writerLock.unlock()
        }
        return try body(writer)
    }

    /// Runs `body` in one write transaction, begun IMMEDIATE (taking the write lock before it
    /// reads, so two processes never both read and then both try to write); any error rolls it
    /// all back, and is the error reported.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").run()
            let result = try body(db)
            try db.cachedStatement(sql: "COMMIT TRANSACTION").run()
            return result
        }
    }

    /// Runs `body` in one read transaction: it sees the database as of its start.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        guard path != nil else { return try writeWithoutTransaction(body) }
        readerSlots.wait()
        defer { readerSlots.signal() }
        let reader = try takeReader()
        defer {
            try? reader.rollback()
            readersLock.withLock { idleReaders.append(reader) }
        }
        try reader.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").run()
        let result = try body(reader)
        try reader.cachedStatement(sql: "COMMIT TRANSACTION").run()
        return result
    }

    /// A passive checkpoint (it waits for no reader or writer) on a connection of its own, so
    /// that the writer commits meanwhile: it copies what was committed when it began. SQLite
    /// still checkpoints inside the commit that takes the log past 1,000 pages, and then finds
    /// little left to copy. Nothing in memory.
    func checkpoint() throws(DatabaseError) {
        guard let path else { return }
        checkpointerLock.lock()
        defer { checkpointerLock.unlock() }
        if checkpointer == nil {
            let connection = try Database(path: path)
            try setUp(connection)
            // A connection that has not read the file does not know it is in WAL mode yet, and
            // SQLite checkpoints nothing through it.
            _ = try String.fetchOne(connection, sql: "PRAGMA journal_mode")
            checkpointer = connection
        }
        try checkpointer!.checkpoint(.passive)
    }

    private func takeReader() throws(DatabaseError) -> Database {
        if let reader = readersLock.withLock({ idleReaders.popLast() }) { return reader }
        let reader = try Database(path: path ?? ":memory:")
        try setUp(reader)
        try reader.execute(sql: "PRAGMA query_only = 1")
        return reader
    }
}
