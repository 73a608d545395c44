import TuskML

extension GraphBuilder {
    /// The logistic regression's log-odds, `[N, 1]` doubles, computed as ``FeatureEncoder/encode``
    /// and the model compute them: numerics standardized ((v − mean) · 1/scale, a missing value 0,
    /// and v/scale − mean/scale where the difference overflows), then the dot product with the
    /// weights; each categorical column adds its slot's weight (the missing slot's for a missing
    /// value when training saw one, nothing for a level never seen); then the intercept.
    mutating func logOdds(_ model: LogisticRegression, _ encoder: FeatureEncoder) -> String {
        var terms: [String] = []
        let p = encoder.numeric.count
        if p > 0 {
            let x = doubleMatrix(encoder.numeric.map(\.name))
            let means = encoder.numeric.map(\.mean)
            let inverses = encoder.numeric.map { 1 / $0.scale }
            let inverse = doubles(inverses, shape: [p], "inverse_scale")
            let scaled = apply("Mul", [apply("Sub", [x, doubles(means, shape: [p], "mean")]), inverse])
            let scaledMeans = zip(means, inverses).map { $0 * $1 }
            let fallback = apply("Sub", [apply("Mul", [x, inverse]), doubles(scaledMeans, shape: [p], "scaled_mean")])
            let finite = apply("Where", [apply("IsInf", [scaled]), fallback, scaled])
            let standardized = apply("Where", [apply("IsNaN", [x]), doubles([0], shape: [], "zero"), finite])
            let weights = doubles(Array(model.weights.prefix(p)), shape: [p, 1], "weights")
            terms.append(apply("MatMul", [standardized, weights]))
        }
        for feature in encoder.categorical {
            let code = slotCodes(feature, missing: feature.missingIndex.map { Int64($0) + 1 } ?? 0)
            let slots = model.weights[feature.offset..<(feature.offset + feature.width)]
            let table = doubles([0] + slots, shape: [feature.width + 1], "weights")
            terms.append(apply("Gather", [table, code]))
        }
        terms.append(doubles([model.intercept], shape: [1], "intercept"))
        return apply("Sum", terms)
    }
}
