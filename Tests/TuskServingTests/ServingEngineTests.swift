import Foundation
import Testing
import TuskArtifacts
import TuskCore
import TuskML
import TuskStore

@testable import TuskServing

/// The router on a real store: models trained on the project's census data, requests from its
/// request stream, the log read back.
@Suite struct ServingEngineTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path

    /// A store with two models (census, vendor) in `models`, and an engine on it.
    static func fixture() throws -> (
        engine: ServingEngine, census: ModelAddress, vendor: ModelAddress, requests: [UInt8]
    ) {
        let store = try Store.inMemory()
        let workspace = Workspace(store: store, files: LocalFiles(baseDirectory: datasets))
        let models = try RepoName("models")
        try store.createRepo(models)
        for name in ["census", "vendor"] {
            let loaded = try workspace.loadTable(.local("\(name).csv"), ReadOptions(), label: "income")
            let data = try LabeledData(table: loaded.table, target: "income")
            let model = try Trainer.train(
                .logistic, on: data,
                fingerprint: DataFingerprint(
                    source: "\(name).csv", rows: data.rowCount, sha256: ContentHash(of: loaded.source.bytes).hex))
            _ = try store.put(
                [FileWrite(path: try RepoPath("/\(name).json"), bytes: Array(try model.jsonData()))], repo: models,
                branch: try BranchName("master"), message: "train \(name)")
        }
        let engine = ServingEngine(workspace: workspace, measuresLatency: false)
        let census = try engine.resolve(
            .store(repo: models, ref: CommitRef(base: "master"), path: try RepoPath("/census.json")))
        let vendor = try engine.resolve(
            .store(repo: models, ref: CommitRef(base: "master"), path: try RepoPath("/vendor.json")))
        let requests = Array(try Data(contentsOf: URL(fileURLWithPath: datasets + "/requests_v1.csv")))
        return (engine, census.address, vendor.address, requests)
    }

    func batch(_ engine: ServingEngine, _ name: String, _ bytes: [UInt8]) throws -> RequestBatch {
        try RequestReader.csv(bytes, source: "requests_v1.csv", schema: engine.schema(of: engine.registry.named(name)))
    }

    @Test func aReleaseResolvesTheModelCommitItsProvenanceAndItsTrainingData() throws {
        let (_, census, _, _) = try Self.fixture()
        #expect(
            census.repo.rawValue == "models" && census.path.description == "/census.json"
                && census.commit.hex.count == 64)
        // Trained from a local file whose bytes match the fingerprint: the drift reference.
        #expect(census.trainingData == .local("census.csv"))
    }

    @Test func aShadowSeesEveryRequestAndNeverAnswers() throws {
        let (engine, census, vendor, requests) = try Self.fixture()
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.shadow(d, model: vendor)
        }
        let served = try engine.serve("production", batch(engine, "production", requests))
        #expect(served.answers.count == 500)
        #expect(served.answers.allSatisfy { $0.predictor == "live" && $0.model == census })
        let log = try engine.workspace.store.loggedRequests(deployment: "production")
        #expect(log.count == 500)
        #expect(log.allSatisfy { $0.answers.map(\.predictor) == ["live", "shadow-1"] })
        // The shadow's answers are its own: the vendor model disagrees with the census model somewhere.
        let disagreements = log.filter { entry in
            let answers = entry.answers
            return (answers[0].probability > 0.5) != (answers[1].probability > 0.5)
        }
        #expect(!disagreements.isEmpty)
        // What was returned is what the log says was returned.
        for (answer, entry) in zip(served.answers, log) {
            #expect(answer.probability == entry.answers[0].probability)
            #expect(answer.outlierDistance == entry.distance)
            #expect(answer.requestID == entry.requestID)
        }
    }

    @Test func aRollbackTakesEffectOnTheVeryNextRequest() throws {
        let (engine, census, vendor, requests) = try Self.fixture()
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: vendor)
        }
        let first = try engine.serve("production", batch(engine, "production", requests))
        #expect(first.answers.allSatisfy { $0.model == vendor } && first.release == 2)
        let rolled = try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.rollback(d, to: nil)
        }
        #expect(rolled.current?.number == 3 && rolled.current?.live?.model == census)
        let firstRows = String(decoding: requests, as: UTF8.self).split(separator: "\n").prefix(51).joined(
            separator: "\n")
        let next = try engine.serve("production", batch(engine, "production", Array(firstRows.utf8)))
        #expect(next.answers.count == 50)
        #expect(next.answers.first?.model == census && next.release == 3)
        // `why` on the same id: served twice, the latest by the rolled-back-to model.
        let traces = try engine.trace("production", request: first.answers[0].requestID)
        #expect(traces.map(\.release.number) == [3, 2])
        #expect(traces.map(\.predictor.model) == [census, vendor])
    }

    /// The engine routes a batch on the deployment the last batch found, without reading it; a
    /// release another engine (another process's cache) made in between is seen by the log's
    /// transaction, and the batch is routed again on it.
    @Test func aReleaseByAnotherEngineTakesEffectOnTheVeryNextRequest() throws {
        let (engine, census, vendor, requests) = try Self.fixture()
        let other = ServingEngine(workspace: engine.workspace, measuresLatency: false, cache: ModelCache())
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        let first = try engine.serve("production", batch(engine, "production", requests))
        #expect(first.release == 1 && first.answers.allSatisfy { $0.model == census })
        try other.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: vendor)
        }
        let next = try engine.serve("production", batch(engine, "production", requests))
        #expect(next.release == 2 && next.answers.allSatisfy { $0.model == vendor })
        let log = try engine.workspace.store.loggedChunks(deployment: "production")
        #expect(log.map(\.release) == [1, 2])
    }

    @Test func theSameStreamReplayedGivesTheSameSplitAnswersAndLog() throws {
        func replay() throws -> [LoggedRequest] {
            let (engine, census, vendor, requests) = try Self.fixture()
            _ = try engine.registry.create("production")
            try engine.registry.change("production") { d throws(ServingError) in
                try DeploymentPolicy.release(d, model: census)
            }
            try engine.registry.change("production") { d throws(ServingError) in
                try DeploymentPolicy.canary(d, model: vendor, traffic: 30)
            }
            _ = try engine.serve("production", batch(engine, "production", requests))
            return try engine.workspace.store.loggedRequests(deployment: "production")
        }
        let one = try replay(), two = try replay()
        #expect(one == two)
        let canary = one.filter { $0.predictor == "canary-1" }.count
        #expect(canary > 100 && canary < 200)  // 30% of 500, give or take
        // The live model also scores every canary request, for `compare`.
        #expect(
            one.filter { $0.predictor == "canary-1" }.allSatisfy {
                $0.answers.map(\.predictor) == ["canary-1", "live"]
            })
    }

    @Test func canarySharesConvergeToTheWeights() {
        let release = Release(
            number: 1,
            predictors: [
                Predictor(name: "live", model: ModelAddress.fixture("1", repo: "m", path: "/a"), role: .live),
                Predictor(
                    name: "canary-1", model: ModelAddress.fixture("2", repo: "m", path: "/a"),
                    role: .canary(traffic: 10)),
                Predictor(
                    name: "canary-2", model: ModelAddress.fixture("3", repo: "m", path: "/a"),
                    role: .canary(traffic: 25)),
            ], cause: .release(model: ModelAddress.fixture("1", repo: "m", path: "/a")), source: .command)
        var counts: [String: Int] = [:]
        let n = 100_000
        for i in 0..<n {
            let routed = Router.route("req-\(i)", seed: 42, release: release)!
            #expect(Router.answering("req-\(i)", seed: 42, release: release) == routed.answer)
            counts[routed.answer.name, default: 0] += 1
        }
        #expect(abs(Double(counts["canary-1"]!) / Double(n) - 0.10) < 0.005)
        #expect(abs(Double(counts["canary-2"]!) / Double(n) - 0.25) < 0.005)
        #expect(abs(Double(counts["live"]!) / Double(n) - 0.65) < 0.005)
    }

    @Test func labelsGiveAccuracyAndTheMonitorCountsEveryPredictor() throws {
        let (engine, census, vendor, requests) = try Self.fixture()
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.shadow(d, model: vendor)
        }
        let served = try engine.serve("production", batch(engine, "production", requests))
        // Labels: the census model's own decisions for the first 100, so its accuracy on them is 1.
        let labels = served.answers.prefix(100).map { ($0.requestID, $0.decision) }
        #expect(try engine.feedback("production", labels: labels) == 100)
        let report = try engine.monitor(engine.window("production"))
        #expect(report.requests == 500 && report.labels == 100)
        let live = try #require(report.predictors.first { $0.name == "live" })
        let shadow = try #require(report.predictors.first { $0.name == "shadow-1" })
        #expect(live.answered == 500 && live.scored == 500 && live.accuracy == 1)
        #expect(shadow.answered == 0 && shadow.scored == 500 && shadow.labeled == 100)
        // A shadow returns nothing, but its decisions are counted where it made them.
        #expect(shadow.positive == 0 && shadow.scoredPositive > 0 && live.scoredPositive == live.positive)
        #expect(report.latency == nil && report.latencyNote != nil)
        // Requests drawn from the census population do not drift from the census training data.
        #expect(report.drift.report?.features.contains { $0.drifted } == false)
        let comparison = try engine.compare(engine.window("production"), protected: ["sex"])
        let pair = try #require(comparison.pairs.first)
        #expect(pair.challenger == "shadow-1" && pair.requests == 500)
        #expect(pair.agreements < 500)
        #expect(pair.attributes.first?.groups.map(\.group) == ["Female", "Male"])
    }

    /// The same stream replayed under its request ids is one sample, not two: the drift test
    /// counts each id once, so its p-values are those of the stream served once.
    @Test func aReplayedStreamIsOneSampleForTheDriftTest() throws {
        let (engine, census, _, requests) = try Self.fixture()
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        _ = try engine.serve("production", batch(engine, "production", requests))
        let once = try #require(try engine.monitor(engine.window("production")).drift.report)
        _ = try engine.serve("production", batch(engine, "production", requests))
        let report = try engine.monitor(engine.window("production"))
        let twice = try #require(report.drift.report)
        #expect(report.requests == 1000 && once.rows == 500 && twice.rows == 500)
        #expect(twice.features.map(\.pValue) == once.features.map(\.pValue))
    }

    @Test func nothingIsLoggedWhenNothingIsReleased() throws {
        let (engine, census, _, requests) = try Self.fixture()
        _ = try engine.registry.create("production")
        _ = try engine.registry.create("staging")
        try engine.registry.change("staging") { d throws(ServingError) in try DeploymentPolicy.release(d, model: census)
        }
        let batch = try batch(engine, "staging", requests)
        let error = #expect(throws: ServingError.self) { try engine.serve("production", batch) }
        #expect(error?.kind == .nothingReleased)
        #expect(try engine.workspace.store.loggedRequestCount(deployment: "production") == 0)
    }

    @Test func aCanaryGetsTheFeaturesTheLiveModelLeavesOut() throws {
        let (engine, census, _, requests) = try Self.fixture()
        // A live model trained without sex and race; the census model (with them) as a canary.
        let store = try engine.workspace.store
        let loaded = try engine.workspace.loadTable(.local("census.csv"), ReadOptions(), label: "income")
        let blind = try Trainer.train(
            .logistic, on: LabeledData(table: loaded.table, target: "income", exclude: ["sex", "race"]),
            fingerprint: DataFingerprint(source: "census.csv", rows: 0, sha256: ""))
        let models = try RepoName("models")
        _ = try store.put(
            [FileWrite(path: try RepoPath("/blind.json"), bytes: Array(try blind.jsonData()))], repo: models,
            branch: try BranchName("master"), message: "blind")
        let live = try engine.resolve(
            .store(repo: models, ref: CommitRef(base: "master"), path: try RepoPath("/blind.json")))
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: live.address)
        }
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.canary(d, model: census, traffic: 50)
        }
        let schema = try engine.schema(of: engine.registry.named("production"))
        #expect(schema.features.contains { $0.name == "sex" } && schema.features.contains { $0.name == "race" })
        let served = try engine.serve("production", batch(engine, "production", requests))
        // The canary's answers are the census model's own on the full records.
        let full = try engine.workspace.loadTable(.local("requests_v1.csv"), ReadOptions())
        let expected = try engine.model(census).probabilities(full.table, missingColumnsAreMissing: true)
        var checked = 0
        for (row, answer) in served.answers.enumerated() where answer.predictor == "canary-1" {
            #expect(abs(answer.probability - expected[row]) < 1e-12)
            checked += 1
        }
        #expect(checked > 100)
        let log = try store.loggedRequests(deployment: "production")
        #expect(log.allSatisfy { $0.inputJSON.contains("\"sex\":") && $0.inputJSON.contains("\"race\":") })
    }

    @Test func aCancelledBatchLogsNothing() throws {
        let (engine, census, _, requests) = try Self.fixture()
        _ = try engine.registry.create("production")
        try engine.registry.change("production") { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        // 10 copies of the stream: more rows than the batch checks between looks at the flag.
        let lines = String(decoding: requests, as: UTF8.self).split(separator: "\n")
        var text = lines[0] + "\n"
        for copy in 0..<10 { for line in lines.dropFirst() { text += "\(copy)-" + line + "\n" } }
        let big = try batch(engine, "production", Array(text.utf8))
        let flag = CancellationFlag()
        flag.cancel()
        var stopping = engine
        stopping.cancellation = flag
        let error = #expect(throws: ServingError.self) { try stopping.serve("production", big) }
        #expect(error?.kind == .cancelled)
        #expect(try engine.workspace.store.loggedRequestCount(deployment: "production") == 0)
    }
}
