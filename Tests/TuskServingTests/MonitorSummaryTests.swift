import Foundation
import Testing
import TuskCore
import TuskStore

@testable import TuskServing

/// `monitor` adds up the summaries written with each chunk instead of reading every answer: its
/// report must be the one counting the answers gives, whatever the window and the percentile.
@Suite struct MonitorSummaryTests {
    /// Census live, then a 30% canary of the vendor model, then the vendor model live with the
    /// census model as its shadow: six chunks over three of four releases, latencies measured.
    static func servedLog() throws -> ServingEngine {
        let (plain, census, vendor, requests) = try ServingEngineTests.fixture()
        let engine = ServingEngine(workspace: plain.workspace, measuresLatency: true)
        _ = try engine.registry.create(try DeploymentName("production"))
        var copy = 0
        func serve(_ times: Int) throws {
            for _ in 0..<times {
                let batch = try RequestReader.csv(
                    requests, source: "requests_v1.csv",
                    schema: engine.schema(of: engine.registry.named(try DeploymentName("production"))))
                _ = try engine.serve(
                    try DeploymentName("production"),
                    batch.withIDs((0..<batch.count).map { "c\(copy)-\($0)" as String? }))
                copy += 1
            }
        }
        try engine.registry.change(try DeploymentName("production")) { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: census)
        }
        try serve(2)
        try engine.registry.change(try DeploymentName("production")) { d throws(ServingError) in
            try DeploymentPolicy.canary(d, model: vendor, traffic: 30)
        }
        try serve(2)
        try engine.registry.change(try DeploymentName("production")) { d throws(ServingError) in
            try DeploymentPolicy.release(d, model: vendor)
        }
        try engine.registry.change(try DeploymentName("production")) { d throws(ServingError) in
            try DeploymentPolicy.shadow(d, model: census)
        }
        try serve(2)
        return engine
    }

    static func json(_ report: MonitorReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    @Test func summedChunksReportWhatCountingEveryAnswerReports() throws {
        let engine = try Self.servedLog()
        let chunks = try engine.workspace.store.loggedChunks(
            deployment: try DeploymentName("production"), summaries: true)
        #expect(chunks.count == 6 && chunks.allSatisfy { $0.summary != nil && !$0.hasAnswers })
        // A window from a release, and one from a request in the middle of a chunk (that chunk's
        // answers are counted, the rest summed).
        let starts: [ServedWindow.Start] = [.beginning, .release(2), .release(4), .request("c3-250")]
        for start in starts {
            for percentile in [0, 50, 98, 100] {
                let summed = try engine.monitor(
                    engine.window(try DeploymentName("production"), from: start, summaries: true),
                    percentile: percentile)
                let counted = try engine.monitor(
                    engine.window(try DeploymentName("production"), from: start), percentile: percentile)
                #expect(try Self.json(summed) == Self.json(counted), "\(start), percentile \(percentile)")
                #expect(summed.latency != nil)
            }
        }
        let whole = try engine.monitor(engine.window(try DeploymentName("production"), summaries: true))
        #expect(whole.requests == 3_000)
        #expect(whole.predictors.map(\.name.rawValue) == ["live", "live", "canary-1", "shadow-1"])
        #expect(whole.outliers > 0 && whole.outliers < 3_000)
    }

    /// Accuracy needs each labelled request's answers: with labels, the window reads them.
    @Test func labelsAreCountedFromTheAnswers() throws {
        let engine = try Self.servedLog()
        let window = try engine.window(try DeploymentName("production"), summaries: true)
        let served = try engine.workspace.store.loggedRequests(
            deployment: try DeploymentName("production"), from: 2_901)
        #expect(
            try engine.feedback(try DeploymentName("production"), labels: served.map { ($0.requestID, "<=50K") }) == 100
        )
        let labelled = try engine.window(try DeploymentName("production"), summaries: true)
        #expect(labelled.chunks.allSatisfy { $0.hasAnswers })
        let report = try engine.monitor(labelled)
        #expect(report.labels == 100)
        #expect(try Self.json(engine.monitor(window)).contains("\"labels\":0"))
    }
}
