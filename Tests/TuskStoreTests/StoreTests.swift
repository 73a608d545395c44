import Foundation
import Testing
import TuskCore

@testable import TuskStore

@Suite struct StoreTests {
    let store: Store
    let income = Fixture.repo("income_data")
    let master = Fixture.branch("master")

    init() throws {
        store = try Store.inMemory()
        try store.createRepo(income, description: "census")
    }

    @Test func aNewRepoHasAnEmptyMaster() throws {
        let branches = try store.listBranches(income)
        #expect(branches.map(\.name) == [master])
        #expect(branches[0].head == nil)
        let error = #expect(throws: StoreError.self) { try store.resolve(income, CommitRef(base: "master")) }
        #expect(error?.kind == .emptyBranch)
    }

    @Test func identicalContentIsStoredOnce() throws {
        try Fixture.commit(store, "income_data", "master", Fixture.write("/a.csv", "x,y\n1,2\n"))
        try Fixture.commit(store, "income_data", "master", Fixture.write("/b.csv", "x,y\n1,2\n"))
        try store.createRepo(Fixture.repo("copy"))
        try Fixture.commit(store, "copy", "master", Fixture.write("/c.csv", "x,y\n1,2\n"))
        #expect(try store.blobCount() == 1)
        let files = try store.files(income, try store.resolve(income, CommitRef(base: "master")).id)
        #expect(files.map(\.path.description) == ["/a.csv", "/b.csv"])
        #expect(files[0].hash == files[1].hash)
        #expect(files[0].hash == ContentHash(ofText: "x,y\n1,2\n"))
    }

    @Test func twoFreshStoresGiveTheSameCommitIds() throws {
        func history() throws -> [String] {
            let store = try Store.inMemory()
            try store.createRepo(Fixture.repo("r"))
            try store.createBranch(Fixture.repo("r"), Fixture.branch("staging"))
            try Fixture.commit(store, "r", "staging", Fixture.write("/a", "1"), message: "one")
            try Fixture.commit(store, "r", "staging", Fixture.write("/b", "2"))
            try store.createBranch(Fixture.repo("r"), Fixture.branch("master"), head: CommitRef(base: "staging"))
            return try store.listCommits(Fixture.repo("r")).map(\.id.hex)
        }
        let first = try history(), second = try history()
        #expect(first.count == 2)
        #expect(first == second)
        #expect(Set(first).count == 2)
    }

    @Test func theSameContentOnAnotherBranchIsAnotherCommit() throws {
        try store.createBranch(income, Fixture.branch("other"))
        let a = try Fixture.commit(store, "income_data", "master", Fixture.write("/a", "1"))
        let b = try Fixture.commit(store, "income_data", "other", Fixture.write("/a", "1"))
        #expect(a.id != b.id)
    }

    @Test func aFailedMultiFileCommitChangesNothing() throws {
        let before = try Fixture.commit(store, "income_data", "master", Fixture.write("/data", "file"))
        let blobs = try store.blobCount()
        // The second write needs /data to be a directory, but it is a file: the whole put fails.
        let error = #expect(throws: StoreError.self) {
            try store.put(
                [Fixture.write("/new.csv", "new content"), Fixture.write("/data/x.csv", "x")], repo: income,
                branch: master)
        }
        #expect(error?.kind == .underFile)
        #expect(try store.resolve(income, CommitRef(base: "master")).id == before.id)
        #expect(try store.listCommits(income).count == 1)
        #expect(try store.blobCount() == blobs)
    }

    @Test func ancestryReferencesWalkParents() throws {
        let c1 = try Fixture.commit(store, "income_data", "master", Fixture.write("/a", "1"))
        let c2 = try Fixture.commit(store, "income_data", "master", Fixture.write("/a", "2"))
        let c3 = try Fixture.commit(store, "income_data", "master", Fixture.write("/a", "3"))
        #expect(try store.resolve(income, CommitRef(parsing: "master")!).id == c3.id)
        #expect(try store.resolve(income, CommitRef(parsing: "master^")!).id == c2.id)
        #expect(try store.resolve(income, CommitRef(parsing: "master^^")!).id == c1.id)
        #expect(try store.resolve(income, CommitRef(parsing: "master^2")!).id == c1.id)
        #expect(try store.resolve(income, CommitRef(parsing: "\(c3.id.short)^")!).id == c2.id)
        let error = #expect(throws: StoreError.self) { try store.resolve(income, CommitRef(parsing: "master^3")!) }
        #expect(error?.message == "'master^3' goes back 3 commits but only 2 exist before 'master'")
    }

    @Test func uniquePrefixesResolveAndAmbiguousOnesSaySo() throws {
        // Commit until two ids share their first 4 hex digits (ids are deterministic, so this
        // always takes the same number of commits: a few hundred, by the birthday bound).
        var byPrefix: [Substring: CommitInfo] = [:]
        var shared: (String, CommitInfo, CommitInfo)?
        var n = 0
        while shared == nil, n < 5000 {
            let commit = try Fixture.commit(store, "income_data", "master", Fixture.write("/a", "\(n)"))
            if let other = byPrefix[commit.id.hex.prefix(4)] {
                shared = (String(commit.id.hex.prefix(4)), other, commit)
            }
            byPrefix[commit.id.hex.prefix(4)] = commit
            n += 1
        }
        let (prefix, first, second) = try #require(shared)
        let error = #expect(throws: StoreError.self) { try store.resolve(income, CommitRef(base: prefix)) }
        #expect(error?.message.contains("ambiguous") == true)
        #expect(error?.message.contains(first.id.short) == true && error?.message.contains(second.id.short) == true)
        #expect(try store.resolve(income, CommitRef(base: String(first.id.hex.prefix(12)))).id == first.id)
        #expect(try store.resolve(income, CommitRef(base: second.id.hex.uppercased())).id == second.id)
        let missing = #expect(throws: StoreError.self) { try store.resolve(income, CommitRef(base: "zzzz")) }
        #expect(missing?.message == "no branch or commit 'zzzz' in repo 'income_data'")
    }

    @Test func movingABranchIsDeferredProcessing() throws {
        let staging = Fixture.branch("staging")
        try store.createBranch(income, staging)
        let data = try Fixture.commit(store, "income_data", "staging", Fixture.write("/train.csv", "a,b\n"))
        #expect(try store.listBranches(income).first { $0.name == master }?.head == nil)
        let moved = try store.createBranch(income, master, head: CommitRef(base: "staging"))
        #expect(moved.previousHead == nil)
        #expect(moved.branch.head == data.id)
        #expect(try store.branches(pointingAt: data.id) == [master, staging])
    }

    @Test func openCommitsGatherSeveralPuts() throws {
        try store.startCommit(income, master, message: "two files")
        #expect(
            try store.put([Fixture.write("/a", "1")], repo: income, branch: master)
                == .staged(repo: income, branch: master, files: 1))
        try store.put([Fixture.write("/b", "2")], repo: income, branch: master)
        #expect(try store.listCommits(income).isEmpty)
        let open = #expect(throws: StoreError.self) { try store.startCommit(income, master) }
        #expect(open?.kind == .commitAlreadyOpen)
        let commit = try store.finishCommit(income, master)
        #expect(commit.fileCount == 2)
        #expect(commit.message == "two files")
        let closed = #expect(throws: StoreError.self) { try store.finishCommit(income, master) }
        #expect(closed?.kind == .noOpenCommit)
    }

    @Test func appendAddsToTheEnd() throws {
        try Fixture.commit(store, "income_data", "master", Fixture.write("/log", "a\n"))
        let commit = try Fixture.commit(store, "income_data", "master", Fixture.write("/log", "b\n", append: true))
        #expect(try store.readFile(income, commit.id, Fixture.path("/log")) == Array("a\nb\n".utf8))
    }

    @Test func listsDirectoriesAndGlobs() throws {
        let commit = try Fixture.commit(
            store, "income_data", "master", Fixture.write("/train.csv", "12"), Fixture.write("/splits/a.csv", "123"),
            Fixture.write("/splits/b.json", "1234"))
        let root = try store.listFiles(income, commit.id)
        #expect(root.map(\.path.description) == ["/splits", "/train.csv"])
        #expect(root[0].kind == .dir && root[0].size == 7)
        #expect(try store.glob(income, commit.id, GlobPattern("/*.csv")).map(\.path.description) == ["/train.csv"])
        // Pachyderm's `**` is any run of characters: `/**/*.csv` needs a directory, `/**.csv` does not.
        #expect(
            try store.glob(income, commit.id, GlobPattern("/**/*.csv")).map(\.path.description) == ["/splits/a.csv"])
        #expect(
            try store.glob(income, commit.id, GlobPattern("/**.csv")).map(\.path.description) == [
                "/splits/a.csv", "/train.csv",
            ])
        #expect(
            try store.glob(income, commit.id, GlobPattern("/{splits/[ab],train}.csv")).map(\.path.description) == [
                "/splits/a.csv", "/train.csv",
            ])
        #expect(
            try store.glob(income, commit.id, GlobPattern("/*")).map(\.path.description) == ["/splits", "/train.csv"])
        #expect(
            try store.glob(income, commit.id, GlobPattern("/splits/?.json")).map(\.path.description) == [
                "/splits/b.json"
            ])
        let directory = #expect(throws: StoreError.self) {
            try store.readFile(income, commit.id, Fixture.path("/splits"))
        }
        #expect(directory?.kind == .isDirectory)
        let missing = #expect(throws: StoreError.self) {
            try store.listFiles(income, commit.id, under: Fixture.path("/nope"))
        }
        #expect(missing?.kind == .fileNotFound)
    }

    @Test func missingNamesComeWithSuggestions() throws {
        let error = #expect(throws: StoreError.self) { try store.listBranches(Fixture.repo("incme_data")) }
        #expect(error?.help == "did you mean 'income_data'?")
        #expect(error?.subject == .repo)
        let branchError = #expect(throws: StoreError.self) {
            try store.put([Fixture.write("/a", "1")], repo: income, branch: Fixture.branch("mastr"))
        }
        #expect(branchError?.help == "did you mean 'master'?")
    }

    @Test func deletingARepoKeepsSharedContent() throws {
        try Fixture.commit(
            store, "income_data", "master", Fixture.write("/a", "shared"), Fixture.write("/b", "only here"))
        try store.createRepo(Fixture.repo("other"))
        try Fixture.commit(store, "other", "master", Fixture.write("/a", "shared"))
        try store.deleteRepo(income)
        #expect(try store.listRepos().map(\.name.rawValue) == ["other"])
        #expect(try store.blobCount() == 1)
        let deleted = #expect(throws: StoreError.self) { try store.inspectRepo(income) }
        #expect(deleted?.kind == .repoNotFound)
    }

    @Test func provenanceIsRecordedAndBlocksDeletion() throws {
        let data = try Fixture.commit(store, "income_data", "master", Fixture.write("/train.csv", "x"))
        try store.createRepo(Fixture.repo("model"))
        let source = CommitAddress(repo: income, id: data.id)
        guard
            case .committed(let model) = try store.put(
                [Fixture.write("/model.json", "{}")], repo: Fixture.repo("model"), branch: master, provenance: [source])
        else { Issue.record("expected a commit"); return }
        #expect(model.provenance == [source])
        #expect(try store.subvenance(of: data.id) == [CommitAddress(repo: Fixture.repo("model"), id: model.id)])
        let error = #expect(throws: StoreError.self) { try store.deleteRepo(income) }
        #expect(error?.kind == .repoHasDependents)
    }
}

@Suite struct StoreOnDiskTests {
    @Test func aStoreReopensWithItsHistory() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let id: CommitID
        do {
            let store = try Store.open(directory: directory)
            try store.createRepo(Fixture.repo("r"))
            id = try Fixture.commit(store, "r", "master", Fixture.write("/a", "1")).id
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/store.sqlite"))
        let reopened = try Store.open(directory: directory)
        #expect(try reopened.resolve(Fixture.repo("r"), CommitRef(base: "master")).id == id)
    }

    /// What the README promises of a commit: the write-ahead log, synced at checkpoints and not at
    /// every commit (NORMAL, as the store sets it in WAL mode): a killed process loses nothing committed, a
    /// power loss may lose the last commits, never half of one.
    @Test func commitsGoToTheWriteAheadLogWithNormalSync() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store.open(directory: directory)
        let (journal, sync) = try store.database.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal")
        #expect(sync == 1)  // NORMAL
    }

    @Test func anUnopenableStoreSaysWhere() {
        let error = #expect(throws: StoreError.self) { try Store.open(directory: "/proc/tusk-cannot-be-here") }
        #expect(error?.message.hasPrefix("cannot open store at '/proc/tusk-cannot-be-here'") == true)
    }
}
