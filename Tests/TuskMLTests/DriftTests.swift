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
