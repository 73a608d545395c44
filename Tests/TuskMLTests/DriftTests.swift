import Foundation
import Testing

@testable import TuskML

/// Reference values from scipy 1.17.1 (ks_2samp, chi2_contingency, chi2.sf).
@Suite struct DriftTests {
    @Test func kolmogorovSmirnovMatchesScipy() {
        let r = TwoSampleTests.kolmogorovSmirnov([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8, 9])
        #expect(abs(r.statistic - 0.5714285714285714) < 1e-12)
        #expect(abs(r.pValue - 0.23737373737373738) < 1e-12)
        let equal = TwoSampleTests.kolmogorovSmirnov([0.1, 0.5, 0.9, 1.3], [0.2, 1.0, 1.5, 2.0])
        #expect(abs(equal.pValue - 0.7714285714285716) < 1e-12)
        #expect(TwoSampleTests.kolmogorovSmirnov([1, 2, .nan], [1, 2]).pValue == 1)
    }

    @Test func chiSquaredMatchesScipy() {
        #expect(abs(TwoSampleTests.chiSquared([10, 30], [20, 25]).pValue - 0.0999616438735349) < 1e-12)
        #expect(TwoSampleTests.chiSquared([10, 30], [20, 25]).dof == 1)
        #expect(abs(TwoSampleTests.chiSquared([10, 20, 5], [30, 25, 9]).pValue - 0.17341413450612236) < 1e-12)
        #expect(abs(SpecialFunctions.chiSquaredSurvival(3.5, dof: 7) - 0.8352254826103422) < 1e-13)
        #expect(abs(SpecialFunctions.chiSquaredSurvival(250, dof: 40) / 3.4695368870539687e-32 - 1) < 1e-9)
    }

    @Test func theCollectedDataDriftsAsScipySays() throws {
        guard let census = FileManager.default.contents(atPath: "datasets/census.csv"),
            let collected = FileManager.default.contents(atPath: "datasets/collected.csv")
        else {
            Issue.record("datasets/ is missing")
            return
        }
        let reference = try TableLoader.load(try CSVReader.parse([UInt8](census), source: "census.csv"))
        let data = try TableLoader.load(try CSVReader.parse([UInt8](collected), source: "collected.csv"))
        let report = try DriftDetector.compare(reference: reference, data: data, exclude: ["income"])
        let byName = Dictionary(uniqueKeysWithValues: report.features.map { ($0.name, $0) })
        #expect(report.features.count == 14)
        #expect(abs(report.threshold - 0.05 / 14) < 1e-15)
        #expect(abs(byName["age"]!.statistic - 0.1360) < 5e-5 && abs(byName["age"]!.pValue / 1.039e-55 - 1) < 1e-3)
        #expect(abs(byName["hours-per-week"]!.pValue / 2.74e-24 - 1) < 1e-3)
        #expect(abs(byName["fnlwgt"]!.pValue - 0.5201) < 5e-5)
        #expect(abs(byName["education"]!.statistic - 14.6217) < 5e-5 && abs(byName["education"]!.pValue - 0.479) < 5e-4)
        #expect(abs(byName["sex"]!.statistic - 0.9899) < 5e-5 && abs(byName["sex"]!.pValue - 0.3198) < 5e-5)
        #expect(abs(byName["native-country"]!.pValue / 6.336e-44 - 1) < 1e-3)
        #expect(
            Set(report.features.filter(\.drifted).map(\.name)) == [
                "age", "workclass", "marital-status", "occupation", "relationship", "hours-per-week", "native-country",
            ])
    }
}

@Suite struct DriftVerdictTests {
    @Test func aNumericColumnWithNoValuesCannotBeJudged() throws {
        let reference = try table("age,hours,sex\n30,40,M\n40,45,F\n50,38,F\n35,60,M\n")
        let data = try table("age,hours,sex\n?,40,M\n?,41,F\n?,39,M\n")
        let report = try DriftDetector.compare(reference: reference, data: data)
        let age = try #require(report.features.first { $0.name == "age" })
        #expect(age.cannotJudge == "no values in the new data")
        #expect(!age.drifted && age.pValue.isNaN)
        #expect(report.unjudged.map(\.name) == ["age"])
        // Bonferroni over the two features that were tested.
        #expect(report.threshold == 0.05 / 2)
        let backwards = try DriftDetector.compare(reference: data, data: reference)
        #expect(backwards.unjudged.first?.cannotJudge == "no values in the reference")
    }
}

/// Samples above 10,000 values take scipy's asymptotic path; reference values from scipy 1.17.1
/// on the real UCI Adult file.
@Suite struct LargeSampleDriftTests {
    @Test(.enabled(if: AdultFixture.isPresent, AdultFixture.absent))
    func largeSamplesMatchScipy() throws {
        let table = try AdultFixture.table()
        func numbers(_ name: String) -> [Double] {
            guard case .numeric(let values)? = table.column(named: name)?.values else { return [] }
            return values
        }
        let age = numbers("age"), fnlwgt = numbers("fnlwgt"), years = numbers("education-num")
        let cases: [([Double], [Double], Double, Double)] = [
            (Array(age[..<16000]), Array(age[16000...]), 0.006778670521103813, 0.8461350218771414),
            (
                stride(from: 0, to: fnlwgt.count, by: 2).map { fnlwgt[$0] },
                stride(from: 1, to: fnlwgt.count, by: 2).map { fnlwgt[$0] },
                0.010230621092976011, 0.3593209126963879
            ),
            (Array(years[..<12000]), Array(years[12000..<30000]), 0.007777777777777772, 0.7733269067153216),
        ]
        for (a, b, statistic, p) in cases {
            let result = TwoSampleTests.kolmogorovSmirnov(a, b)
            #expect(abs(result.statistic - statistic) < 1e-12)
            #expect(abs(result.pValue - p) < 1e-6, "p-value \(result.pValue), scipy \(p)")
        }
        guard case .categorical(let sexes, let levels)? = table.column(named: "sex")?.values else {
            Issue.record("column 'sex' is not categorical")
            return
        }
        let male = Int32(levels.firstIndex(of: "Male")!)
        let hours = numbers("hours-per-week")
        let result = TwoSampleTests.kolmogorovSmirnov(
            hours.indices.filter { sexes[$0] == male }.map { hours[$0] },
            hours.indices.filter { sexes[$0] != male }.map { hours[$0] })
        #expect(abs(result.pValue / 7.133826038952015e-289 - 1) < 1e-6, "p-value \(result.pValue)")
    }
}

/// Where drift began along a history of versions: the start of the last unbroken run.
@Suite struct DriftOnsetTests {
    static func report(_ drifted: [String: Bool]) -> DriftDetector.Report {
        DriftDetector.Report(
            referenceRows: 10, rows: 10, alpha: 0.05, threshold: 0.025,
            features: drifted.keys.sorted().map { name in
                DriftDetector.Feature(
                    name: name, test: "ks", statistic: 0, pValue: drifted[name]! ? 0.001 : 0.5,
                    drifted: drifted[name]!, cannotJudge: nil)
            })
    }

    @Test func theLastRunOfDriftStartsTheOnset() {
        // a: from version 2 on; b: versions 1-2, then 4 on; c: never; d: only before the end.
        let pattern: [[String: Bool]] = [
            ["a": false, "b": false, "c": false, "d": false],
            ["a": false, "b": true, "c": false, "d": true],
            ["a": true, "b": true, "c": false, "d": true],
            ["a": true, "b": false, "c": false, "d": false],
            ["a": true, "b": true, "c": false, "d": false],
            ["a": true, "b": true, "c": false, "d": false],
        ]
        let onsets = DriftOnset.onsets(pattern.map(Self.report))
        #expect(onsets.map(\.feature) == ["a", "b"])
        #expect(onsets.map(\.version) == [2, 4])
        #expect(onsets.map(\.crossings) == [1, 2])
        // Drifting from the first version: its onset is the first.
        #expect(DriftOnset.onsets([Self.report(["a": true]), Self.report(["a": true])]).map(\.version) == [0])
        #expect(DriftOnset.onsets([]).isEmpty)
    }

    /// A version without the feature breaks its run, as a version with no drift does.
    @Test func aMissingFeatureDoesNotDrift() {
        let onsets = DriftOnset.onsets([Self.report(["a": true]), Self.report(["b": false]), Self.report(["a": true])])
        #expect(onsets.map(\.version) == [2])
        #expect(onsets.map(\.crossings) == [2])
    }
}
