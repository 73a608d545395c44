/// Scores single records fast: the model's columns and category levels are looked up once, so a
/// record costs a few dictionary lookups and a dot product (or a walk down each tree).
///
/// What serving uses for one request at a time; ``TrainedModel/probabilities(_:missingColumnsAreMissing:)``
/// is for tables.
public struct RecordScorer: Sendable {
    /// A field of a record: a number, a category, or nothing.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case text(String)
        case missing
    }

    let model: TrainedModel
    let levelIndex: [[String: Int32]]

    public init(_ model: TrainedModel) {
        self.model = model
        levelIndex = model.encoder.categorical.map(\.codes)
    }

    /// The probability of the positive class for one record (absent fields count as missing); NaN
    /// when its score is not finite.
    public func probability(_ record: [String: Value]) -> Double {
        switch model.parameters {
        case .logistic(let logistic): Self.probability(logOdds(record, logistic))
        case .boosted(let boosted): Self.probability(logOdds(record, boosted))
        }
    }

    /// The probability for a log-odds, or NaN when the log-odds is not finite: the caller refuses
    /// to answer with it (an infinite log-odds means the arithmetic overflowed, not certainty).
    static func probability(_ logOdds: Double) -> Double {
        logOdds.isFinite ? LogisticRegression.sigmoid(logOdds) : .nan
    }

    private func logOdds(_ record: [String: Value], _ logistic: LogisticRegression) -> Double {
        let encoder = model.encoder
        var z = logistic.intercept
        for (j, feature) in encoder.numeric.enumerated() {
            if case .number(let v)? = record[feature.name] {
                z += logistic.weights[j] * (v - feature.mean) / feature.scale
            }
        }
        for (c, feature) in encoder.categorical.enumerated() {
            switch record[feature.name] {
            case .text(let text)?:
                if let code = levelIndex[c][text] { z += logistic.weights[feature.offset + Int(code)] }
            case .number(let number)?:
                if let code = levelIndex[c][NumberFormat.shortest(number)] {
                    z += logistic.weights[feature.offset + Int(code)]
                }
            default:
                if let missing = feature.missingIndex { z += logistic.weights[feature.offset + missing] }
            }
        }
        return z
    }

    private func logOdds(_ record: [String: Value], _ boosted: GradientBoosting) -> Double {
        let encoder = model.encoder
        var numbers = [Double](repeating: .nan, count: encoder.numeric.count)
        for (j, feature) in encoder.numeric.enumerated() {
            if case .number(let v)? = record[feature.name] { numbers[j] = v }
        }
        var codes = [Int32](repeating: -1, count: encoder.categorical.count)
        for (c, feature) in encoder.categorical.enumerated() {
            switch record[feature.name] {
            case .text(let text)?: codes[c] = levelIndex[c][text] ?? -1
            case .number(let number)?: codes[c] = levelIndex[c][NumberFormat.shortest(number)] ?? -1
            default: break
            }
        }
        return boosted.rawScore(numbers: numbers, codes: codes)
    }
}

extension GradientBoosting {
    /// The raw score of one row given as numbers (NaN for missing) and category codes (-1 for missing).
    public func rawScore(numbers: [Double], codes: [Int32]) -> Double {
        var score = baseline
        let p = numbers.count
        for tree in trees {
            var index = 0
            while true {
                let node = tree.nodes[index]
                if node.feature < 0 { break }
                let left: Bool
                if node.feature < p {
                    let v = numbers[node.feature]
                    left = v.isNaN ? node.missingGoesLeft : v <= node.threshold
                } else {
                    let code = codes[node.feature - p]
                    left =
                        code < 0 || code >= 255
                        ? node.missingGoesLeft : node.leftCategories[Int(code) >> 6] & (1 << UInt64(code & 63)) != 0
                }
                index = left ? node.left : node.right
            }
            score += tree.nodes[index].value
        }
        return score
    }
}
