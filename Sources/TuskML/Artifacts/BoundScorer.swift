/// Scores the rows of one table, one row at a time, as a router answers requests: the model's
/// features are matched with the table's columns, and the table's category levels with the
/// model's, once; a row then costs a dot product (or a walk down each tree) with no lookup by
/// name or by string.
///
/// Gives the same probabilities as ``TrainedModel/probabilities(_:missingColumnsAreMissing:)``
/// with absent columns missing, and the outlier detector's distance of each row.
public struct BoundScorer: Sendable {
    /// Where a feature's value is found in the table.
    enum Source: Sendable {
        case numbers([Double])
        /// Model codes per row (-1: missing), the table's levels already translated.
        case codes([Int32])
        /// The table has no such column: every value is missing.
        case absent
    }

    let model: TrainedModel
    let numeric: [Source]
    let categorical: [Source]

    public init(_ model: TrainedModel, table: Table) {
        self.model = model
        let encoder = model.encoder
        numeric = encoder.numeric.map { feature in
            guard let column = table.column(named: feature.name) else { return .absent }
            switch column.values {
            case .numeric(let values): return .numbers(values)
            case .categorical(let codes, let levels):
                // Numbers written as text ("39"): read once per level.
                let parsed = levels.map { Double($0) ?? .nan }
                return .numbers(codes.map { $0 < 0 ? .nan : parsed[Int($0)] })
            }
        }
        categorical = encoder.categorical.map { feature in
            guard let column = table.column(named: feature.name) else { return .absent }
            let known = feature.codes
            switch column.values {
            case .categorical(let codes, let levels):
                // A level the model never saw is -2: no slot for logistic regression, the
                // missing branch for trees (as ``RecordScorer`` scores it).
                let translated = levels.map { known[$0] ?? -2 }
                return .codes(codes.map { $0 < 0 ? -1 : translated[Int($0)] })
            case .numeric(let values):
                return .codes(values.map { $0.isNaN ? -1 : known[NumberFormat.shortest($0)] ?? -2 })
            }
        }
    }

    /// The probability of the positive class for row `row`; NaN when its score is not finite.
    public func probability(row: Int) -> Double {
        switch model.parameters {
        case .logistic(let logistic): Self.probability(logOdds(row, logistic))
        case .boosted(let boosted): Self.probability(logOdds(row, boosted))
        }
    }

    /// The probability for a log-odds, or NaN when the log-odds is not finite: the caller refuses
    /// to answer with it (an infinite log-odds means the arithmetic overflowed, not certainty).
    static func probability(_ logOdds: Double) -> Double {
        logOdds.isFinite ? LogisticRegression.sigmoid(logOdds) : .nan
    }

    private func logOdds(_ row: Int, _ logistic: LogisticRegression) -> Double {
        let encoder = model.encoder
        var z = logistic.intercept
        for j in 0..<numeric.count {
            guard case .numbers(let values) = numeric[j] else { continue }
            let v = values[row]
            if !v.isNaN { z += logistic.weights[j] * (v - encoder.numeric[j].mean) / encoder.numeric[j].scale }
        }
        for c in 0..<categorical.count {
            let feature = encoder.categorical[c]
            let code: Int32
            if case .codes(let codes) = categorical[c] { code = codes[row] } else { code = -1 }
            if code >= 0 {
                z += logistic.weights[feature.offset + Int(code)]
            } else if code == -1, let missing = feature.missingIndex {
                z += logistic.weights[feature.offset + missing]
            }
        }
        return z
    }

    private func logOdds(_ row: Int, _ boosted: GradientBoosting) -> Double {
        var numbers = [Double](repeating: .nan, count: numeric.count)
        for j in 0..<numeric.count {
            if case .numbers(let values) = numeric[j] { numbers[j] = values[row] }
        }
        var codes = [Int32](repeating: -1, count: categorical.count)
        for c in 0..<categorical.count {
            if case .codes(let values) = categorical[c] { codes[c] = max(values[row], -1) }
        }
        return boosted.rawScore(numbers: numbers, codes: codes)
    }

    /// The Mahalanobis distance of row `row`'s numeric features from the training centre (missing
    /// values at the centre), as the model's outlier detector measures it.
    public func outlierDistance(row: Int) -> Double {
        let detector = model.outliers
        let d = numeric.count
        guard d > 0, detector.isFitted else { return 0 }
        var x = [Double](repeating: 0, count: d)
        for j in 0..<d {
            guard case .numbers(let values) = numeric[j] else { continue }
            let v = values[row]
            if !v.isNaN { x[j] = (v - model.encoder.numeric[j].mean) / model.encoder.numeric[j].scale }
        }
        return x.withUnsafeBufferPointer { detector.distance($0) }
    }
}
