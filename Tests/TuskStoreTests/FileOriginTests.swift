import Foundation
import Testing
import TuskCore

@testable import TuskStore

/// A file names the commit that wrote it, and keeps the provenance of that write.
@Suite struct FileOriginTests {
    let store: Store
    let data: CommitInfo

    init() throws {
        store = try Store.inMemory()
        try store.createRepo(Fixture.repo("data"))
        try store.createRepo(Fixture.repo("models"))
        data = try Fixture.commit(store, "data", "master", Fixture.write("/train.csv", "x,y\n"))
    }

    @Test func theWriterOfEachFileNotTheHead() throws {
        let source = CommitAddress(repo: Fixture.repo("data"), id: data.id)
        try store.put(
            [Fixture.write("/census.json", "{}")], repo: Fixture.repo("models"), branch: Fixture.branch("master"),
            provenance: [source])
        let first = try store.resolve(Fixture.repo("models"), CommitRef(base: "master"))
        let second = try Fixture.commit(store, "models", "master", Fixture.write("/vendor.json", "[]"))
        for _ in 0..<9 { try Fixture.commit(store, "models", "master", Fixture.write("/other.txt", UUID().uuidString)) }
        let head = try store.resolve(Fixture.repo("models"), CommitRef(base: "master"))
        let census = try store.origin(of: Fixture.path("/census.json"), in: Fixture.repo("models"), at: head.id)
        #expect(census.commit.id == first.id)
        #expect(census.provenance == [source])
        let vendor = try store.origin(of: Fixture.path("/vendor.json"), in: Fixture.repo("models"), at: head.id)
        #expect(vendor.commit.id == second.id)
        #expect(vendor.provenance.isEmpty)
        let error = #expect(throws: StoreError.self) {
            try store.origin(of: Fixture.path("/nope"), in: Fixture.repo("models"), at: head.id)
        }
        #expect(error?.kind == .fileNotFound)
    }

    @Test func aWriteMayNameItsOwnProvenance() throws {
        let other = try Fixture.commit(store, "data", "master", Fixture.write("/test.csv", "x,y\n"))
        let first = CommitAddress(repo: Fixture.repo("data"), id: data.id)
        let second = CommitAddress(repo: Fixture.repo("data"), id: other.id)
        let result = try store.put(
            [
                FileWrite(path: Fixture.path("/a/model.json"), source: .bytes(Array("{}".utf8)), provenance: [first]),
                Fixture.write("/b/report.json", "[]"),
            ], repo: Fixture.repo("models"), branch: Fixture.branch("master"), provenance: [first, second])
        guard case .committed(let commit) = result else { Issue.record("not committed"); return }
        let a = try store.origin(of: Fixture.path("/a/model.json"), in: Fixture.repo("models"), at: commit.id)
        let b = try store.origin(of: Fixture.path("/b/report.json"), in: Fixture.repo("models"), at: commit.id)
        #expect(a.provenance == [first])
        #expect(b.provenance == [first, second].sorted())
        #expect(commit.provenance == [first, second].sorted())
    }

    @Test func anOpenCommitKeepsEachOutputsProvenance() throws {
        let other = try Fixture.commit(store, "data", "master", Fixture.write("/test.csv", "x,y\n"))
        let models = Fixture.repo("models"), master = Fixture.branch("master")
        try store.startCommit(models, master)
        try store.put(
            [Fixture.write("/a.json", "1")], repo: models, branch: master,
            provenance: [CommitAddress(repo: Fixture.repo("data"), id: data.id)])
        try store.put(
            [Fixture.write("/b.json", "2")], repo: models, branch: master,
            provenance: [CommitAddress(repo: Fixture.repo("data"), id: other.id)])
        let commit = try store.finishCommit(models, master)
        #expect(Set(commit.provenance.map(\.id)) == [data.id, other.id])
        #expect(
            try store.origin(of: Fixture.path("/a.json"), in: models, at: commit.id).provenance.map(\.id) == [data.id])
        #expect(
            try store.origin(of: Fixture.path("/b.json"), in: models, at: commit.id).provenance.map(\.id) == [other.id])
        #expect(try store.subvenance(of: other.id).map(\.id) == [commit.id])
    }
}

/// Engines' records live beside the data and commit with it.
@Suite struct DocumentTests {
    @Test func documentsAreWrittenWithTheirCommitOrNotAtAll() throws {
        let store = try Store.inMemory()
        try store.createRepo(Fixture.repo("r"))
        let job = Document(collection: "job", key: "1", value: Data("{\"state\":\"success\"}".utf8))
        try store.put(
            [Fixture.write("/a", "1")], repo: Fixture.repo("r"), branch: Fixture.branch("master"), documents: [job])
        #expect(try store.documents(in: "job") == [job])
        // A put that fails (a path under a file) writes no document either.
        let failed = Document(collection: "job", key: "2", value: Data("{}".utf8))
        let error = #expect(throws: StoreError.self) {
            try store.put(
                [Fixture.write("/a/b", "2")], repo: Fixture.repo("r"), branch: Fixture.branch("master"),
                documents: [failed])
        }
        #expect(error?.kind == .underFile)
        #expect(try store.document(in: "job", key: "2") == nil)
        try store.write(documents: [], deleting: [("job", "1")])
        #expect(try store.documents(in: "job").isEmpty)
    }

    @Test func aFileCopiedByReferenceReadsNoBytes() throws {
        let store = try Store.inMemory()
        try store.createRepo(Fixture.repo("a"))
        try store.createRepo(Fixture.repo("b"))
        let source = try Fixture.commit(store, "a", "master", Fixture.write("/m.json", "{\"w\": 1}"))
        let hash = try #require(try store.files(Fixture.repo("a"), source.id).first?.hash)
        let before = try store.blobCount()
        let copy = try store.put(
            [FileWrite(path: Fixture.path("/x/m.json"), source: .content(hash))], repo: Fixture.repo("b"),
            branch: Fixture.branch("master"))
        guard case .committed(let commit) = copy else {
            Issue.record("not committed")
            return
        }
        #expect(try store.readFile(Fixture.repo("b"), commit.id, Fixture.path("/x/m.json")) == Array("{\"w\": 1}".utf8))
        #expect(try store.blobCount() == before)
        let error = #expect(throws: StoreError.self) {
            try store.put(
                [FileWrite(path: Fixture.path("/y"), source: .content(ContentHash(of: [9])))], repo: Fixture.repo("b"),
                branch: Fixture.branch("master"))
        }
        #expect(error?.kind == .fileNotFound)
    }
}
