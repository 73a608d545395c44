import Foundation
import Testing
import TuskCommands
import TuskCore
import TuskServing
import TuskStore

@testable import TuskRuntime

/// A trial replayed with known effects. The census model is live and the vendor model shadows it on
/// the 500 requests of requests_v1.csv; the two disagree on 175 of them. The labels are written so
/// that, on those 175, the challenger is right 117 times (better), 88 (equal) or 58 (worse); where
/// they agree both are right. `compare`'s verdict must be promote, keep collecting and retire, with
/// McNemar's exact p-value as scipy 1.17.1 gives it: `binomtest(58, 175, 0.5).pvalue` =
/// 9.687504605972184e-06, `binomtest(87, 175, 0.5).pvalue` = 1.0 (statsmodels' `mcnemar(exact=True)`
/// agrees to 1e-15).
@Suite struct RolloutTrialTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets").standardizedFileURL.path

    enum Effect: String, CaseIterable { case better, equal, worse }

    /// Whether the challenger is right on the `index`-th disagreement (in request order).
    static func challengerWins(_ effect: Effect, _ index: Int) -> Bool {
        switch effect {
        case .better: index % 3 != 2
        case .equal: index % 2 == 0
        case .worse: index % 3 == 2
        }
    }

    @discardableResult
    func run(_ session: Session, _ line: String) -> CommandResult {
        let result = session.execute(SourceText(name: "<t>", text: line))
        #expect(result.error == nil, "\(line): \(String(describing: result.error))")
        return result
    }

    /// Each request's answer from `model`, by request id, from `predict MODEL on requests_v1.csv`.
    func answers(_ session: Session, _ model: String, in directory: String) throws -> [(id: String, answer: String)] {
        run(session, "predict \(model) on requests_v1.csv -o \(model.split(separator: "/").last!).csv")
        let text = try String(contentsOfFile: directory + "/\(model.split(separator: "/").last!).csv", encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = rows[0].map(String.init)
        let id = try #require(header.firstIndex(of: "request_id")),
            answer = try #require(header.firstIndex(of: "prediction"))
        return rows.dropFirst().map { (String($0[id]), String($0[answer])) }
    }

    @Test(arguments: Effect.allCases)
    func theVerdictFollowsTheKnownEffect(effect: Effect) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-trial-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in ["census.csv", "vendor.csv", "requests_v1.csv"] {
            try FileManager.default.copyItem(atPath: Self.datasets + "/" + file, toPath: directory + "/" + file)
        }
        let session = Session(store: try Store.inMemory(), baseDirectory: directory)
        for line in [
            "train logistic on census.csv --target income -o census.json",
            "train logistic on vendor.csv --target income -o vendor.json",
            "create repo models", "put file models@master:/census.json -f census.json",
            "put file models@master:/vendor.json -f vendor.json",
        ] {
            run(session, line)
        }
        let live = try answers(session, "census.json", in: directory)
        let challenger = try answers(session, "vendor.json", in: directory)
        #expect(live.map(\.id) == challenger.map(\.id) && live.count == 500)

        // Labels: where the two agree, their answer; where they disagree, the effect's winner.
        var labels = ["request_id,income"]
        var disagreement = 0, challengerRight = 0
        for (l, c) in zip(live, challenger) {
            if l.answer == c.answer {
                labels.append("\(l.id),\(l.answer)")
            } else {
                let wins = Self.challengerWins(effect, disagreement)
                labels.append("\(l.id),\(wins ? c.answer : l.answer)")
                disagreement += 1
                if wins { challengerRight += 1 }
            }
        }
        #expect(disagreement == 175)
        try Data((labels.joined(separator: "\n") + "\n").utf8).write(
            to: URL(fileURLWithPath: directory + "/labels.csv"))

        for line in [
            "create deployment production", "release production models@master:/census.json",
            "shadow production models@master:/vendor.json", "predict production -f requests_v1.csv",
            "feedback production -f labels.csv",
        ] {
            run(session, line)
        }
        let compared = run(session, "compare production")
        let report = try #require(compared.value as? ComparisonReport)
        let pair = try #require(report.pairs.first)
        #expect(pair.labeled == 500)
        #expect(pair.challengerOnlyCorrect == challengerRight && pair.liveOnlyCorrect == 175 - challengerRight)
        let pValue = try #require(pair.verdict.pValue)
        switch effect {
        case .better:
            #expect(challengerRight == 117)
            #expect(pair.verdict.decision == .promote && pair.verdict.reason == .moreAccurate)
            #expect(abs(pValue - 9.687504605972184e-06) < 1e-15)
        case .equal:
            #expect(challengerRight == 88)
            #expect(pair.verdict.decision == .keepCollecting)
            #expect(abs(pValue - 1.0) < 1e-12)
        case .worse:
            #expect(challengerRight == 58)
            #expect(pair.verdict.decision == .retire && pair.verdict.reason == .lessAccurate)
            #expect(abs(pValue - 9.687504605972184e-06) < 1e-15)
        }
        #expect(compared.output.contains { $0.hasPrefix("verdict: \(pair.verdict.decision.rawValue)") })
        // promote refuses only the worse one without --force.
        let promoted = session.execute(SourceText(name: "<t>", text: "promote production shadow-1"))
        #expect((promoted.error == nil) == (effect != .worse), "\(String(describing: promoted.error))")
    }
}
