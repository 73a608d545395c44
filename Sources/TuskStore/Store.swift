import Foundation
import GRDB
import TuskCore

/// The versioned data store: repos, branches, commits and content-addressed files in one SQLite
/// database, with Pachyderm's semantics.
///
/// Every public method is one transaction: it either completes or changes nothing, and a killed
/// process leaves the database as of the last completed call. No wall-clock time is recorded;
/// a logical clock orders commits, so the same calls give the same commit ids on any machine.
///
///     let store = try Store.inMemory()
///     try store.createRepo(RepoName("income_data"))
///     try store.createBranch(RepoName("income_data"), BranchName("staging"))
///     let commit = try store.put(
///         [FileWrite(path: RepoPath("/train.csv"), bytes: Array("a,b\n1,2\n".utf8))],
///         repo: RepoName("income_data"), branch: BranchName("staging"))
public final class Store: Sendable {
    let queue: DatabaseQueue
    /// Where the store lives on disk, or nil in memory.
    public let directory: String?

    private init(queue: DatabaseQueue, directory: String?) throws(StoreError) {
        self.queue = queue
        self.directory = directory
        do {
            try StoreSchema.migrator.migrate(queue)
        } catch {
            throw .cannotOpen(directory ?? ":memory:", reason: "\(error)")
        }
    }

    /// A fresh store that lives only as long as this object: what scenarios replay on.
    public static func inMemory() throws(StoreError) -> Store {
        do {
            return try Store(queue: DatabaseQueue(configuration: configuration), directory: nil)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(":memory:", reason: "\(error)")
        }
    }

    /// Opens (creating if needed) the store in `directory`, as `store.sqlite` inside it.
    public static func open(directory: String) throws(StoreError) -> Store {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let queue = try DatabaseQueue(path: directory + "/store.sqlite", configuration: configuration)
            return try Store(queue: queue, directory: directory)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(directory, reason: Store.reason(error))
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "tusk.store"
        return configuration
    }

    /// Runs `body` in one write transaction; any error rolls everything back.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(Store.reason(error))
        }
    }

    /// Runs `body` with read access.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(Store.reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// Advances and returns the logical clock.
    func tick(_ db: Database) throws -> Int {
        try db.execute(sql: "UPDATE clock SET sequence = sequence + 1 WHERE id = 1")
        return try Int.fetchOne(db, sql: "SELECT sequence FROM clock WHERE id = 1") ?? 0
    }
}
