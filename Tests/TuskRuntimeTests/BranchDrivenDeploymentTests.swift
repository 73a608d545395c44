import Foundation
import Testing
import TuskCore
import TuskServing
import TuskStore

@testable import TuskRuntime

/// A deployment a deploy pipeline drives follows its branch: every change of its live model
/// (rollback, promote, release, a gate's refusal) goes through the branch, so the branch,
/// `history` and `lineage` agree.
@Suite struct BranchDrivenDeploymentTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path

    let session: Session

    /// Two models on `training@master` (census, then vendor); `production` follows
    /// `training@production` through `deploy`, which gates nothing unless told.
    init(gate: String? = nil) throws {
        session = Session(store: try Store.inMemory(), baseDirectory: Self.datasets)
        for line in [
            "create repo data", "put file data@master:/train.csv -f census.csv",
            "put file data@master:/test.csv -f census_test.csv",
            "create pipeline training --input data@master:/ --step \"train logistic on /pfs/data/train.csv --target income -o /pfs/out/model.json\"",
            "put file data@master:/train.csv -f vendor.csv", "create deployment production",
            "create branch training@production --head master^",
            "create pipeline deploy --input training@production:/" + (gate ?? "") + " --deploy production",
        ] {
            let result = session.execute(SourceText(name: "<t>", text: line))
            #expect(result.error == nil, "\(line): \(String(describing: result.error))")
        }
    }

    @discardableResult
    func run(_ line: String) -> [String] {
        let result = session.execute(SourceText(name: "<t>", text: line))
        #expect(result.error == nil, "\(line): \(String(describing: result.error))")
        return result.output
    }

    func fail(_ line: String) -> Diagnostic? {
        let result = session.execute(SourceText(name: "<t>", text: line))
        #expect(result.error != nil, "\(line) succeeded: \(result.output)")
        return result.error
    }

    /// The commit `training@production` points at.
    func head() throws -> String {
        try #require(
            try session.store.listBranches(RepoName("training")).first { $0.name.rawValue == "production" }?.head?.hex)
    }

    func deployment() throws -> Deployment {
        try DeploymentRegistry(store: try session.store).named(try DeploymentName("production"))
    }

    func commit(_ ref: String) throws -> String {
        try session.store.resolve(RepoName("training"), CommitRef(parsing: ref)!).id.hex
    }

    @Test func rollbackMovesTheBranchBackAndLineageAgreesWithHistory() throws {
        run("create branch training@production --head master")
        #expect(try deployment().current?.live?.model.commit.hex == commit("master"))
        let output = run("rollback production")
        #expect(
            output.first == "production follows training@production (pipeline deploy): rollback to release 1 "
                + "moves the branch to \(try commit("master^").prefix(12))")
        #expect(output.contains { $0.contains("deploy v1: success") })
        let current = try #require(try deployment().current)
        #expect(current.cause == .rollback(to: 1))
        guard case .pipeline(let name, _) = current.source else {
            Issue.record("the rollback was not released by the deploy pipeline: \(current.source)")
            return
        }
        #expect(name == "deploy")
        // The branch, the live model and lineage name the same commit.
        #expect(try head() == current.live?.model.commit.hex)
        let lineage = run("lineage training@production")
        #expect(lineage.first?.hasPrefix("training@\(try head().prefix(12))") == true)
        // A rerun releases the branch's head: the model already live, no new release.
        let releases = try deployment().releases.count
        let rerun = run("rerun pipeline deploy")
        #expect(rerun.contains { $0.contains("deploy v1: success") })
        #expect(try deployment().releases.count == releases)
        let inspected = run("inspect deployment production")
        #expect(
            inspected.contains(
                "follows training@production through pipeline deploy (head \(try head().prefix(12))): rollback, promote and release move that branch"
            ))
    }

    @Test func promoteMovesTheBranchToTheShadowsCommit() throws {
        run("shadow production training@master")
        let output = run("promote production shadow-1")
        #expect(output.contains { $0.hasPrefix("moved training@production: ") })
        let current = try #require(try deployment().current)
        #expect(try current.cause == .promote(predictor: PredictorName("shadow-1")))
        #expect(current.predictors.map(\.name.rawValue) == ["live"])
        #expect(try head() == commit("master") && current.live?.model.commit.hex == commit("master"))
        // A release of what is live changes nothing, and starts no job.
        let jobs = try session.context.pipelines.jobRecords().count
        #expect(fail("release production training@master")?.message.contains("already serves") == true)
        #expect(try session.context.pipelines.jobRecords().count == jobs)
    }

    @Test func aModelOfAnotherRepoCannotBePromotedOrReleased() throws {
        run("create repo other")
        run("train logistic on vendor.csv --target income -o other@master:/model.json")
        run("shadow production other@master")
        let before = try deployment().releases.count
        let branch = try head()
        let error = fail("promote production shadow-1")
        #expect(error?.message.contains("is not a commit of training") == true)
        #expect(
            error?.help
                == "commit the model to training and move the branch: create branch training@production --head COMMIT")
        #expect(fail("release production other@master")?.message.contains("is not a commit of training") == true)
        #expect(try deployment().releases.count == before && head() == branch)
        // Canaries and shadows started by command are an overlay: retiring one is fine.
        run("retire production shadow-1")
    }

    @Test func aReleaseByCommandMovesTheBranch() throws {
        let output = run("release production training@master")
        #expect(output.contains { $0.hasPrefix("moved training@production: ") })
        #expect(try head() == commit("master") && deployment().current?.live?.model.commit.hex == commit("master"))
    }
}

/// A deploy pipeline with a gate: the gate's data is another input, a refused model fails the
/// job, and the deployment keeps serving what it served.
@Suite struct DeployGateTests {
    let deploy: BranchDrivenDeploymentTests

    init() throws {
        deploy = try BranchDrivenDeploymentTests(
            gate: ",data@master:/ --require \"flip_rate(sex) <= 0.05\" --on /pfs/data/test.csv")
    }

    @Test func aFailedGateFailsTheJobAndChangesNothing() throws {
        let served = try deploy.deployment().current
        let moved = deploy.run("create branch training@production --head master")
        let job = try #require(moved.first { $0.contains("deploy v1: failure") })
        #expect(job.hasSuffix("error: release refused: flip_rate(sex) is 0.6590, needs <= 0.05 (short by 0.6090)"))
        #expect(try deploy.deployment().current == served)
        #expect(deploy.run("list job deploy").contains { $0.contains("failure") })
        let inspected = deploy.run("inspect deployment production")
        #expect(
            inspected.contains { $0.hasPrefix("note: training@production is at ") && $0.hasSuffix(" of deploy failed") }
        )
        // The way back is the branch: rollback says which command moves it.
        let error = deploy.fail("rollback production")
        #expect(
            error?.help == "move the branch back to what it serves: create branch training@production --head "
                + String(try deploy.commit("master^").prefix(12)))
        deploy.run("create branch training@production --head master^")
        #expect(try deploy.head() == served?.live?.model.commit.hex)
        // A new commit of the gate's data runs the deploy job again: the live model, no change.
        let releases = try deploy.deployment().releases.count
        deploy.run("put file data@master:/notes.txt -f census_test.csv")
        #expect(try deploy.deployment().releases.count == releases)
    }

    @Test func theGateIsCheckedWhenThePipelineIsCreated() throws {
        for (line, message) in [
            (
                "create pipeline d2 --input training@master:/ --deploy production --require \"accuracy >= 0.8\"",
                "--require needs the data to check it on"
            ),
            (
                "create pipeline d2 --input training@master:/,data@master:/ --deploy production --require \"accuracy >= 0.8\" --on /pfs/training/x.csv",
                "--on names a file of one of the deploy pipeline's other inputs"
            ),
            (
                "create pipeline d2 --input training@master:/,data@master:/ --deploy production",
                "a deploy pipeline reads one input, the models it releases, unless a gate reads the others"
            ),
            (
                "create pipeline d2 --input training@master:/ --step \"evaluate /pfs/training/model.json on x.csv\" --require \"accuracy >= 0.8\"",
                "--require gates the release of a deploy pipeline"
            ),
            (
                "create pipeline d2 --input training@master:/,data@master:/ --deploy production --require \"acuracy >= 0.8\" --on /pfs/data/test.csv",
                nil
            ),
        ] {
            let error = deploy.fail(line)
            if let message { #expect(error?.message == message, "\(line)") }
        }
    }
}

/// A model trained on a headerless file with `--schema uci-adult` records the layout, so its
/// release's drift reference is read the same way and `monitor` judges drift.
@Suite struct TrainingLayoutTests {
    @Test func monitorJudgesDriftOnAHeaderlessTrainingFile() throws {
        let directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-layout-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let census = try String(contentsOfFile: BranchDrivenDeploymentTests.datasets + "/census.csv", encoding: .utf8)
        // adult.data's shape: no header, ", " between fields.
        let headerless = census.split(separator: "\n").dropFirst().map { $0.replacingOccurrences(of: ",", with: ", ") }
        try (headerless.joined(separator: "\n") + "\n").write(
            toFile: directory + "/census.data", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: BranchDrivenDeploymentTests.datasets + "/requests_v2.csv", toPath: directory + "/requests.csv")
        let session = Session(store: try Store.inMemory(), baseDirectory: directory)
        for line in [
            "create repo data", "put file data@master:/train.csv -f census.data",
            "create pipeline training --input data@master:/ --step \"train logistic on /pfs/data/train.csv --schema uci-adult --target income -o /pfs/out/model.json\"",
            "create deployment production", "release production training@master",
            "predict production -f requests.csv",
        ] {
            let result = session.execute(SourceText(name: "<t>", text: line))
            #expect(result.error == nil, "\(line): \(String(describing: result.error))")
        }
        let monitor = session.execute(SourceText(name: "<t>", text: "monitor production")).output
        #expect(headerless.count == 8000)
        #expect(monitor.contains { $0.hasPrefix("drift from data@") && $0.contains("(8,000 rows): 14 features") })
        #expect(monitor.contains { $0.hasPrefix("drift verdict: ") })
        #expect(!monitor.contains { $0.contains("cannot judge") })
    }
}
