import Foundation
import Testing
import TuskCore
import TuskPipelines
import TuskServing
import TuskStore

@testable import TuskCommands
@testable import TuskRuntime

/// A store holding what `tusk export k8s` exports: a training pipeline (with a description), a
/// step that writes no file (`evaluate`, on a cross), a collector, a collector of a spec file's
/// `empty_files` input, a deploy pipeline, and a deployment with a live model, a canary and two
/// shadows, built by running commands through a ``Session``.
struct ClusterFixture {
    let session: Session
    let directory: String

    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-k8s-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(
            """
            {"pipeline": {"name": "names"},
             "input": {"pfs": {"repo": "income_data", "glob": "/*", "empty_files": true}},
             "transform": {"cmd": ["tusk", "collect"]}}
            """.utf8
        ).write(to: URL(fileURLWithPath: directory + "/names.json"))
        session = Session(store: try Store.inMemory(), baseDirectory: Self.datasets)
        for line in [
            "create repo income_data",
            "put file income_data@master:/train.csv -f census.csv",
            "put file income_data@master:/test.csv -f census_test.csv",
            "create pipeline income_training --input income_data@master:/ --description \"census model\" --step \"train logistic on /pfs/income_data/train.csv --target income -o /pfs/out/model.json\"",
            "create pipeline evaluation --input income_training@master:/,income_data@master:/ --step \"evaluate /pfs/income_training/model.json on /pfs/income_data/test.csv\"",
            "create pipeline models --input income_training@master:/,evaluation@master:/ --collect",
            "create pipeline -f \(directory)/names.json",
            "create deployment production",
            "create branch income_training@production --head master",
            "create pipeline deploy_production --input income_training@production:/ --deploy production",
            "put file income_data@master:/train.csv -f vendor.csv",
            "put file income_data@master:/train.csv -f collected.csv",
            "put file income_data@master:/train.csv -f census_test.csv",
            "canary production income_training@master^^ --traffic 25",
            "shadow production income_training@master^",
            "shadow production income_training@master",
        ] {
            let result = session.execute(SourceText(name: "<fixture>", text: line))
            guard result.succeeded else { throw FixtureError(line: line, error: result.error) }
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        let line: String
        let error: Diagnostic?
        var description: String { "\(line): \(error.map { $0.message } ?? "?")" }
    }

    var store: Store { get throws { try session.store } }

    /// A fresh directory for an export.
    func outputDirectory(_ name: String = "out") -> String { directory + "/" + name }

    func export(to name: String = "out", options: ClusterExport.Options = .init()) throws -> [ExportedFile] {
        let export = ClusterExport(store: try store, options: options)
        let files = try export.files()
        try export.write(files, to: outputDirectory(name))
        return files
    }

    func read(_ path: String, in name: String = "out") -> String? {
        FileManager.default.contents(atPath: outputDirectory(name) + "/" + path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

}

/// `python3 bench/validate_manifests.py DIR SCHEMAS`, and whether it can run here.
enum Validation {
    static let schemas = URL(fileURLWithPath: ClusterFixture.project).appendingPathComponent("../shared/schemas")
        .standardizedFileURL.path

    /// Why the validator cannot run here (no schemas, no python3, or no jsonschema or PyYAML),
    /// or nil when it can; checked once, so the test that needs it is skipped, and counted so.
    static let unavailable: String? = {
        guard FileManager.default.fileExists(atPath: schemas) else {
            return "\(schemas) is absent: the real Pachyderm and Seldon schemas are needed"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema, yaml"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return "cannot start /usr/bin/env python3: \(error)" }
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return nil
        case 127: return "python3 is not installed"
        default: return "jsonschema or PyYAML is not installed (pip install jsonschema pyyaml)"
        }
    }()

    /// The skip's reason.
    static let reason = Comment(rawValue: unavailable ?? "")

    static func run(_ directory: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ClusterFixture.project + "/bench/validate_manifests.py", directory, schemas]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

@Suite struct ClusterExportTests {
    let fixture: ClusterFixture

    init() throws { fixture = try ClusterFixture() }

    @Test(.enabled(if: Validation.unavailable == nil, Validation.reason))
    func exportedFilesValidateAgainstTheRealSchemas() throws {
        _ = try fixture.export()
        let (status, output) = try Validation.run(fixture.outputDirectory())
        #expect(status == 0, "\(output)")
        #expect(
            output.split(separator: "\n").map(String.init) == [
                "ok   pipelines/deploy_production.json",
                "ok   pipelines/evaluation.json",
                "ok   pipelines/income_training.json",
                "ok   pipelines/models.json",
                "ok   pipelines/names.json",
                "ok   rbac/tusk-deploy.yaml",
                "ok   seldon/production.yaml",
                "7 valid, 0 invalid (self-check: 17 cases passed)",
            ])

        // The same files, broken as a careless exporter would break them, fail.
        let broken = fixture.outputDirectory("broken")
        try FileManager.default.copyItem(atPath: fixture.outputDirectory(), toPath: broken)
        let deploy = try #require(fixture.read("pipelines/deploy_production.json"))
        try Data(deploy.replacingOccurrences(of: "\"reprocessSpec\"", with: "\"reprocess_spec\"").utf8)
            .write(to: URL(fileURLWithPath: broken + "/pipelines/deploy_production.json"))
        let seldon = try #require(fixture.read("seldon/production.yaml"))
        let number = try #require(
            try DeploymentRegistry(store: try fixture.store).named(try DeploymentName("production")).current?.number)
        #expect(seldon.contains("tusk/release: \"\(number)\"\n"))
        try Data(seldon.replacingOccurrences(of: "tusk/release: \"\(number)\"", with: "tusk/release: \(number)").utf8)
            .write(to: URL(fileURLWithPath: broken + "/seldon/production.yaml"))
        let (brokenStatus, brokenOutput) = try Validation.run(broken)
        #expect(brokenStatus == 1)
        let failures = brokenOutput.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(failures.contains { $0.contains("pipelines/deploy_production.json: (top): Additional properties") })
        #expect(failures.contains { $0.contains("seldon/production.yaml: document 1 (Model) metadata.annotations") })
        #expect(brokenOutput.contains("5 valid, 2 invalid"))
    }

    @Test func pipelineSpecsReadBackAsTheStoreHoldsThem() throws {
        let files = try fixture.export()
        let records = try fixture.session.context.pipelines.records()
        #expect(
            records.map(\.spec.name.rawValue) == [
                "income_training", "names", "deploy_production", "evaluation", "models",
            ])
        for record in records {
            let path = "pipelines/\(record.spec.name).json"
            let text = try #require(files.first { $0.path == path }?.text)
            #expect(fixture.read(path) == text)
            // What `create pipeline -f` reads: the same spec, command included.
            #expect(try SpecParser.parse(text, file: path) == record.spec)
        }
        let training = try #require(fixture.read("pipelines/income_training.json"))
        #expect(training.contains("\"description\" : \"census model\""))
        #expect(training.contains("\"image\" : \"REGISTRY/tusk:TAG\""))
        // A step that writes no file saves what it prints, as the embedded engine does.
        let evaluation = try #require(fixture.read("pipelines/evaluation.json"))
        #expect(
            evaluation.contains(
                "\"tusk evaluate /pfs/income_training/model.json on /pfs/income_data/test.csv --format json > /pfs/out/result.json\""
            ))
        #expect(evaluation.contains("\"cross\" : ["))
        let deploy = try #require(fixture.read("pipelines/deploy_production.json"))
        #expect(deploy.contains("\"reprocessSpec\" : \"every_job\""))
        // `release production /pfs/income_training`, as a script that exports, uploads and applies.
        let release = try #require(records.first { $0.spec.name.rawValue == "deploy_production" }?.spec.cmd)
        #expect(release == ["tusk", "release", "production", "/pfs/income_training"])
        let script = try #require(SpecParser.DeployStep.command(release)?[2])
        #expect(
            script == """
                # tusk release production /pfs/income_training
                set -eu
                tusk export seldon-model production /pfs/income_training --commit "$(printenv income_training_COMMIT)" --storage "$TUSK_STORAGE" -o /pfs/out
                rclone copy /pfs/out/models "$TUSK_RCLONE_STORAGE"
                kubectl apply -n "$SELDON_NAMESPACE" -f /pfs/out/seldon
                kubectl wait -n "$SELDON_NAMESPACE" --for condition=ready --timeout 300s -f /pfs/out/seldon

                """)
        #expect(deploy.contains("\"image\" : \"REGISTRY/tusk-deploy:TAG\""))
        #expect(
            deploy.contains(
                "\"podPatch\" : \"[{\\\"op\\\":\\\"add\\\",\\\"path\\\":\\\"/serviceAccountName\\\",\\\"value\\\":\\\"tusk-deploy\\\"}]\""
            ))
        #expect(deploy.contains("\"TUSK_RCLONE_STORAGE\" : \":gcs:BUCKET/tusk-models\""))
        #expect(deploy.contains("\"branch\" : \"production\""))
        let names = try #require(fixture.read("pipelines/names.json"))
        #expect(names.contains("\"emptyFiles\" : true") && names.contains("\"glob\" : \"/*\""))
        let models = try #require(fixture.read("pipelines/models.json"))
        #expect(models.contains("\"cmd\" : [\n      \"tusk\",\n      \"collect\"\n    ]"))
    }

    @Test func seldonResourcesFollowTheCurrentRelease() throws {
        let files = try fixture.export(options: .init(image: "registry.example/tusk:1", storage: "s3://models/tusk/"))
        let deployment = try DeploymentRegistry(store: try fixture.store).named(try DeploymentName("production"))
        let release = try #require(deployment.current)
        #expect(release.predictors.map(\.name.rawValue) == ["live", "canary-1", "shadow-1", "shadow-2"])
        let yaml = try #require(fixture.read("seldon/production.yaml"))
        let documents = yaml.components(separatedBy: "---\n")
        #expect(documents.count == 6)  // the header, four Models, one Experiment
        for (index, name) in ["production", "production-canary-1", "production-shadow-1", "production-shadow-2"]
            .enumerated()
        {
            let predictor = release.predictors[index]
            let folder = "\(predictor.model.repo)-\(predictor.model.commit.short)"
            #expect(documents[index + 1].contains("\nkind: Model\n"))
            #expect(documents[index + 1].contains("\n  name: \(name)\n"))
            #expect(documents[index + 1].contains("\n  storageUri: s3://models/tusk/\(folder)\n"))
            #expect(documents[index + 1].contains("\n    tusk/release: \"\(release.number)\"\n"))
            // The bytes Seldon would load are the store's.
            let exported = FileManager.default.contents(
                atPath: fixture.outputDirectory() + "/models/\(folder)/model.json")
            let stored = try fixture.store.readFile(
                predictor.model.repo, predictor.model.commit, predictor.model.path)
            #expect(exported.map { Array($0) } == stored)
        }
        let experiment = documents[5]
        #expect(
            experiment.contains(
                """
                spec:
                  candidates:
                    - name: production
                      weight: 75
                    - name: production-canary-1
                      weight: 25
                  default: production
                  mirror:
                    name: production-shadow-1
                    percent: 100
                """))
        #expect(experiment.contains("# shadow-2 gets no traffic: a Seldon Core 2 Experiment mirrors to one model"))
        // Each of the 4 models: its model.json, and a Triton folder (config.pbtxt, 1/model.onnx).
        #expect(files.filter { $0.path.hasPrefix("models/") }.count == 12)
        #expect(files.filter { $0.path.hasSuffix("/1/model.onnx") }.count == 4)
        let config = try #require(
            files.first { $0.path.hasSuffix("/config.pbtxt") }?.text)
        #expect(config.contains("platform: \"onnxruntime_onnx\"\nmax_batch_size: 1024\n"))
        #expect(config.contains("  { name: \"age\", data_type: TYPE_FP32, dims: [ 1 ] },\n"))
        #expect(
            config.contains("  { name: \"label\", data_type: TYPE_STRING, dims: [ 1 ], reshape: { shape: [ ] } },\n"))
        #expect(try fixture.read("seldon/production.yaml")?.contains("requirements:\n    - onnx\n") == true)
        #expect(try fixture.read("pipelines/income_training.json")?.contains("registry.example/tusk:1") == true)
        let summary = try #require(files.first { $0.path == "seldon/production.yaml" }?.summary)
        #expect(summary == "deployment production, release \(release.number): 4 Models, 1 Experiment")
        let readme = try #require(fixture.read("README.md"))
        #expect(readme.contains("aws s3 sync models s3://models/tusk\n"))
        #expect(readme.contains("kubectl apply -n seldon-mesh -f seldon/production.yaml\n"))
        #expect(
            readme.contains("pachctl put file income_data@master:/train.csv -f data/income_data/master/train.csv\n"))
        // The deploy pipeline comes last, after the release the store holds is applied: it releases
        // its branch's head at once, replacing the live Model as the next release would.
        let deploys = try #require(readme.range(of: "## 4. Deploy pipelines\n"))
        #expect(try #require(readme.range(of: "## 3. Models and deployments\n")).upperBound < deploys.lowerBound)
        let section = readme[deploys.upperBound...]
        #expect(section.contains("```sh\nkubectl apply -f rbac/tusk-deploy.yaml    # once: what deploy steps may do\n"))
        #expect(section.contains("\npachctl create branch income_training@production --head master"))
        #expect(section.contains("\npachctl create pipeline -f pipelines/deploy_production.json\n```\n"))
        #expect(!readme[..<deploys.lowerBound].contains("pipelines/deploy_production.json"))
        #expect(
            readme.contains(
                "docker build -f EXPORT_DIR/Dockerfile --target deploy -t registry.example/tusk-deploy:1 .\n"))
        #expect(readme.contains("docker push registry.example/tusk:1\n"))
        #expect(
            try fixture.read("pipelines/deploy_production.json")?.contains(
                "\":s3,provider=AWS,env_auth=true:models/tusk\"") == true)
        #expect(!readme.contains("placeholder"))
    }

    @Test func aModelServedTwiceIsExportedOnce() throws {
        for line in ["create deployment staging", "release staging income_training@master^^"] {
            #expect(fixture.session.execute(SourceText(name: "<t>", text: line)).succeeded, "\(line)")
        }
        let files = try fixture.export()
        let canary = try #require(
            try DeploymentRegistry(store: try fixture.store).named(try DeploymentName("production")).current?
                .predictors[1].model)
        let folder = "models/\(canary.repo)-\(canary.commit.short)/model.json"
        #expect(files.filter { $0.path.hasPrefix("models/") }.count == 12)
        #expect(
            files.first { $0.path == folder }?.summary == "model \(canary), served by production canary-1, staging live"
        )
        let staging = try #require(fixture.read("seldon/staging.yaml"))
        #expect(staging.contains("\n  name: staging\n"))
        #expect(
            staging.contains("\n  storageUri: gs://BUCKET/tusk-models/\(canary.repo)-\(canary.commit.short)\n"))
        #expect(!staging.contains("kind: Experiment"))
        #expect(try fixture.read("README.md")?.contains("`gs://BUCKET/tusk-models` is a placeholder") == true)
    }

    @Test func theSameStoreExportsTheSameBytes() throws {
        let first = try fixture.export(to: "one")
        let second = try fixture.export(to: "two")
        #expect(first == second)
        // And again into the first directory: every file replaced by the same bytes.
        _ = try fixture.export(to: "one")
        for file in first {
            let one = FileManager.default.contents(atPath: fixture.outputDirectory("one") + "/" + file.path)
            let two = FileManager.default.contents(atPath: fixture.outputDirectory("two") + "/" + file.path)
            #expect(one != nil && one == two, "\(file.path)")
        }
        let release = try #require(
            try DeploymentRegistry(store: try fixture.store).named(try DeploymentName("production")).current)
        let folders = Set(release.predictors.map { "models/\($0.model.repo)-\($0.model.commit.short)" })
        // Built in steps: one expression of literals, `+` and a closure took the type checker 8 s.
        var expected: [String] = [
            "Dockerfile", "Dockerfile.dockerignore", "README.md", "data/income_data/master/test.csv",
            "data/income_data/master/train.csv", "pipelines/income_training.json", "pipelines/names.json",
            "pipelines/deploy_production.json", "pipelines/evaluation.json", "pipelines/models.json",
            "rbac/tusk-deploy.yaml",
        ]
        for folder in folders.sorted() {
            expected += [folder + "/1/model.onnx", folder + "/config.pbtxt", folder + "/model.json"]
        }
        expected.append("seldon/production.yaml")
        #expect(first.map(\.path) == expected)
        // Nothing in a text file names this machine's paths.
        for file in first {
            #expect(file.text?.contains(fixture.directory) != true, "\(file.path)")
            #expect(file.text?.contains(ClusterFixture.datasets) != true, "\(file.path)")
        }
        let data = FileManager.default.contents(
            atPath: fixture.outputDirectory("one") + "/data/income_data/master/train.csv")
        #expect(data == FileManager.default.contents(atPath: ClusterFixture.datasets + "/census_test.csv"))
    }

    @Test func collectLinksWhatTheEmbeddedCollectorLinks() throws {
        // A /pfs as Pachyderm mounts the collector's inputs: the same commits the embedded job read.
        let pfs = fixture.directory + "/pfs"
        let store = try fixture.store
        for repo in ["income_training", "evaluation"] {
            let name = try RepoName(repo)
            let head = try #require(try store.listBranches(name).first { $0.name == .master }?.head)
            for file in try store.files(name, head) {
                let path = pfs + "/" + repo + file.path.description
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(try store.readFile(name, head, file.path)).write(to: URL(fileURLWithPath: path))
            }
        }
        try FileManager.default.createDirectory(atPath: pfs + "/out", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: pfs + "/.scratch", withIntermediateDirectories: true)
        let lines = try PFSCollector.collect(root: pfs)
        #expect(
            lines == [
                "linked \(pfs)/out/evaluation/result.json -> \(pfs)/evaluation/result.json",
                "linked \(pfs)/out/income_training/model.json -> \(pfs)/income_training/model.json",
            ])
        // The embedded collector's output commit: the same paths, the same bytes.
        let models = try RepoName("models")
        let head = try #require(try store.listBranches(models).first { $0.name == .master }?.head)
        let embedded = try store.files(models, head)
        #expect(embedded.map(\.path.description) == ["/evaluation/result.json", "/income_training/model.json"])
        for file in embedded {
            let linked = pfs + "/out" + file.path.description
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: linked) == pfs + file.path.description)
            #expect(
                FileManager.default.contents(atPath: linked).map { Array($0) }
                    == (try store.readFile(models, head, file.path)))
        }
        // A second run finds its links there and says so, rather than replacing them.
        let again = Self.error { () throws(ClusterExportError) in _ = try PFSCollector.collect(root: pfs) }
        #expect(again?.kind == .io)
        #expect(again?.message.hasPrefix("cannot write '\(pfs)/out/evaluation/result.json'") == true)
        let nowhere = Self.error { () throws(ClusterExportError) in
            _ = try PFSCollector.collect(root: fixture.directory + "/nowhere")
        }
        #expect(nowhere?.message == "'\(fixture.directory)/nowhere' is not a directory")
    }

    @Test func namesTheClusterRefusesAreErrors() throws {
        let store = try fixture.store
        _ = fixture.session.execute(SourceText(name: "<t>", text: "create repo raw.v2"))
        let created = fixture.session.execute(
            SourceText(name: "<t>", text: "create pipeline copy --input raw.v2@master:/ --collect"))
        #expect(created.succeeded)
        let refused = Self.error { () throws(ClusterExportError) in _ = try ClusterExport(store: store).files() }
        #expect(refused?.message == "'raw.v2' (in pipeline copy) is not a name Pachyderm accepts")
        #expect(refused?.help == "Pachyderm names hold letters, digits, '_' and '-' only, up to 63")
        _ = fixture.session.execute(SourceText(name: "<t>", text: "delete pipeline copy"))
        for line in [
            "create deployment prod_eu", "create deployment prod-eu", "release prod_eu income_training@master",
            "release prod-eu income_training@master",
        ] {
            #expect(fixture.session.execute(SourceText(name: "<t>", text: line)).succeeded, "\(line)")
        }
        let collision = Self.error { () throws(ClusterExportError) in _ = try ClusterExport(store: store).files() }
        #expect(
            collision?.message
                == "deployment 'prod-eu' and deployment 'prod_eu' both become Model/prod-eu on the cluster")
        #expect(collision?.kind == .badName)
        #expect(collision?.help == "rename one of them: Kubernetes names are lowercase, with '-' for '_'")
        // Nothing was written.
        #expect(!FileManager.default.fileExists(atPath: fixture.outputDirectory()))
    }

    /// The error `body` throws; nil when it throws none.
    static func error(_ body: () throws(ClusterExportError) -> Void) -> ClusterExportError? {
        do { try body() } catch { return error }
        return nil
    }
}

/// The `sh -c` form of a step that writes no file, as the export writes it and `create pipeline -f`
/// reads it back; no fixture needed.
@Suite struct ResultStepExportTests {
    @Test(arguments: [
        ["tusk", "evaluate", "/pfs/m/model.json", "on", "/pfs/d/test.csv"],
        ["tusk", "predict", "/pfs/m/model.json", "{\"name\": \"O'Brien\", \"age\": 39}"],
        ["tusk", "drift", "/pfs/d/a b.csv", "vs", "/pfs/d/$HOME.csv", "--target", ""],
    ])
    func resultStepsReadBackWordForWord(_ cmd: [String]) {
        let wrapped = SpecParser.ResultStep.command(cmd)
        #expect(wrapped.count == 3 && wrapped[0] == "sh" && wrapped[1] == "-c")
        #expect(SpecParser.ResultStep.words(wrapped) == cmd)
    }

    @Test func otherShellCommandsAreNotTuskSteps() {
        let redirect = SpecParser.ResultStep.redirect
        for script in [
            "tusk evaluate a on b; rm -rf /pfs/out" + redirect, "tusk evaluate $(id)" + redirect,
            "tusk evaluate 'unterminated" + redirect, "python3 x.py" + redirect, "tusk evaluate a on b",
        ] {
            #expect(SpecParser.ResultStep.words(["sh", "-c", script]) == nil, "\(script)")
        }
        #expect(
            SpecParser.ResultStep.command(["tusk", "evaluate", "it's"])[2]
                == "tusk evaluate 'it'\\''s' --format json > /pfs/out/result.json")
    }
}

/// The spellings `create pipeline -f` reads, and the YAML scalars the Seldon files write.
@Suite struct SpellingExportTests {
    @Test func protojsonAndProtoNamesAreTheSameField() throws {
        let both = """
            {"pipeline": {"name": "deploy"}, "input": {"pfs": {"repo": "models", "branch": "production", "glob": "/"}},
             "transform": {"cmd": ["tusk", "release", "production", "/pfs/models/model.json"]},
             "reprocess_spec": "every_job", "reprocessSpec": "every_job"}
            """
        do {
            _ = try SpecParser.parse(both, file: "deploy.json")
            Issue.record("a spec with both spellings was read")
        } catch {
            #expect(
                error.description
                    == "deploy.json:3:50: 'reprocess_spec' and 'reprocessSpec' are the same field (keep one)")
        }
        let camel = try SpecParser.parse(
            both.replacingOccurrences(of: "\"reprocess_spec\": \"every_job\", ", with: ""), file: "deploy.json")
        #expect(camel.reprocessesEveryJob)
        let wrong = both.replacingOccurrences(of: "\"reprocess_spec\": \"every_job\", ", with: "")
            .replacingOccurrences(of: "\"reprocessSpec\": \"every_job\"", with: "\"reprocessSpec\": \"always\"")
        do {
            _ = try SpecParser.parse(wrong, file: "deploy.json")
            Issue.record("reprocessSpec 'always' was read")
        } catch {
            #expect(error.message == "reprocessSpec is 'until_success' or 'every_job', not 'always'")
        }
    }

    @Test(arguments: [
        ("production", "production"), ("gs://b/income_training-3f2a", "gs://b/income_training-3f2a"),
        ("7", "\"7\""), ("yes", "\"yes\""), ("Off", "\"Off\""), ("", "\"\""), ("a: b", "\"a: b\""),
        ("# x", "\"# x\""), ("-x", "\"-x\""), ("say \"hi\"\n", "\"say \\\"hi\\\"\\n\""), ("\u{1B}", "\"\\x1B\""),
    ])
    func yamlScalarsReadBackAsWritten(_ text: String, _ written: String) {
        #expect(YAMLDocument.quoted(text) == written)
    }
}
