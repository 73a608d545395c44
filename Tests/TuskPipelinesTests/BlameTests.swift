import Testing
import TuskCore
import TuskStore

@testable import TuskPipelines

/// `blame`'s pipeline side: the job that made a file's commit, and the data commits upstream.
@Suite struct PipelineBlameTests {
    let store: Store
    let engine: PipelineEngine
    let data = try! RepoName("data")

    init() throws {
        store = try Store.inMemory()
        engine = PipelineEngine(store: store, runner: CountingRunner(store: store))
        try store.createRepo(data)
        try store.put(
            [FileWrite(path: try RepoPath("/a.csv"), bytes: Array("x\n1\n".utf8))], repo: data, branch: .master)
    }

    @Test func aFileNamesItsJobAndTheDataUpstreamOfIt() throws {
        let dataCommit = try store.resolve(data, CommitRef(base: "master"))
        let counts = try RepoName("counts"), recount = try RepoName("recount")
        try engine.create(
            PipelineSpec(
                name: counts, input: .pfs(.init(repo: data, branch: .master, glob: "/*")), cmd: ["tusk", "count"]))
        try engine.create(
            PipelineSpec(
                name: recount, input: .pfs(.init(repo: counts, branch: .master, glob: "/")), cmd: ["tusk", "count"]))
        let jobs = try engine.sync()
        #expect(jobs.map(\.state) == [.success, .success])
        let head = try store.resolve(recount, CommitRef(base: "master"))
        let blamed = try engine.blame(repo: recount, commit: head.id, path: .root)
        #expect(blamed.map(\.origin.path.description) == ["/counts/data/a.csv"])
        #expect(blamed[0].job?.pipeline == "recount")
        #expect(blamed[0].origin.commit.id == head.id)
        // Two pipelines up, the data commit put by hand.
        #expect(blamed[0].data == [CommitAddress(repo: data, id: dataCommit.id)])
        #expect(blamed[0].origin.provenance.map(\.repo) == [counts])
        // Data put by hand: no job, and it is the data itself.
        let own = try engine.blame(repo: data, commit: dataCommit.id, path: .root)
        #expect(own.map { $0.job == nil && $0.data.isEmpty } == [true])
    }
}
