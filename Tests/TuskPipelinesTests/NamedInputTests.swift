import Testing
import TuskArtifacts
import TuskCore
import TuskStore

@testable import TuskPipelines

/// Input names, Pachyderm's globs and multi-pipeline specs, run by the engine.
@Suite struct NamedInputTests {
    let store: Store
    let engine: PipelineEngine
    let data = try! RepoName("data")

    init() throws {
        store = try Store.inMemory()
        engine = PipelineEngine(store: store, runner: CountingRunner(store: store))
        try store.createRepo(data)
        try store.put(
            ["/train.csv", "/test.csv", "/valid.csv", "/parts/p1.csv", "/parts/p2.csv", "/parts/px.csv"].map {
                FileWrite(path: try RepoPath($0), bytes: Array("x\n1\n".utf8))
            }, repo: data, branch: .master)
    }

    func pfs(_ glob: String, name: String? = nil) -> PipelineSpec.Input {
        .pfs(.init(repo: data, branch: .master, glob: glob, name: name))
    }

    func outputs(_ pipeline: String) throws -> [String] {
        let repo = try RepoName(pipeline)
        let head = try store.resolve(repo, CommitRef(base: "master"))
        return try store.files(repo, head.id).map(\.path.description)
    }

    @Test func twoInputsOfOneRepoAreMountedUnderTheirNames() throws {
        let spec = PipelineSpec(
            name: try RepoName("pairs"),
            input: .cross([pfs("/train.csv", name: "fit"), pfs("/{test,valid}.csv", name: "check")]),
            cmd: ["tusk", "count"])
        try engine.create(spec)
        let jobs = try engine.sync()
        #expect(jobs.map(\.state) == [.success])
        #expect(jobs[0].datums.total == 2)  // 1 × 2
        #expect(try outputs("pairs") == ["/check/test.csv", "/check/valid.csv", "/fit/train.csv"])
    }

    @Test(arguments: [
        ("/parts/p[0-9].csv", 2), ("/parts/p[!0-9].csv", 1), ("/{train,test}.csv", 2), ("/*.csv", 3),
        ("/parts/(*).csv", 3), ("/**.csv", 6), ("/**/*.csv", 3), ("/parts", 1), ("/nothing*", 0),
    ])
    func globsSplitDatumsAsPachydermDoes(glob: String, datums: Int) throws {
        try engine.create(PipelineSpec(name: try RepoName("split"), input: pfs(glob), cmd: ["tusk", "count"]))
        #expect(
            try engine.plan(moving: data, branch: .master, to: store.resolve(data, CommitRef(base: "master")).id)
                .first?.datums == datums)
    }

    @Test func anEmptyFilesInputIsMountedAsEmptyFiles() throws {
        for empty in [false, true] {
            let datums = try engine.datums(
                .pfs(.init(repo: data, branch: .master, glob: "/*.csv", emptyFiles: empty)),
                inputs: [
                    .init(repo: "data", branch: "master", commit: store.resolve(data, CommitRef(base: "master")).id.hex)
                ])
            #expect(datums.count == 3 && datums.allSatisfy { $0["data"]?.emptyFiles == empty })
        }
    }

    @Test func aMountNameUsedTwiceIsRefusedAndCreatesNothing() throws {
        let spec = PipelineSpec(
            name: try RepoName("twice"), input: .cross([pfs("/train.csv"), pfs("/test.csv")]), cmd: ["tusk", "count"])
        let error = #expect(throws: PipelineError.self) { try engine.create(spec) }
        #expect(error?.message == "name \"data\" was used more than once")
        #expect((try? store.inspectRepo(try RepoName("twice"))) == nil)
    }

    @Test func severalPipelinesAreCreatedTogetherOrNotAtAll() throws {
        let first = PipelineSpec(name: try RepoName("first"), input: pfs("/"), cmd: ["tusk", "count"])
        let second = PipelineSpec(
            name: try RepoName("second"), input: .pfs(.init(repo: try RepoName("first"), branch: .master, glob: "/")),
            cmd: ["tusk", "count"])
        let broken = PipelineSpec(
            name: try RepoName("third"), input: .pfs(.init(repo: try RepoName("nope"), branch: .master, glob: "/")),
            cmd: ["tusk", "count"])
        let error = #expect(throws: PipelineError.self) { try engine.create([first, second, broken]) }
        #expect(error?.message.hasPrefix("pipeline 3 of 3 (third): repo 'nope' not found") == true)
        #expect(try engine.records().isEmpty)
        #expect(try store.listRepos().map(\.name) == [data])
        // The second reads the first's output, created in the same list.
        #expect(try engine.create([first, second]).map(\.version) == [1, 1])
        #expect(try engine.sync().map(\.pipeline) == ["first", "second"])
    }

    @Test func aStepThatMovesItsOwnInputFailsInsteadOfTriggeringItself() throws {
        struct Mover: StepRunner {
            let store: Store
            func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
                _ = try? store.put(
                    [FileWrite(path: try! RepoPath("/log"), bytes: [65])], repo: try! RepoName("data"), branch: .master)
                mounts.write(.bytes([1]), to: try! RepoPath("/out"))
                return []
            }
        }
        let engine = PipelineEngine(store: store, runner: Mover(store: store))
        try engine.create(PipelineSpec(name: try RepoName("loop"), input: pfs("/"), cmd: ["tusk", "count"]))
        let jobs = try engine.sync()
        #expect(jobs.map(\.state) == [.failure])
        #expect(jobs[0].log.contains { $0.contains("the step moved its own input data@master") })
        #expect(try store.listBranches(try RepoName("loop")).first?.head == nil)
    }
}
