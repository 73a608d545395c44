import Foundation
import TuskCore

/// The versioned data store: repos, branches, commits and content-addressed files in one SQLite
/// database, with Pachyderm's semantics.
///
/// Every public method is one transaction: it either completes or changes nothing, and a killed
/// process leaves the database as of the last completed call. No wall-clock time is recorded;
/// a logical clock orders commits, so the same calls give the same commit ids on any machine.
///
/// Several processes may open one store: the database is in WAL mode, so readers never wait, and
/// writers queue (each write transaction begins IMMEDIATE, taking the write lock before it reads)
/// for up to ``StoreConfiguration/busyTimeout`` before failing with ``StoreError/Kind/busy``.
///
///     let store = try Store.inMemory()
///     try store.createRepo(RepoName("income_data"))
///     try store.createBranch(RepoName("income_data"), BranchName("staging"))
///     let commit = try store.put(
///         [FileWrite(path: RepoPath("/train.csv"), bytes: Array("a,b\n1,2\n".utf8))],
///         repo: RepoName("income_data"), branch: BranchName("staging"))
public final class Store: Sendable {
    /// On disk, readers beside one writer; in memory, one connection.
    let database: ConnectionPool
    /// Where the store lives on disk, or nil in memory.
    public let directory: String?
    public let configuration: StoreConfiguration

    private init(database: ConnectionPool, directory: String?, configuration: StoreConfiguration) {
        self.database = database
        self.directory = directory
        self.configuration = configuration
    }

    /// A fresh store that lives only as long as this object: what scenarios replay on.
    public static func inMemory() throws(StoreError) -> Store { try inMemory(configuration: StoreConfiguration()) }

    /// A fresh in-memory store with a chosen chunk size and busy timeout.
    public static func inMemory(configuration: StoreConfiguration) throws(StoreError) -> Store {
        do {
            let connections = try connectionPool(path: nil, configuration)
            try StoreSchema.prepare(connections, directory: ":memory:")
            return Store(database: connections, directory: nil, configuration: configuration)
        } catch {
            throw .cannotOpen(":memory:", reason: "\(StoreError.from(error).message)")
        }
    }

    /// The database file in a store's directory: its presence is what makes a directory a store
    /// (``open(directory:configuration:create:)`` with `create` false asks the same).
    public static let databaseName = "store.sqlite"

    /// Whether `directory` holds a tusk store, whose files (the database, its `-wal` and `-shm`,
    /// `store.lock`, the REPL's history) only the store writes.
    public static func isStore(directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + databaseName)
    }

    /// Opens (creating if needed) the store in `directory`, as `store.sqlite` inside it.
    ///
    /// A file there that is not a SQLite database (or holds another program's tables) is refused
    /// with ``StoreError/Kind/corrupt``, never changed.
    public static func open(directory: String) throws(StoreError) -> Store {
        try open(directory: directory, configuration: StoreConfiguration())
    }

    /// Opens the store in `directory` with a chosen chunk size and busy timeout; with `create`
    /// false, a directory without a store is ``StoreError/Kind/noStore`` and nothing is created.
    public static func open(
        directory: String, configuration: StoreConfiguration, create: Bool = true
    ) throws(StoreError) -> Store {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            // A file named where the store's directory should be: say what it is, never touch it.
            let handle = FileHandle(forReadingAtPath: directory)
            let header = try? handle?.read(upToCount: 16)
            try? handle?.close()
            if header != Data("SQLite format 3\0".utf8) {
                throw .notAStore(directory, reason: "file is not a database")
            }
            throw .cannotOpen(directory, reason: "it is a database file, not a store directory")
        }
        if !create, access(directory + "/" + databaseName, F_OK) != 0 {
            // A store this user may not look into is not a missing one.
            if errno == EACCES { throw .cannotOpen(directory, reason: "permission denied") }
            throw .noStore(directory)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(directory, reason: (error as NSError).localizedFailureReason ?? "\(error)")
        }
        do {
            // Processes opening a store at once take turns to open and migrate it: a file lock,
            // held only while the database is opened and the schema checked, so the second finds
            // the first's work done. The open is inside it too: a new database's switch to WAL
            // can answer SQLITE_BUSY at once, without waiting, to a second process doing the same.
            let lock = try MigrationLock(path: directory + "/store.lock", timeout: configuration.busyTimeout)
            let pool = try connectionPool(path: directory + "/" + databaseName, configuration)
            try StoreSchema.prepare(pool, directory: directory)
            _ = consume lock
            return Store(database: pool, directory: directory, configuration: configuration)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .notAStore(directory, reason: error.message ?? "file is not a database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            // A database file, damaged (cut short, pages overwritten): a store to restore, not
            // another program's file.
            throw .corrupt(error.message ?? "database disk image is malformed")
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) {
            throw .busy()
        } catch let error as DatabaseError {
            throw .cannotOpen(directory, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .cannotOpen(directory, reason: "\(error)")
        }
    }

    private static func connectionPool(path: String?, _ configuration: StoreConfiguration) throws -> ConnectionPool {
        try ConnectionPool(path: path, busyTimeout: configuration.busyTimeout) { db throws(DatabaseError) in
            // A large put passes through the write-ahead log; once checkpointed, the log shrinks
            // back to this size instead of keeping the space.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
    }

    /// Runs `body` in one write transaction; any error rolls everything back. The transaction is
    /// IMMEDIATE, so two processes never both read and then both try to write.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Runs `body` in one read transaction: it sees the store as of its start, and never waits
    /// for a writer.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError.from(error)
        }
    }

    /// Advances and returns the logical clock.
    func tick(_ db: Database) throws -> Int {
        try db.cachedStatement(sql: "UPDATE clock SET sequence = sequence + 1 WHERE id = 1").execute()
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT sequence FROM clock WHERE id = 1")) ?? 0
    }
}
