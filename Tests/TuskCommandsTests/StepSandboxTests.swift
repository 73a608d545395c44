import Foundation
import Testing
import TuskArtifacts
import TuskCore
import TuskPipelines
import TuskStore

@testable import TuskCommands

/// A step's whole world is its inputs under /pfs/NAME and its output under /pfs/out: every
/// command of the DSL is tried as a step, and none changes the store, a deployment or the log.
@Suite struct StepSandboxTests {
    let directory: String
    let context: CommandContext
    let store: Store
    let data = try! RepoName("data")

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-step-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var csv = "id,x,group,y\n"
        for i in 0..<60 {
            csv += "\(i),\(i % 11 + (i % 3 == 0 ? 5 : 0)),\(i % 2 == 0 ? "a" : "b"),\(i % 3 == 0 ? "yes" : "no")\n"
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: directory + "/data.csv"))
        store = try Store.inMemory()
        context = CommandContext(store: store, baseDirectory: directory)
        for line in [
            "create repo data", "put file data@master:/data.csv -f data.csv",
            "train logistic on data.csv --target y --exclude id -o model.json",
            "put file data@master:/model.json -f model.json",
            "create deployment production", "release production data@master:/model.json",
            "predict production {\"x\": 1, \"group\": \"a\"}",
        ] {
            _ = try #require(try CommandSet.parse(line)).command.runErased(context)
        }
    }

    /// Everything a step must not change: repos, branch heads, records, the request log.
    func snapshot() throws -> [String] {
        var lines: [String] = []
        for repo in try store.listRepos() {
            for branch in try store.listBranches(repo.name) {
                lines.append("\(repo.name)@\(branch.name) \(branch.head?.hex ?? "-")")
            }
        }
        for collection in ["pipeline", "job", "deployment"] {
            lines += try store.documents(in: collection).map { "\(collection) \($0.key) \($0.value.count)" }
        }
        lines.append("log \(try store.loggedRequestCount(deployment: try DeploymentName("production")))")
        return lines
    }

    /// Runs `line` as a step of a job whose input `data` is mounted at /pfs/data.
    func step(_ line: String, deployment: DeploymentName? = nil) throws -> (
        lines: [String], failed: Bool, mounts: PFSMounts
    ) {
        let head = try store.resolve(data, CommitRef(base: "master"))
        let files = Dictionary(
            uniqueKeysWithValues: try store.files(data, head.id).compactMap { f in f.hash.map { (f.path, $0) } })
        let mounts = PFSMounts(
            inputs: ["data": .init(repo: data, commit: head.id, files: files)],
            job: .init(pipeline: "p", id: "0123456789ab", deployment: deployment))
        let runner = CommandStepRunner(store: store, files: context.files, seed: 0)
        do {
            return (try runner.run(script: [line], mounts: mounts), false, mounts)
        } catch {
            return (error.lines, true, mounts)
        }
    }

    @Test func everyCommandHasARule() {
        for type in CommandSet.all {
            #expect(StepSandbox.rules[type.declaration.name] != nil, "no step rule for '\(type.declaration.name)'")
        }
    }

    @Test func everyCommandAsAStepChangesNothingOutsideItsOutput() throws {
        let before = try snapshot()
        for type in CommandSet.all {
            let name = type.declaration.name
            for line in type.declaration.examples.isEmpty ? [name] : type.declaration.examples {
                let result = try step(line)
                switch StepSandbox.rule(for: name) {
                case .refused:
                    #expect(
                        result.failed && result.lines.first?.contains("cannot run in a pipeline step") == true,
                        "\(line): \(result.lines)")
                case .deploys:
                    #expect(
                        result.failed && result.lines.first?.contains("only a deploy pipeline") == true,
                        "\(line): \(result.lines)")
                case .runs:
                    // The examples name local files, store addresses and /pfs mounts of other
                    // pipelines: outside this step's inputs, refused.
                    #expect(
                        !result.failed || result.lines.first?.contains("pipeline step") == true
                            || result.lines.first?.contains("is not an input of this pipeline") == true,
                        "\(line): \(result.lines)")
                }
                #expect(try snapshot() == before, "\(line) changed the store")
            }
        }
    }

    @Test(arguments: [
        "describe /pfs/data/data.csv --target y",
        "train logistic on /pfs/data/data.csv --target y -o /pfs/out/model.json",
        "evaluate /pfs/data/model.json on /pfs/data/data.csv",
        "predict /pfs/data/model.json on /pfs/data/data.csv -o /pfs/out/p.csv",
        "inspect model /pfs/data/model.json",
        "help put file",
    ])
    func readingTheInputsAndWritingTheOutputRuns(line: String) throws {
        let before = try snapshot()
        let result = try step(line)
        #expect(!result.failed, "\(result.lines)")
        #expect(try snapshot() == before)
    }

    @Test(arguments: [
        ("put file data@master:/log -f /etc/hostname --append", "'put file' cannot run in a pipeline step"),
        ("get file data@master:/data.csv -o /pfs/out/x", "'get file' cannot run in a pipeline step"),
        ("describe data@master:/data.csv --target y", "a pipeline step reads only /pfs"),
        ("describe /etc/hostname", "a pipeline step reads only /pfs"),
        ("predict production {\"x\": 1, \"group\": \"a\"}", "cannot touch deployment 'production'"),
        ("explain production {\"x\": 1, \"group\": \"a\"}", "cannot touch deployment 'production'"),
        ("release production /pfs/data/model.json", "only a deploy pipeline releases"),
        ("create branch data@master --head master^", "'create branch' cannot run in a pipeline step"),
        ("feedback production -f /pfs/data/data.csv", "'feedback' cannot run in a pipeline step"),
    ])
    func reachingOutsideIsRefusedNamingTheRule(line: String, message: String) throws {
        let before = try snapshot()
        let result = try step(line)
        #expect(result.failed && result.lines.first?.contains(message) == true, "\(result.lines)")
        #expect(result.lines.contains { $0.hasPrefix(" --> <stdin:1>") }, "not located: \(result.lines)")
        #expect(try snapshot() == before)
    }

    @Test func aDeployStepReleasesToItsDeploymentOnly() throws {
        let other = try step("release production /pfs/data/model.json", deployment: try DeploymentName("staging"))
        #expect(other.failed && other.lines.first?.contains("releases only to 'staging'") == true, "\(other.lines)")
        // Its own deployment passes the sandbox and reaches the router, which answers for itself
        // (the model is already live there).
        let own = try step("release production /pfs/data/model.json", deployment: try DeploymentName("production"))
        #expect(own.lines.first?.contains("already serves") == true, "\(own.lines)")
    }

    @Test func createPipelineRefusesAStepThatWouldLeaveItsSandbox() throws {
        let line =
            "create pipeline leak --input data@master:/ --step \"put file data@master:/log -f /etc/hostname --append\""
        let error = #expect(throws: Diagnostic.self) {
            _ = try #require(try CommandSet.parse(line)).command.runErased(context)
        }
        #expect(error?.message.contains("'put file' cannot run in a pipeline step") == true)
        #expect((try? store.inspectRepo(try RepoName("leak"))) == nil)
        let spec = directory + "/leak.yaml"
        try Data(
            "pipeline: {name: leak}\ninput: {pfs: {repo: data, glob: /}}\ntransform:\n  cmd: [tusk]\n  stdin:\n    - describe /pfs/data/data.csv\n    - release production /pfs/data/model.json\n"
                .utf8
        ).write(to: URL(fileURLWithPath: spec))
        let fromFile = #expect(throws: Diagnostic.self) {
            _ = try #require(try CommandSet.parse("create pipeline -f leak.yaml")).command.runErased(context)
        }
        #expect(
            fromFile?.message.hasPrefix("leak.yaml:7:7: transform.stdin: 'release' cannot run in a pipeline step")
                == true, "\(fromFile?.message ?? "")")
    }
}
