import Foundation
import Testing

@testable import TuskML

/// A small dataset whose scikit-learn fit is known (StandardScaler + OneHotEncoder +
/// LogisticRegression(C=1, solver="newton-cholesky", tol=1e-12), scikit-learn 1.9.1).
let smallCSV = """
    age,hours,sex,job,label
    25,40,Male,clerk,no
    38,50,Male,manager,yes
    28,40,Female,clerk,no
    44,45,Female,manager,yes
    52,60,Male,owner,yes
    23,20,Female,clerk,no
    36,40,Male,clerk,no
    47,50,Female,owner,yes
    31,35,Male,manager,no
    60,30,Female,owner,no
    29,45,Male,owner,yes
    41,40,Female,clerk,yes
    33,38,Female,manager,no
    55,55,Male,manager,yes
    26,25,Male,clerk,no

    """

@Suite struct LogisticRegressionTests {
    let data: LabeledData
    let encoder: FeatureEncoder
    let x: EncodedRows

    init() throws {
        data = try LabeledData(table: try table(smallCSV), target: "label")
        encoder = FeatureEncoder.fit(data)
        x = try encoder.encode(data.table)
    }

    @Test func encodesLikeScikitLearn() {
        #expect(
            encoder.featureNames == ["age", "hours", "sex=Female", "sex=Male", "job=clerk", "job=manager", "job=owner"])
        #expect(x.dense[0] == (25 - encoder.numeric[0].mean) / encoder.numeric[0].scale)
        #expect(Array(x.hot.prefix(2)) == [3, 4])
    }

    @Test func findsTheSameOptimumAsScikitLearn() throws {
        let model = try LogisticRegression.fit(x, width: encoder.width, labels: data.labels)
        let expected = [
            0.4553466737192929, 1.4979637435835969, 0.048441933114354144, -0.04844193311435422, -0.30078991319459975,
            0.060500512947321686, 0.240289400247278,
        ]
        for (ours, theirs) in zip(model.weights, expected) { #expect(abs(ours - theirs) < 1e-9) }
        #expect(abs(model.intercept - -0.1626041806022978) < 1e-9)
        #expect(model.finalGradient < 1e-10)
    }

    @Test func metricsMatchScikitLearn() throws {
        let model = try LogisticRegression.fit(x, width: encoder.width, labels: data.labels)
        let metrics = BinaryMetrics(labels: data.labels, probabilities: model.probabilities(x))
        #expect(metrics.accuracy == 14.0 / 15)
        #expect(metrics.precision == 1)
        #expect(abs(metrics.recall - 0.8571428571428571) < 1e-12)
        #expect(abs(metrics.f1 - 0.9230769230769231) < 1e-12)
        #expect(metrics.rocAUC == 1)
        #expect(abs(metrics.logLoss - 0.30445905372269944) < 1e-9)
        #expect(metrics.confusion == [[8, 0], [1, 6]])
    }

    @Test func aucCountsTiesAsHalf() {
        #expect(BinaryMetrics.auc([0, 1, 0, 1], [0.1, 0.5, 0.5, 0.9]) == 0.875)
        #expect(BinaryMetrics.auc([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5)
    }

    @Test func unseenLevelsEncodeAsZeros() throws {
        let other = try table("age,hours,sex,job,label\n30,40,Other,pilot,no\n")
        let encoded = try encoder.encode(other)
        #expect(encoded.hot == [-1, -1])
        let missing = #expect(throws: MLError.self) { try encoder.encode(try table("age,sex\n30,Male\n")) }
        #expect(missing?.message == "no column 'hours', which the model was trained on")
    }

    @Test(.enabled(if: AdultFixture.isPresent, AdultFixture.absent))
    func fitsTheRealAdultFileToScikitLearnsAccuracy() throws {
        let all = try AdultFixture.table()
        #expect(all.rowCount == 32561)
        let (train, test) = try AdultFixture.split(all)
        let encoder = FeatureEncoder.fit(train)
        let model = try LogisticRegression.fit(
            try encoder.encode(train.table), width: encoder.width, labels: train.labels)
        let metrics = BinaryMetrics(
            labels: test.labels, probabilities: model.probabilities(try encoder.encode(test.table)))
        // scikit-learn 1.9.1 on the same split and preprocessing: accuracy 0.8497, ROC AUC 0.9097 (bench/reference.py).
        #expect(abs(metrics.accuracy - 0.8497) < 0.00051)
        #expect(abs(metrics.rocAUC - 0.9097) < 0.00051)
    }
}
