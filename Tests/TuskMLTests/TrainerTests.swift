import Foundation
import Testing

@testable import TuskML

@Suite struct TrainerTests {
    let fingerprint = DataFingerprint(source: "t", rows: 0, sha256: "")

    @Test(arguments: TrainedModel.Kind.allCases)
    func saysWhenNothingIsLeftToLearnFrom(kind: TrainedModel.Kind) throws {
        let data = try table("age,sex,label\n30,Male,yes\n40,Female,no\n50,Male,yes\n")
        let excluded = try LabeledData(table: data, target: "label", exclude: ["age", "sex"])
        let error = #expect(throws: MLError.self) { try Trainer.train(kind, on: excluded, fingerprint: fingerprint) }
        #expect(
            error?.message == "nothing left to learn from: every column but the label 'label' is excluded (age, sex)")
        #expect(error?.subject == .column("sex"))
        #expect(error?.kind == .unusableData)
        let onlyLabel = try LabeledData(table: try table("label\nyes\nno\n"), target: "label")
        let alone = #expect(throws: MLError.self) { try Trainer.train(kind, on: onlyLabel, fingerprint: fingerprint) }
        #expect(
            alone?.description == "t.csv: nothing to learn from: the only column is the label 'label' "
                + "(give data with feature columns besides the label)")
    }

    @Test func treesWithoutFeaturesPredictTheBaseRate() {
        let labels: [UInt8] = [1, 0, 0, 1, 1, 1, 0, 1]
        var options = GradientBoosting.Options()
        options.iterations = 50
        let model = GradientBoosting.fit(FeatureMatrix(rows: 8, columns: []), labels: labels, options: options)
        let p = model.probabilities(FeatureMatrix(rows: 1, columns: []))[0]
        #expect(abs(p - 5.0 / 8) < 1e-9)
    }
}
