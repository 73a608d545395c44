import Foundation
import Testing
import TuskCore
import TuskPipelines
import TuskStore

@testable import TuskCommands
@testable import TuskRuntime

/// The exported deploy step (its spec, its RBAC, `tusk export seldon-model`) and the names the
/// export refuses because the cluster would give two things one name.
@Suite struct ClusterDeployTests {
    let fixture: ClusterFixture

    init() throws { fixture = try ClusterFixture() }

    func run(_ lines: [String]) {
        for line in lines {
            #expect(fixture.session.execute(SourceText(name: "<t>", text: line)).succeeded, "\(line)")
        }
    }

    @Test func aCanaryAndADeploymentOfItsNameAreRefused() throws {
        run(["create deployment production-canary-1", "release production-canary-1 income_training@master"])
        let error = ClusterExportTests.error { () throws(ClusterExportError) in
            _ = try ClusterExport(store: try! fixture.store).files()
        }
        #expect(
            error?.message
                == "deployment 'production' canary-1 and deployment 'production-canary-1' both become Model/production-canary-1 on the cluster"
        )
        #expect(error?.kind == .badName)
    }

    @Test func pipelinesWhoseWorkersShareANameAreRefused() throws {
        run([
            "create pipeline copy_a --input income_data@master:/ --collect",
            "create pipeline Copy-a --input income_data@master:/ --collect",
        ])
        let error = ClusterExportTests.error { () throws(ClusterExportError) in
            _ = try ClusterExport(store: try! fixture.store).files()
        }
        let message = try #require(error?.message)
        #expect(message.contains("pipeline 'copy_a'") && message.contains("pipeline 'Copy-a'"), "\(message)")
        #expect(message.hasSuffix(" both become ReplicationController/pipeline-copy-a-v1 on the cluster"))
    }

    @Test func aDeployStepUploadsToGCSOrS3Only() throws {
        let store = try fixture.store
        let error = ClusterExportTests.error { () throws(ClusterExportError) in
            _ = try ClusterExport(store: store, options: .init(storage: "hdfs://cluster/models")).files()
        }
        #expect(error?.kind == .unsupported)
        #expect(
            error?.message
                == "the deploy step 'deploy_production' uploads models to gs:// or s3:// only, not 'hdfs://cluster/models'"
        )
        #expect(error?.help == "export with --storage gs://BUCKET/PATH or s3://BUCKET/PATH")
        #expect(
            ClusterExport.Options(image: "r.example:5000/team/tusk:1").deployImage
                == "r.example:5000/team/tusk-deploy:1")
        #expect(ClusterExport.Options(image: "tusk@sha256:ab").deployImage == "tusk-deploy@sha256:ab")
    }

    @Test func theDeploySpecReadsBackOnlyInTheShapeTheExportWrites() throws {
        _ = try fixture.export()
        let spec = try #require(fixture.read("pipelines/deploy_production.json"))
        let parsed = try SpecParser.parse(spec, file: "deploy.json")
        #expect(parsed.cmd == ["tusk", "release", "production", "/pfs/income_training"])
        #expect(parsed.deployment?.rawValue == "production")
        func refusal(_ text: String) -> String? {
            do {
                _ = try SpecParser.parse(text, file: "deploy.json")
                return nil
            } catch { return error.message }
        }
        // Another service account is not read, nor another script, nor a missing variable.
        #expect(
            refusal(spec.replacingOccurrences(of: "tusk-deploy\\\"}]", with: "Admin\\\"}]"))
                == "podPatch is read only as a deploy step's service account, as the cluster export writes it")
        #expect(
            refusal(spec.replacingOccurrences(of: "rclone copy", with: "rclone sync"))
                == "'podPatch' in the spec is Pachyderm's, not supported by tusk")
        #expect(
            refusal(spec.replacingOccurrences(of: "\"SELDON_NAMESPACE\" : \"seldon-mesh\",", with: ""))
                == "the spec has no 'transform.env.SELDON_NAMESPACE'")
        // A spec of another step with an env is refused as before.
        let training = try #require(fixture.read("pipelines/income_training.json"))
        #expect(
            refusal(
                training.replacingOccurrences(
                    of: "\"transform\" : {", with: "\"transform\" : {\"env\": {\"A\": \"b\"},"))
                == "'env' in transform is Pachyderm's, not supported by tusk")
    }

    @Test func theStepWritesTheModelItsCommitAndTheTritonFolder() throws {
        let store = try fixture.store
        let repo = try RepoName("income_training")
        let head = try #require(try store.listBranches(repo).first { $0.name == .master }?.head)
        let bytes = try store.readFile(repo, head, try RepoPath("/model.json"))
        let commit = "0123456789abcdef0123456789abcdef"
        let export = SeldonModelExport(
            deployment: try DeploymentName("Production"), repo: "income_training", commit: commit, path: "/model.json",
            storage: "gs://bucket/tusk/")
        let files = try export.files(model: bytes)
        #expect(
            files.map(\.path) == [
                "models/income_training-0123456789ab/1/model.onnx", "models/income_training-0123456789ab/config.pbtxt",
                "models/income_training-0123456789ab/model.json", "seldon/production.yaml",
            ])
        let yaml = try #require(files.last?.text)
        #expect(yaml.contains("\n  name: production\n"))
        #expect(yaml.contains("\n    tusk/commit: \"\(commit)\"\n"))
        #expect(yaml.contains("\n    tusk/model: income_training@\(commit):/model.json\n"))
        #expect(yaml.contains("\n    tusk/role: live\n"))
        #expect(yaml.contains("\n  storageUri: gs://bucket/tusk/income_training-0123456789ab\n"))
        // The same Triton configuration as the export's for the same model.
        let exported = try fixture.export()
        let config = try #require(files.first { $0.path.hasSuffix("config.pbtxt") }?.text)
        let folder = "income_training-\(head.hex.prefix(12))"
        let other = try #require(exported.first { $0.path == "models/\(folder)/config.pbtxt" }?.text)
        #expect(config == other.replacingOccurrences(of: folder, with: "income_training-0123456789ab"))

        let directory = fixture.outputDirectory("step")
        try SeldonModelExport.write(files, to: directory)
        #expect(
            FileManager.default.contents(atPath: directory + "/models/income_training-0123456789ab/model.json").map {
                Array($0)
            } == bytes)
        let bad = SeldonModelExport(
            deployment: try DeploymentName("production"), repo: "income_training", commit: "HEAD", path: "/model.json",
            storage: "gs://b")
        let error = ClusterExportTests.error { () throws(ClusterExportError) in _ = try bad.files(model: bytes) }
        #expect(error?.message == "'HEAD' is not a commit id")
        #expect(error?.help == "pass the input commit's id, in a Pachyderm step \"$income_training_COMMIT\"")
    }

    @Test(.enabled(if: Validation.unavailable == nil, Validation.reason))
    func theStepsSeldonFileValidatesAgainstTheRealSchema() throws {
        let store = try fixture.store
        let repo = try RepoName("income_training")
        let head = try #require(try store.listBranches(repo).first { $0.name == .master }?.head)
        let export = SeldonModelExport(
            deployment: try DeploymentName("production"), repo: "income_training",
            commit: "0123456789abcdef0123456789abcdef",
            path: "/model.json", storage: "gs://bucket/tusk/")
        let directory = fixture.outputDirectory("step")
        try SeldonModelExport.write(
            try export.files(model: try store.readFile(repo, head, try RepoPath("/model.json"))), to: directory)
        let (status, output) = try Validation.run(directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("ok   seldon/production.yaml\n1 valid, 0 invalid"))
    }

    @Test func theDockerfileBuildsFromACleanCloneWithoutItsBuildDirectory() throws {
        let files = try fixture.export()
        let dockerfile = try #require(files.first { $0.path == "Dockerfile" }?.text)
        // A wildcard copies Package.resolved when it exists; Package.swift always matches.
        #expect(dockerfile.contains("\nCOPY Package.swift Package.resolve[d] ./\n"))
        #expect(dockerfile.contains("\nFROM ubuntu:24.04 AS tusk\n"))
        #expect(dockerfile.contains("\nFROM tusk AS deploy\n"))
        #expect(dockerfile.contains("| sha256sum --check"))
        let ignore = try #require(files.first { $0.path == "Dockerfile.dockerignore" }?.text)
        let rules = ignore.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rules == ["*", "!Package.swift", "!Package.resolved", "!Sources", "!Tests", "**/.build"])
    }
}
