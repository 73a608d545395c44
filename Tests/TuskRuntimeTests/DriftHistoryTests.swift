import Foundation
import Testing
import TuskCommands
import TuskCore
import TuskStore

@testable import TuskRuntime

/// `drift REPO@A:/PATH vs REPO@B:/PATH` names the commit where each feature began to drift: on a
/// chain of twenty commits with drift injected at known commits, it must name exactly those.
@Suite struct DriftHistoryTests {
    let directory: String
    let session: Session
    /// The data of each commit, 0 the reference, then the twenty after it.
    var versions: [String] = []
    /// x shifts from commit 13 on; c takes a new level at commits 6 to 8, goes back, and takes
    /// it again from commit 17 on; h never moves.
    static let shiftX = 13
    static let levelC: Set<Int> = [6, 7, 8, 17, 18, 19, 20]

    /// Deterministic draws: a linear congruential generator and Box-Muller.
    struct Draws {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
        mutating func level() -> String { ["a", "b", "c"][Int(uniform() * 3)] }
        mutating func row(shift: Double = 0, level: String? = nil) -> String {
            let x = normal() + shift, h = normal() * 10 + 40
            return "\(String(format: "%.4f", x)),\(level ?? self.level()),\(String(format: "%.2f", h)),y"
        }
    }

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("tusk-drift-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var draws = Draws(state: 42)
        let reference = (0..<300).map { _ in draws.row() }
        var extra: [String] = []
        var shifted = Draws(state: 7), newLevel = Draws(state: 9)
        let xRows = (0..<200).map { _ in shifted.row(shift: 3) }
        let cRows = (0..<200).map { _ in newLevel.row(level: "d") }
        for k in 0...20 {
            if k > 0 { extra += (0..<20).map { _ in draws.row() } }
            var rows = reference + extra
            if k >= Self.shiftX { rows += xRows }
            if Self.levelC.contains(k) { rows += cRows }
            versions.append("x,c,h,label\n" + rows.joined(separator: "\n") + "\n")
        }
        session = Session(store: try Store.inMemory(), baseDirectory: directory)
        #expect(run("create repo d").succeeded)
        for (k, text) in versions.enumerated() {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/v\(k).csv"))
            #expect(run("put file d@master:/t.csv -f v\(k).csv -m \"batch \(k)\"").succeeded)
            // A commit between that writes another file: counted, never read.
            if k == 10 { #expect(run("put file d@master:/notes.txt -f v0.csv -m notes").succeeded) }
        }
    }

    func run(_ text: String) -> CommandResult { session.execute(SourceText(name: "<test>", text: text)) }

    func report() throws -> DriftReport {
        let result = run("drift d@master^21:/t.csv vs d@master:/t.csv --target label")
        #expect(result.succeeded, "\(result.error?.message ?? "")")
        return try #require(result.value as? DriftReport)
    }

    @Test func eachDriftingFeatureIsFoundAtTheCommitThatInjectedIt() throws {
        let report = try report()
        #expect(report.drifted == ["x", "c"])
        let history = try #require(report.history)
        #expect(history.commits == 21)
        #expect(history.versions.count == 20)
        #expect(history.versions.map(\.writer.message) == (1...20).map { "batch \($0)" })
        let onsets = Dictionary(uniqueKeysWithValues: history.onsets.map { ($0.feature, $0) })
        #expect(onsets["x"]?.writer.message == "batch \(Self.shiftX)")
        #expect(onsets["x"]?.crossings == 1)
        // c crossed at 6, fell back at 9, and crossed again at 17: the drift it has now began at 17.
        #expect(onsets["c"]?.writer.message == "batch 17")
        #expect(onsets["c"]?.crossings == 2)
        #expect(onsets["h"] == nil)
        // The versions before the onset do not drift; the onset and every one after it do.
        for (index, version) in history.versions.enumerated() {
            let k = index + 1
            let x = try #require(version.features.first { $0.name == "x" })
            #expect(x.drifted == (k >= Self.shiftX), "x at batch \(k): p \(x.pValue)")
            let c = try #require(version.features.first { $0.name == "c" })
            #expect(c.drifted == Self.levelC.contains(k), "c at batch \(k): p \(c.pValue)")
            #expect(version.features.first { $0.name == "h" }?.drifted == false)
            #expect(version.threshold == 0.05 / 3)
        }
        // The newest version's p-values are the report's own.
        #expect(history.versions.last?.features.map(\.pValue) == report.features.map(\.pValue))
    }

    @Test func theTextNamesTheCommitAndShowsEachVersion() throws {
        let output = run("drift d@master^21:/t.csv vs d@master:/t.csv --target label").output
        let x13 = try #require(try report().history?.onsets.first { $0.feature == "x" })
        #expect(output.contains("drift by commit: 21 commits after the reference, 20 versions of /t.csv tested"))
        #expect(
            output.contains {
                $0.hasPrefix("x  ") && $0.contains("  \(x13.writer.commit)  ") && $0.hasSuffix("by hand  batch 13")
            })
        #expect(output.contains { $0.hasPrefix("c (crossed 2 times)") && $0.hasSuffix("batch 17") })
    }

    @Test func noHistoryUnlessOneFileAtAnAncestor() throws {
        #expect(
            try #require(run("drift d@master:/t.csv vs d@master^21:/t.csv --target label").value as? DriftReport)
                .history == nil)
        #expect(
            try #require(run("drift v0.csv vs d@master:/t.csv --target label").value as? DriftReport).history == nil)
    }

    /// The p-values of the onset versions, against scipy's `ks_2samp` and `chi2_contingency`.
    @Test(
        .enabled(
            if: ScipyFixture.python != nil,
            "needs scipy: .ci/run installs it into .build/venv-onnx (or set TUSK_PYTHON)"))
    func theOnsetPValuesAreScipys() throws {
        let history = try #require(try report().history)
        let script = """
            import csv, sys, json
            from scipy.stats import ks_2samp, chi2_contingency
            def read(path):
                with open(path) as f: return list(csv.DictReader(f))
            ref = read(sys.argv[1])
            out = {}
            for path in sys.argv[2:]:
                new = read(path)
                x = ks_2samp([float(r["x"]) for r in ref], [float(r["x"]) for r in new]).pvalue
                levels = sorted({r["c"] for r in ref + new})
                table = [[sum(r["c"] == l for r in rows) for l in levels] for rows in (ref, new)]
                out[path] = [x, chi2_contingency(table)[1]]
            print(json.dumps(out))
            """
        let paths = [directory + "/v0.csv"] + (1...20).map { directory + "/v\($0).csv" }
        let output = try ScipyFixture.run(["-c", script] + paths)
        let values = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [Double]])
        for (index, version) in history.versions.enumerated() {
            let expected = try #require(values[directory + "/v\(index + 1).csv"])
            let x = try #require(version.features.first { $0.name == "x" }?.pValue)
            let c = try #require(version.features.first { $0.name == "c" }?.pValue)
            #expect(abs(x - expected[0]) <= 1e-9 * max(expected[0], 1e-300) + 1e-14, "x at batch \(index + 1)")
            #expect(abs(c - expected[1]) <= 1e-9 * max(expected[1], 1e-300) + 1e-14, "c at batch \(index + 1)")
        }
    }
}

/// A Python with scipy: `$TUSK_PYTHON`, else `.build/venv-onnx` (where .ci/run installs scipy).
enum ScipyFixture {
    static let python: String? = {
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let candidates = [
            ProcessInfo.processInfo.environment["TUSK_PYTHON"], project + "/.build/venv-onnx/bin/python3",
        ]
        for candidate in candidates.compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(["-c", "import scipy"], python: candidate)) != nil { return candidate }
        }
        return nil
    }()

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Standard output of the Python run with `arguments`; throws when it fails.
    static func run(_ arguments: [String], python: String? = nil) throws -> String {
        let process = Process()
        guard let executable = python ?? Self.python else { throw Failed(description: "no Python with scipy") }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(description: errors) }
        return output
    }
}
