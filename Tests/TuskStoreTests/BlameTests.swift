import Synchronization
import Testing
import TuskCore

@testable import TuskStore

/// `blame`'s store side: which commit last wrote each file, and each run of rows of one file,
/// on a history whose every write is known.
@Suite struct BlameTests {
    let store: Store
    /// The commits, oldest first: header and rows 1-4; row 5 appended; row 2 changed; another
    /// file added; row 4 removed.
    var commits: [CommitInfo] = []

    init() throws {
        store = try Store.inMemory()
        try store.createRepo(Fixture.repo("data"))
        let v1 = "a,b\n1,x\n2,y\n3,z\n4,w\n"
        commits.append(try Fixture.commit(store, "data", "master", Fixture.write("/t.csv", v1), message: "v1"))
        commits.append(
            try Fixture.commit(store, "data", "master", Fixture.write("/t.csv", v1 + "5,v\n"), message: "append 5"))
        commits.append(
            try Fixture.commit(
                store, "data", "master", Fixture.write("/t.csv", "a,b\n1,x\n2,CHANGED\n3,z\n4,w\n5,v\n"),
                message: "fix 2"))
        commits.append(
            try Fixture.commit(store, "data", "master", Fixture.write("/docs/readme.txt", "hi\n"), message: "docs"))
        commits.append(
            try Fixture.commit(
                store, "data", "master", Fixture.write("/t.csv", "a,b\n1,x\n2,CHANGED\n3,z\n5,v\n"),
                message: "drop 4"))
    }

    var head: CommitID { commits.last!.id }

    @Test func eachFileNamesTheCommitThatLastWroteIt() throws {
        let origins = try store.origins(under: .root, in: Fixture.repo("data"), at: head)
        #expect(origins.map(\.path.description) == ["/docs/readme.txt", "/t.csv"])
        #expect(origins.map(\.commit.message) == ["docs", "drop 4"])
        #expect(origins.map(\.size) == [3, 26])
        // At an older commit, the file's writer then.
        let older = try store.origins(under: Fixture.path("/t.csv"), in: Fixture.repo("data"), at: commits[3].id)
        #expect(older.map(\.commit.id) == [commits[2].id])
        let directory = try store.origins(under: Fixture.path("/docs"), in: Fixture.repo("data"), at: head)
        #expect(directory.map(\.commit.id) == [commits[3].id])
        let error = #expect(throws: StoreError.self) {
            try store.origins(under: Fixture.path("/nope"), in: Fixture.repo("data"), at: head)
        }
        #expect(error?.kind == .fileNotFound)
    }

    @Test func eachRunOfRowsNamesTheCommitThatWroteIt() throws {
        let runs = try #require(
            try store.recordOrigins(
                of: Fixture.path("/t.csv"), in: Fixture.repo("data"), at: head, split: TextRecords.csv))
        // Records: 0 header, 1 "1,x", 2 "2,CHANGED", 3 "3,z", 4 "5,v" (row 4 was removed).
        #expect(runs.map(\.records) == [0..<2, 2..<3, 3..<4, 4..<5])
        #expect(runs.map(\.commit.message) == ["v1", "fix 2", "v1", "append 5"])
    }

    /// The walk stops once every row has a commit: a rewrite of every row reads two versions.
    @Test func theWalkGoesBackOnlyAsFarAsNeeded() throws {
        let rewritten = try Fixture.commit(
            store, "data", "master", Fixture.write("/t.csv", "p,q\n9,9\n"), message: "rewrite")
        let reads = Atomic(0)
        let runs = try #require(
            try store.recordOrigins(of: Fixture.path("/t.csv"), in: Fixture.repo("data"), at: rewritten.id) {
                reads.add(1, ordering: .relaxed)
                return TextRecords.csv($0)
            })
        #expect(runs.map(\.records) == [0..<2])
        #expect(runs.map(\.commit.id) == [rewritten.id])
        #expect(reads.load(ordering: .relaxed) == 2)
        // From the start, every version is read back to the first.
        reads.store(0, ordering: .relaxed)
        _ = try store.recordOrigins(of: Fixture.path("/t.csv"), in: Fixture.repo("data"), at: head) {
            reads.add(1, ordering: .relaxed)
            return TextRecords.csv($0)
        }
        #expect(reads.load(ordering: .relaxed) == 4)
    }

    @Test func aFileThatIsNotTextHasNoRows() throws {
        let binary = try Fixture.commit(
            store, "data", "master", FileWrite(path: Fixture.path("/b.bin"), bytes: [0, 1, 2]))
        #expect(
            try store.recordOrigins(
                of: Fixture.path("/b.bin"), in: Fixture.repo("data"), at: binary.id, split: TextRecords.csv)
                == nil)
        let error = #expect(throws: StoreError.self) {
            try store.recordOrigins(
                of: Fixture.path("/docs"), in: Fixture.repo("data"), at: binary.id, split: TextRecords.csv)
        }
        #expect(error?.kind == .isDirectory)
    }
}
