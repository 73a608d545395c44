import Foundation
import Synchronization
import Testing
import TuskArtifacts
import TuskCore
import TuskStore

@testable import TuskPipelines

/// A step runner for tests: `count FILE…` writes each file's line count; `fail` fails.
struct CountingRunner: StepRunner {
    let store: Store
    let calls = Counter()

    final class Counter: Sendable {
        let value = Atomic(0)
    }

    func run(_ command: [String], mounts: PFSMounts) throws(StepFailure) -> [String] {
        calls.value.add(1, ordering: .relaxed)
        guard command.first == "count" else { throw StepFailure(lines: ["error: no such step '\(command[0])'"]) }
        for (name, input) in mounts.inputs.sorted(by: { $0.key < $1.key }) {
            for path in input.files.keys.sorted() {
                let bytes = (try? store.readFile(input.repo, input.commit, path)) ?? []
                let lines = bytes.filter { $0 == 10 }.count
                mounts.write(.bytes(Array("\(lines)\n".utf8)), to: RepoPath.root.appending(name).appendingPath(path))
            }
        }
        return ["counted"]
    }
}

@Suite struct PipelineEngineTests {
    let store: Store
    let runner: CountingRunner
    let engine: PipelineEngine
    let data = try! RepoName("data")

    init() throws {
        store = try Store.inMemory()
        runner = CountingRunner(store: store)
        engine = PipelineEngine(store: store, runner: runner)
        try store.createRepo(data)
        try store.createBranch(data, try BranchName("staging"))
        try store.put(
            [
                FileWrite(path: try RepoPath("/a.csv"), bytes: Array("x\n1\n".utf8)),
                FileWrite(path: try RepoPath("/b.csv"), bytes: Array("x\n1\n2\n".utf8)),
            ], repo: data, branch: try BranchName("staging"))
    }

    func spec(_ name: String, glob: String = "/*", cmd: [String] = ["tusk", "count"]) throws -> PipelineSpec {
        PipelineSpec(name: try RepoName(name), input: .pfs(.init(repo: data, branch: .master, glob: glob)), cmd: cmd)
    }

    func moveMaster(to ref: String) throws {
        let head: CommitRef = try #require(CommitRef(parsing: ref))
        _ = try store.createBranch(data, .master, head: head)
    }

    @Test func aNewHeadRunsAJobWithOneDatumPerFile() throws {
        try engine.create(try spec("counts"))
        #expect(try engine.sync().isEmpty)  // master has no commit yet
        try moveMaster(to: "staging")
        let jobs = try engine.sync()
        #expect(jobs.map(\.state) == [.success])
        #expect(jobs[0].datums == JobRecord.Datums(total: 2, processed: 2, skipped: 0, failed: 0))
        let output = try store.resolve(try RepoName("counts"), CommitRef(base: "master"))
        #expect(try store.readFile(try RepoName("counts"), output.id, try RepoPath("/data/b.csv")) == Array("3\n".utf8))
        #expect(output.provenance.map(\.repo) == [data])
        #expect(try engine.sync().isEmpty)  // nothing moved since
    }

    @Test func aDatumSeenBeforeIsReusedAndARollbackGivesTheSameCommit() throws {
        try engine.create(try spec("counts"))
        try moveMaster(to: "staging")
        let first = try engine.sync()[0]
        // Change one file: one datum processed, the other reused.
        try store.put(
            [FileWrite(path: try RepoPath("/a.csv"), bytes: Array("x\n".utf8))], repo: data,
            branch: try BranchName("staging"))
        try moveMaster(to: "staging")
        let second = try engine.sync()[0]
        #expect(second.datums.processed == 1 && second.datums.skipped == 1)
        #expect(runner.calls.value.load(ordering: .relaxed) == 3)
        // Back to the first data commit: the first job's output commit, nothing run.
        try moveMaster(to: "master^")
        let third = try engine.sync()[0]
        #expect(third.output == first.output)
        #expect(third.datums.skipped == 2)
        #expect(runner.calls.value.load(ordering: .relaxed) == 3)
    }

    @Test func aFailedJobWritesNothingAndItsDownstreamIsUnrunnable() throws {
        try engine.create(try spec("broken", cmd: ["tusk", "fail"]))
        try engine.create(
            PipelineSpec(
                name: try RepoName("after"),
                input: .pfs(.init(repo: try RepoName("broken"), branch: .master, glob: "/")), cmd: ["tusk", "count"]))
        try moveMaster(to: "staging")
        let jobs = try engine.sync()
        #expect(jobs.map(\.state) == [.failure, .unrunnable])
        #expect(jobs[0].log.contains("  error: no such step 'fail'"))
        #expect(try store.listCommits(try RepoName("broken")).isEmpty)
    }

    @Test func aJobLeftRunningByADeadProcessIsKilledAndRerunCompletesIt() throws {
        let record = try engine.create(try spec("counts"))
        try moveMaster(to: "staging")
        // What a process killed mid-job leaves: the job on record as running, no output commit.
        let inputs = try #require(try engine.heads(of: record))
        var updated = record
        updated.lastInputs = inputs
        let orphan = JobRecord(
            id: String(repeating: "ab", count: 32), number: 1, pipeline: "counts", version: 1, state: .running,
            inputs: inputs, process: Int32.max - 1)
        try store.write(documents: [
            PipelineEngine.document(orphan), PipelineEngine.document(updated),
            Document(collection: PipelineEngine.running, key: orphan.id, value: Data()),
        ])
        #expect(try engine.sync().isEmpty)
        #expect(try engine.job("abab").state == .killed)
        let rerun = try engine.rerun("counts")
        #expect(rerun.map(\.state) == [.success])
        #expect(try store.listCommits(try RepoName("counts")).count == 1)
    }

    @Test func aDryRunPlansWithoutRunning() throws {
        try engine.create(try spec("counts"))
        let head = try store.resolve(data, CommitRef(base: "staging"))
        let plan = try engine.plan(moving: data, branch: .master, to: head.id)
        #expect(plan == [PlannedJob(pipeline: "counts", datums: 2, afterUpstream: false)])
        #expect(try engine.jobRecords().isEmpty)
    }

    @Test func cyclesAndUnknownInputsAreRefused() throws {
        try engine.create(try spec("first"))
        try engine.create(
            PipelineSpec(
                name: try RepoName("second"), input: .pfs(.init(repo: try RepoName("first"), branch: .master)),
                cmd: ["tusk", "count"]))
        let cycle = #expect(throws: PipelineError.self) {
            try engine.create(
                PipelineSpec(
                    name: try RepoName("first"), input: .pfs(.init(repo: try RepoName("second"), branch: .master)),
                    cmd: ["tusk", "count"]), update: true)
        }
        #expect(cycle?.message == "the pipelines would form a cycle: first -> second -> first")
        let missing = #expect(throws: PipelineError.self) {
            try engine.create(
                PipelineSpec(
                    name: try RepoName("third"), input: .pfs(.init(repo: try RepoName("nope"), branch: .master)),
                    cmd: ["tusk", "count"]))
        }
        #expect(missing?.kind == .badInput)
        let dependents = #expect(throws: PipelineError.self) { try engine.delete("first", force: false) }
        #expect(dependents?.kind == .hasDependents)
        #expect(try engine.delete("first", force: true) == ["first", "second"])
    }
}

@Suite struct SpecParserTests {
    @Test func readsPachydermsShape() throws {
        let spec = try SpecParser.parse(
            """
            {"pipeline": {"name": "train"}, "description": "d",
             "input": {"cross": [{"pfs": {"repo": "a", "glob": "/*"}}, {"pfs": {"repo": "b", "branch": "dev", "glob": "/"}}]},
             "transform": {"cmd": ["tusk", "train", "logistic"]}}
            """, file: "s.json")
        #expect(spec.name.rawValue == "train")
        #expect(spec.input.leaves.map(\.glob) == ["/*", "/"])
        #expect(spec.input.leaves.map(\.branch.rawValue) == ["master", "dev"])
        #expect(spec.command == ["train", "logistic"])
    }

    @Test(
        arguments: [
            (
                "pipeline: {name: x}\ninput: {pfs: {repo: a}}\ntransfrom: {cmd: [tusk]}\n",
                "unknown field 'transfrom' in the spec", 3, 1
            ),
            (
                "pipeline: {name: x}\ninput: {pfs: {rep: a}}\ntransform: {cmd: [tusk]}\n",
                "unknown field 'rep' in input.pfs", 2, 15
            ),
            (
                "pipeline: {name: x}\ninput: {pfs: {repo: a, glob: /}}\ntransform: {cmd: tusk}\n",
                "transform.cmd must be a list of words", 3, 18
            ),
            ("pipeline: {name: x}\ntransform: {cmd: [tusk]}\n", "the spec has no 'input'", 1, 1),
            (
                "pipeline: {name: x}\ninput: {pfs: {repo: a, glob: /}}\ntransform: {cmd: [python, x.py]}\n",
                "transform.cmd must run tusk, not 'python'", 3, 19
            ),
            ("{\"pipeline\": {\"name\": \"x\"},\n \"input\": [\n", "not valid YAML or JSON", 3, 1),
        ] as [(String, String, Int, Int)])
    func locatesEveryMistake(text: String, message: String, line: Int, column: Int) {
        let error = #expect(throws: PipelineError.self) { try SpecParser.parse(text, file: "bad.yaml") }
        #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error?.message))")
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.file == "bad.yaml")
    }
}
