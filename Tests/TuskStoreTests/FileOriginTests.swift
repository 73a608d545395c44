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
        #expect(throws: StoreError.self) {
            try store.origin(of: Fixture.path("/nope"), in: Fixture.repo("models"), at: head.id)
        }
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
