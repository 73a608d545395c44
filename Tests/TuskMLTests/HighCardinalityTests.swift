import Foundation
import Testing

@testable import TuskML

/// Categorical columns with many levels: rare levels pooled as scikit-learn's OneHotEncoder pools
/// them, and a solver whose cost does not grow with the cube of the encoded width.
@Suite struct HighCardinalityTests {
    typealias Options = FeatureEncoder.Options

    /// A table of `rows` rows whose `city` column has `levels` levels, level k seen about
    /// `rows / (k + 1)` times (a long tail), and a label that follows x.
    func data(rows: Int, levels: Int) throws -> LabeledData {
        var random = SeededGenerator(seed: UInt64(levels))
        var csv = "x,city,label\n"
        for i in 0..<rows {
            let x = random.normal()
            let city = i < levels ? i : Int(random.uniform() * random.uniform() * Double(levels))
            csv += "\(x),c\(city),\(x + random.normal() + (city % 3 == 0 ? 0.5 : 0) > 0 ? "yes" : "no")\n"
        }
        return try LabeledData(table: try table(csv), target: "label")
    }

    /// The masks below are what `OneHotEncoder(max_categories=…, min_frequency=…)._identify_infrequent`
    /// returns for the same counts (scikit-learn's rules, including that ties keep the later level).
    @Test(arguments: [
        (Options(maxCategories: 3), [false, true, true, false, true]),
        (Options(minFrequency: 3), [false, true, false, false, true]),
        (Options(maxCategories: 3, minFrequency: 3), [false, true, true, false, true]),
        (Options(maxCategories: 1), [true, true, true, true, true]),
        (Options(maxCategories: 5), [false, true, false, false, false]),
        (Options(maxCategories: 6), [false, false, false, false, false]),
        (Options(), [false, false, false, false, false]),
    ])
    func picksInfrequentLevelsAsScikitLearnDoes(options: Options, expected: [Bool]) {
        #expect(FeatureEncoder.infrequentLevels([5, 1, 3, 3, 2], options) == expected)
    }

    @Test func pooledLevelsShareOneSlotAfterTheLevels() throws {
        let t = try table("city,y\nb,1\na,1\nb,0\nc,1\nd,0\nb,1\na,0\n,1\n", label: "y")
        let data = try LabeledData(table: t, target: "y")
        let encoder = FeatureEncoder.fit(data, options: Options(maxCategories: 3))
        let city = encoder.categorical[0]
        #expect(city.levels == ["a", "b"])
        #expect(city.infrequent == ["c", "d"])
        #expect(encoder.featureNames == ["city=a", "city=b", "city=<infrequent>", "city=?"])
        let shares: [Double] = [0.25, 0.375, 0.25, 0.125]
        #expect(city.frequencies == shares)
        #expect(encoder.pooled.map(\.column) == ["city"] && encoder.pooled[0].levels == 4)
        let rows = try encoder.encode(try table("city\na\nc\nd\nzebra\n?\n"))
        #expect(rows.hot == [0, 2, 2, -1, 3])
        let matrix = try encoder.matrix(try table("city\na\nc\nzebra\n"))
        guard case .categorical(let codes, let levels) = matrix.columns[0] else {
            Issue.record("city should be categorical")
            return
        }
        #expect(codes == [0, 2, -1] && levels == 3)
    }

    @Test func aModelWithPooledLevelsIsVersion2AndOneWithoutStaysVersion1() throws {
        let wide = try data(rows: 3000, levels: 400)
        let fingerprint = DataFingerprint(source: "t", rows: 3000, sha256: "")
        let pooled = try Trainer.train(.logistic, on: wide, fingerprint: fingerprint)
        #expect(pooled.version == 2)
        #expect(pooled.encoder.categorical[0].levels.count == 99)
        #expect(pooled.encoder.width == 1 + 99 + 1)
        #expect(try TrainedModel.load(pooled.jsonData(), source: "m.json") == pooled)
        let trees = try Trainer.train(.boosted, on: wide, fingerprint: fingerprint)
        #expect(trees.version == 2 && trees.encoder.categorical[0].levels.count == 254)
        let narrow = try data(rows: 300, levels: 20)
        #expect(try Trainer.train(.logistic, on: narrow, fingerprint: fingerprint).version == 1)
        let narrowModel = try Trainer.train(.logistic, on: narrow, fingerprint: fingerprint)
        let json = String(decoding: try narrowModel.jsonData(), as: UTF8.self)
        #expect(!json.contains("infrequent"))
    }

    /// scikit-learn 1.9.1: StandardScaler and OneHotEncoder(max_categories=2, handle_unknown="ignore"),
    /// then LogisticRegression(C=1, solver="newton-cholesky", tol=1e-12), on the same rows.
    @Test func pooledEncodingFitsAsScikitLearnDoes() throws {
        let data = try LabeledData(table: try table(smallCSV), target: "label")
        let encoder = FeatureEncoder.fit(data, options: Options(maxCategories: 2))
        #expect(
            encoder.featureNames == ["age", "hours", "sex=Male", "sex=<infrequent>", "job=clerk", "job=<infrequent>"])
        let model = try LogisticRegression.fit(
            try encoder.encode(data.table), width: encoder.width, labels: data.labels)
        let expected = [
            0.4586732159110412, 1.4865629964806282, -0.047658247553000375, 0.04765824755300037, -0.25800699095755575,
            0.25800699095755586,
        ]
        for (ours, theirs) in zip(model.weights, expected) { #expect(abs(ours - theirs) < 1e-9) }
        #expect(abs(model.intercept - -0.2540289057052172) < 1e-9)
    }

    @Test func conjugateGradientsReachScikitLearnsOptimum() throws {
        let data = try LabeledData(table: try table(smallCSV), target: "label")
        let encoder = FeatureEncoder.fit(data)
        var options = LogisticRegression.Options()
        options.directLimit = 1
        let model = try LogisticRegression.fit(
            try encoder.encode(data.table), width: encoder.width, labels: data.labels, options: options)
        // The same scikit-learn figures LogisticRegressionTests pins the Cholesky path to.
        let expected = [
            0.4553466737192929, 1.4979637435835969, 0.048441933114354144, -0.04844193311435422, -0.30078991319459975,
            0.060500512947321686, 0.240289400247278,
        ]
        for (ours, theirs) in zip(model.weights, expected) { #expect(abs(ours - theirs) < 1e-9) }
        #expect(abs(model.intercept - -0.1626041806022978) < 1e-9)
        #expect(model.finalGradient < 1e-10)
    }

    @Test func bothSolversAgreeOnAWideEncoding() throws {
        let wide = try data(rows: 4000, levels: 300)
        let encoder = FeatureEncoder.fit(wide)
        #expect(encoder.width == 301)
        let rows = try encoder.encode(wide.table)
        var options = LogisticRegression.Options()
        options.directLimit = .max
        let direct = try LogisticRegression.fit(rows, width: encoder.width, labels: wide.labels, options: options)
        options.directLimit = 100
        let iterative = try LogisticRegression.fit(rows, width: encoder.width, labels: wide.labels, options: options)
        #expect(iterative.finalGradient < 1e-10)
        let gap = zip(direct.weights, iterative.weights).map { abs($0 - $1) }.max() ?? .infinity
        #expect(gap < 1e-7)
        #expect(abs(direct.intercept - iterative.intercept) < 1e-7)
    }
}
