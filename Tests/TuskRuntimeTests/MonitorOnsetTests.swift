import Foundation
import Testing
import TuskCommands
import TuskCore
import TuskServing
import TuskStore

@testable import TuskRuntime

/// `monitor D` names the request from which each drifting feature drifts, and the release (its
/// model and that model's training data commit) serving then: on served requests whose feature
/// `x` shifts at a known sequence number, it must name exactly that request.
@Suite struct MonitorOnsetTests {
    let directory: String
    let session: Session

    /// x ~ N(0, 1) (+ `shift`), c one of a, b, c, h ~ N(40, 10); the label follows x.
    static func rows(_ count: Int, seed: UInt64, shift: Double = 0, ids: String? = nil) -> String {
        var draws = DriftHistoryTests.Draws(state: seed)
        let header = (ids == nil ? "" : "request_id,") + "x,c,h,label"
        let lines = (0..<count).map { k -> String in
            let x = draws.normal() + shift, c = draws.level(), h = draws.normal() * 10 + 40
            let label = x + draws.normal() > 0 ? "y" : "n"
            return (ids.map { "\($0)\(k)," } ?? "")
                + "\(String(format: "%.4f", x)),\(c),\(String(format: "%.2f", h)),\(label)"
        }
        return header + "\n" + lines.joined(separator: "\n") + "\n"
    }

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-onset-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = [
            "train1.csv": Self.rows(2000, seed: 1), "train2.csv": Self.rows(2000, seed: 2),
            // production: 1,000 requests like the training data, a release, then 1,000 with x shifted.
            "before.csv": Self.rows(1000, seed: 3, ids: "a"),
            "after.csv": Self.rows(1000, seed: 4, shift: 0.6, ids: "b"),
            // staging: 1,500 like the training data, then 500 with x shifted, in one release.
            "calm.csv": Self.rows(1500, seed: 5, ids: "c"), "moved.csv": Self.rows(500, seed: 6, shift: 0.6, ids: "d"),
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        session = Session(store: try Store.inMemory(), baseDirectory: directory)
        for command in [
            "create repo d", "create repo models", "put file d@master:/train.csv -f train1.csv -m \"first extract\"",
            "train logistic on d@master:/train.csv --target label -o models@master:/m.json",
            "create deployment production", "release production models@master:/m.json",
            "predict production -f before.csv",
            "put file d@master:/train.csv -f train2.csv -m \"second extract\"",
            "train logistic on d@master:/train.csv --target label -o models@master:/m.json",
            "release production models@master:/m.json", "predict production -f after.csv",
            "create deployment staging", "release staging models@master:/m.json", "predict staging -f calm.csv",
            "predict staging -f moved.csv",
            "create deployment quiet", "release quiet models@master:/m.json", "predict quiet -f calm.csv",
        ] {
            let result = run(command)
            #expect(result.succeeded, "\(command): \(result.error?.message ?? "")")
        }
    }

    func run(_ text: String) -> CommandResult { session.execute(SourceText(name: "<test>", text: text)) }

    func monitor(_ deployment: String) throws -> MonitorReport {
        let result = run("monitor \(deployment)")
        #expect(result.succeeded, "\(result.error?.message ?? "")")
        return try #require(result.value as? MonitorReport)
    }

    /// The training data of the model released second: the drift reference, and what the onset
    /// names as the data the serving model was trained on.
    func secondExtract() throws -> String {
        let commit = try session.store.resolve(RepoName("d"), CommitRef(base: "master"))
        return "d@\(commit.id.hex):/train.csv"
    }

    @Test func theOnsetIsTheReleaseAtWhichTheRequestsShifted() throws {
        let report = try monitor("production")
        let drift = try #require(report.drift.report)
        #expect(drift.features.filter(\.drifted).map(\.name) == ["x"])
        let search = try #require(report.drift.onset)
        #expect(search.first == 1 && search.last == 2000 && search.block == 500)
        #expect(search.segments.map(\.first) == [1, 501, 1001, 1501])
        #expect(search.segments.map(\.release) == [1, 1, 2, 2])
        // Each segment tested as the whole window is, with its own Bonferroni threshold.
        for segment in search.segments {
            let figures = try #require(segment.report)
            #expect(figures.rows == 500 && figures.threshold == 0.05 / 3)
            let x = try #require(figures.features.first { $0.name == "x" })
            #expect(x.drifted == (segment.first > 1000), "x on log \(segment.first): p \(x.pValue)")
        }
        let onset = try #require(search.onsets.first)
        // c and h do not drift in the window: a segment where one crosses by chance (each segment
        // is a family of 3 tests at 0.05) names no onset.
        #expect(search.onsets.count == 1 && search.unplaced.isEmpty)
        #expect(onset.feature == "x" && onset.log == 1001 && onset.segment == 2 && onset.crossings == 1)
        #expect(onset.release == 2 && onset.atRelease)
        let model = try session.store.resolve(RepoName("models"), CommitRef(base: "master"))
        #expect(onset.model == "models@\(model.id.hex):/m.json")
        #expect(onset.trainedOn.map { "\($0)" } == (try secondExtract()))
    }

    @Test func anOnsetWithinAReleaseIsNotAtItsStart() throws {
        let search = try #require(try monitor("staging").drift.onset)
        #expect(search.segments.map(\.first) == [1, 501, 1001, 1501])
        #expect(search.onsets.map(\.feature) == ["x"])
        let onset = try #require(search.onsets.first)
        #expect(onset.log == 1501 && onset.release == 1 && !onset.atRelease)
    }

    @Test func noOnsetWithoutDrift() throws {
        let report = try monitor("quiet")
        #expect(report.drift.report?.features.contains(where: \.drifted) == false)
        #expect(report.drift.onset == nil)
        #expect(!run("monitor quiet").output.contains { $0.hasPrefix("drift onset") })
    }

    /// A window from the release on holds only shifted requests: the drift is there from its
    /// first request, which is the release's.
    @Test func aWindowFromTheReleaseDriftsFromItsStart() throws {
        let result = run("monitor production --since 2")
        let search = try #require((result.value as? MonitorReport)?.drift.onset)
        #expect(search.first == 1001 && search.segments.map(\.first) == [1001, 1501])
        #expect(search.onsets.map(\.log) == [1001] && search.onsets.first?.atRelease == true)
    }

    @Test func theTextNamesTheRequestTheReleaseAndTheData() throws {
        let output = run("monitor production").output
        let data = try secondExtract().replacingOccurrences(
            of: #"@([0-9a-f]{12})[0-9a-f]{52}"#, with: "@$1", options: .regularExpression)
        #expect(
            output.contains(
                "drift onset: log 1–2000 cut at each release and into blocks of about 500 requests, 4 segments, "
                    + "each tested as above (Kolmogorov-Smirnov p-values asymptotic)"))
        #expect(
            output.contains {
                $0.hasPrefix("x drifts from log 1001, from the first request of release 2 (model models@")
                    && $0.contains("trained on \(data))")
            }, "\(output.joined(separator: "\n"))")
        #expect(!output.contains { $0.hasPrefix("h drifts") || $0.hasPrefix("c drifts") })
    }

    /// Each segment's p-values against scipy's `ks_2samp(method="asymp")` and `chi2_contingency`.
    @Test(
        .enabled(
            if: ScipyFixture.python != nil,
            "needs scipy: .ci/run installs it into .build/venv-onnx (or set TUSK_PYTHON)"))
    func theSegmentsPValuesAreScipys() throws {
        let search = try #require(try monitor("production").drift.onset)
        let script = """
            import csv, sys, json
            from scipy.stats import ks_2samp, chi2_contingency
            def read(path):
                with open(path) as f: return list(csv.DictReader(f))
            ref = read(sys.argv[1])
            served = read(sys.argv[2]) + read(sys.argv[3])
            out = []
            for k in range(0, len(served), 500):
                new = served[k:k + 500]
                x = ks_2samp([float(r["x"]) for r in ref], [float(r["x"]) for r in new], method="asymp").pvalue
                levels = sorted({r["c"] for r in ref + new})
                table = [[sum(r["c"] == l for r in rows) for l in levels] for rows in (ref, new)]
                h = ks_2samp([float(r["h"]) for r in ref], [float(r["h"]) for r in new], method="asymp").pvalue
                out.append([x, chi2_contingency(table)[1], h])
            print(json.dumps(out))
            """
        let output = try ScipyFixture.run(
            ["-c", script] + ["train2.csv", "before.csv", "after.csv"].map { directory + "/" + $0 })
        let values = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[Double]])
        #expect(values.count == search.segments.count)
        for (segment, expected) in zip(search.segments, values) {
            let features = try #require(segment.report?.features)
            for (name, p) in zip(["x", "c", "h"], expected) {
                let ours = try #require(features.first { $0.name == name }?.pValue)
                #expect(abs(ours - p) <= 1e-9 * max(p, 1e-300) + 1e-14, "\(name) on log \(segment.first)")
            }
        }
    }
}
