import Foundation
import Testing
import TuskCommands
import TuskCore
import TuskServing
import TuskStore

@testable import TuskRuntime

/// `compare`'s verdict and `promote`'s refusal on the project's own data: the vendor model, whose
/// labels lean on sex, shadows the census model on 500 labelled requests. The figures were checked
/// with statsmodels 0.15.0: `mcnemar([[0, 139], [36, 0]]).pvalue` = 1.7601922296603377e-15,
/// `proportion_confint(425, 500, method="wilson")` = (0.8160389193683016, 0.8786240423086119).
@Suite struct RolloutEvidenceTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path

    let session: Session

    init() throws {
        session = Session(store: try Store.inMemory(), baseDirectory: Self.datasets)
        for line in [
            "create repo data", "put file data@master:/train.csv -f census.csv",
            "put file data@master:/vendor.csv -f vendor.csv",
            "train logistic on data@master:/train.csv --target income -o data@master:/census.json",
            "train logistic on data@master:/vendor.csv --target income -o data@master:/vendor.json",
            "create deployment production", "release production data@master:/census.json",
            "shadow production data@master:/vendor.json", "predict production -f requests_v1.csv",
            "feedback production -f requests_v1_labels.csv",
        ] {
            let result = session.execute(SourceText(name: "<t>", text: line))
            #expect(result.error == nil, "\(line): \(String(describing: result.error))")
        }
    }

    @Test func aWorseShadowIsToldToRetireByTheNumbers() throws {
        let result = session.execute(SourceText(name: "<t>", text: "compare production --protected sex"))
        let report = try #require(result.value as? ComparisonReport)
        let pair = try #require(report.pairs.first)
        #expect(pair.labeled == 500 && pair.liveOnlyCorrect == 139 && pair.challengerOnlyCorrect == 36)
        #expect(pair.verdict.decision == .retire && pair.verdict.reason == .lessAccurate)
        #expect(abs(pair.verdict.pValue! - 1.7601922296603377e-15) < 1e-20)
        let live = pair.liveAccuracyInterval()
        #expect(abs(live.lower - 0.8160389193683016) < 1e-12 && abs(live.upper - 0.8786240423086119) < 1e-12)
        #expect(
            result.output.contains { $0.hasPrefix("verdict: retire: live is right where shadow-1 is wrong 139 times") })
        #expect(result.output.contains { $0.hasPrefix("rule: McNemar's exact test") })
    }

    @Test func promoteRefusesItUnlessForced() throws {
        let refused = session.execute(SourceText(name: "<t>", text: "promote production shadow-1"))
        let error = try #require(refused.error)
        #expect(error.message.hasPrefix("shadow-1 is less accurate than the live model"))
        #expect(error.span?.column == 20 && error.span?.length == 8)
        #expect(error.help == "see 'compare production'; promote it anyway with --force")
        // Refused means unchanged: still release 2, the census model live.
        let deployment = try DeploymentRegistry(store: try session.store).named(try DeploymentName("production"))
        #expect(deployment.releases.count == 2)
        let forced = session.execute(SourceText(name: "<t>", text: "promote production shadow-1 --force"))
        #expect(forced.error == nil)
        #expect(
            try DeploymentRegistry(store: try session.store).named(try DeploymentName("production")).current?.live?
                .model.path
                .description == "/vendor.json")
    }
}
