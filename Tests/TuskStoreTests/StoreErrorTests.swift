import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// Each failure has a kind that `catch` can match, and the messages scenarios record.
@Suite struct StoreErrorTests {
    let store: Store
    let repo = Fixture.repo("r")
    let master = Fixture.branch("master")

    init() throws {
        store = try Store.inMemory()
        try store.createRepo(repo)
    }

    func kind(_ body: () throws -> Void) -> StoreError.Kind? {
        do {
            try body()
            return nil
        } catch let error as StoreError {
            return error.kind
        } catch {
            return nil
        }
    }

    @Test func everyRefusalHasItsKind() throws {
        #expect(kind { _ = try store.inspectRepo(Fixture.repo("nope")) } == .repoNotFound)
        #expect(kind { try store.createRepo(repo) } == .repoExists)
        #expect(kind { _ = try store.resolve(repo, CommitRef(base: "master")) } == .emptyBranch)
        #expect(
            kind { try store.put([Fixture.write("/a", "1")], repo: repo, branch: Fixture.branch("dev")) }
                == .branchNotFound)
        let commit = try Fixture.commit(store, "r", "master", Fixture.write("/d/f", "1"))
        #expect(kind { _ = try store.resolve(repo, CommitRef(base: "zzzz")) } == .refNotFound)
        #expect(kind { _ = try store.resolve(repo, CommitRef(parsing: "master^")!) } == .tooFewAncestors)
        #expect(kind { _ = try store.readFile(repo, commit.id, Fixture.path("/nope")) } == .fileNotFound)
        #expect(kind { _ = try store.readFile(repo, commit.id, Fixture.path("/d")) } == .isDirectory)
        #expect(kind { _ = try store.readFile(repo, commit.id, .root) } == .rootIsNotAFile)
        #expect(kind { try store.put([Fixture.write("/d/f/g", "1")], repo: repo, branch: master) } == .underFile)
        #expect(kind { try store.put([Fixture.write("/d", "1")], repo: repo, branch: master) } == .isDirectory)
        #expect(kind { try store.finishCommit(repo, master) } == .noOpenCommit)
        try store.startCommit(repo, master)
        #expect(kind { try store.startCommit(repo, master) } == .commitAlreadyOpen)
        #expect(
            kind { try store.createBranch(repo, master, head: CommitRef(base: commit.id.hex)) } == .branchHasOpenCommit)
        try store.createRepo(Fixture.repo("model"))
        try store.put(
            [Fixture.write("/m", "1")], repo: Fixture.repo("model"), branch: master,
            provenance: [CommitAddress(repo: repo, id: commit.id)])
        #expect(kind { try store.deleteRepo(repo) } == .repoHasDependents)
    }

    @Test func aFileThatIsNotADatabaseIsNotAStore() throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let garbage = Data(repeating: 0x42, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: directory + "/store.sqlite"))
        let error = #expect(throws: StoreError.self) { try Store.open(directory: directory) }
        #expect(error?.kind == .corrupt)
        #expect(error?.message == "store at '\(directory)' is not a tusk store: file is not a database")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/store.sqlite")) == garbage)

        // --store naming a plain file rather than a directory.
        try Data("notes".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        let file = #expect(throws: StoreError.self) { try Store.open(directory: directory + "/notes.txt") }
        #expect(file?.kind == .corrupt)
        #expect(file?.message == "store at '\(directory)/notes.txt' is not a tusk store: file is not a database")
        // The same for a command that only reads (which never creates a store): not "no store there".
        let reading = #expect(throws: StoreError.self) {
            try Store.open(directory: directory + "/notes.txt", configuration: StoreConfiguration(), create: false)
        }
        #expect(reading?.message == file?.message)
    }

    @Test func anotherProgramsDatabaseIsNotAStore() throws {
        let directory = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ConnectionPool(path: directory + "/store.sqlite").write {
            try $0.execute(sql: "CREATE TABLE notes (t TEXT)")
        }
        let error = #expect(throws: StoreError.self) { try Store.open(directory: directory) }
        #expect(error?.kind == .corrupt)
        #expect(error?.message == "store at '\(directory)' is not a tusk store: it holds another program's tables")
    }

    /// A store cut short is a damaged tusk store, not another program's file; it is not changed.
    @Test func aStoreCutShortIsDamaged() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let store = try Store.open(directory: directory)
            try store.createRepo(Fixture.repo("r"))
            for k in 0..<40 {
                try Fixture.commit(
                    store, "r", "master", Fixture.write("/f\(k)", String(repeating: "x", count: 5000 + k)))
            }
        }
        let file = URL(fileURLWithPath: directory + "/store.sqlite")
        let whole = try Data(contentsOf: file)
        let half = whole.prefix(whole.count / 2)
        try half.write(to: file)
        let error = #expect(throws: StoreError.self) {
            let store = try Store.open(directory: directory)
            _ = try store.listCommits(Fixture.repo("r"))
        }
        #expect(error?.kind == .corrupt)
        #expect(error?.message.hasPrefix("store is damaged: ") == true)
        #expect(try Data(contentsOf: file) == half)
    }

    /// Another process holding the lock that openers take turns on (stuck while it opened the
    /// store) makes an open busy after the busy timeout, never a wait without end.
    @Test func aStuckOpenerMakesTheNextBusyNotHung() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Store.open(directory: directory)
        let held = open(directory + "/store.lock", O_RDWR | O_CLOEXEC)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        let start = ContinuousClock.now
        let error = #expect(throws: StoreError.self) {
            _ = try Store.open(directory: directory, configuration: StoreConfiguration(busyTimeout: 0.2))
        }
        #expect(error?.kind == .busy)
        #expect(ContinuousClock.now - start < .seconds(5))
        close(held)
        _ = try Store.open(directory: directory, configuration: StoreConfiguration(busyTimeout: 0.2))
    }

    @Test func anUnwritableDirectoryCannotOpen() {
        let error = #expect(throws: StoreError.self) { try Store.open(directory: "/proc/tusk-cannot-be-here") }
        #expect(error?.kind == .cannotOpen)
    }
}
