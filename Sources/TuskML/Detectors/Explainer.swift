/// Per-feature contributions to one prediction, in log-odds, adding up with the base value to the
/// model's score.
///
/// For logistic regression the contributions are exact (Shapley values of a linear model with
/// independent features): each feature's weight times its distance from the training average,
/// a categorical feature counting its active level against the training level frequencies.
/// For boosted trees they follow each tree's decision path (Saabas): every split on the path
/// credits its feature with the change in node value.
public struct Explanation: Sendable {
    public struct Contribution: Sendable {
        public let feature: String
        /// The record's value, as text ("?" when missing).
        public let value: String
        public let logOdds: Double
    }

    public let probability: Double
    public let logOdds: Double
    /// The score of an average training row, before any feature's contribution.
    public let base: Double
    /// Strongest first.
    public let contributions: [Contribution]
}

public enum Explainer {
    /// Explains the model's prediction for the first row of `table`.
    public static func explain(_ model: TrainedModel, row table: Table, missingColumnsAreMissing: Bool = true)
        throws(MLError) -> Explanation
    {
        let encoder = model.encoder
        let names = encoder.numeric.map(\.name) + encoder.categorical.map(\.name)
        var base: Double
        var parts = [Double](repeating: 0, count: names.count)
        let matrix = try encoder.matrix(table, missingColumnsAreMissing: missingColumnsAreMissing)
        switch model.parameters {
        case .logistic(let logistic):
            let rows = try encoder.encode(table, missingColumnsAreMissing: missingColumnsAreMissing)
            base = logistic.intercept
            for j in 0..<encoder.numeric.count { parts[j] = logistic.weights[j] * rows.dense[j] }
            for (c, feature) in encoder.categorical.enumerated() {
                let weights = logistic.weights[feature.offset..<(feature.offset + feature.width)]
                let average = zip(weights, feature.frequencies).reduce(0) { $0 + $1.0 * $1.1 }
                let slot = Int(rows.hot[c])
                parts[encoder.numeric.count + c] = (slot >= 0 ? logistic.weights[slot] : 0) - average
                base += average
            }
        case .boosted(let boosted):
            let explained = boosted.contributions(row: 0, matrix)
            base = explained.bias
            parts = explained.byFeature
        }
        let logOdds = base + parts.reduce(0, +)
        guard logOdds.isFinite, parts.allSatisfy(\.isFinite) else {
            throw MLError.nonFiniteScore(logOdds.isFinite ? .nan : logOdds, row: 0, of: 1, source: table.source)
        }
        var contributions: [Explanation.Contribution] = []
        for (j, name) in names.enumerated() {
            let value: String
            switch matrix.columns[j] {
            case .numeric(let values): value = values[0].isNaN ? "?" : NumberFormat.display(values[0])
            case .categorical(let codes, _):
                let levels = encoder.categorical[j - encoder.numeric.count].levels
                let code = Int(codes[0])
                if code >= 0 && code < levels.count {
                    value = levels[code]
                } else if let text = rawText(name, in: table) {
                    value = text + (code >= 0 ? " (infrequent)" : " (unseen)")
                } else {
                    value = "?"
                }
            }
            contributions.append(Explanation.Contribution(feature: name, value: value, logOdds: parts[j]))
        }
        contributions.sort {
            abs($0.logOdds) > abs($1.logOdds) || (abs($0.logOdds) == abs($1.logOdds) && $0.feature < $1.feature)
        }
        return Explanation(
            probability: LogisticRegression.sigmoid(logOdds), logOdds: logOdds, base: base, contributions: contributions
        )
    }

    /// A categorical value without a slot of its own, as the record wrote it.
    private static func rawText(_ name: String, in table: Table) -> String? {
        switch table.column(named: name)?.values {
        case .categorical(let codes, let levels)? where codes[0] >= 0: levels[Int(codes[0])]
        case .numeric(let values)? where !values[0].isNaN: NumberFormat.shortest(values[0])
        default: nil
        }
    }

    /// The mean absolute contribution of every feature over the rows of `table`, in the order of
    /// the encoder's features (numerics, then categoricals): how much the model leans on each.
    public static func importance(_ model: TrainedModel, on table: Table) throws(MLError) -> [(
        feature: String, value: Double
    )] {
        let encoder = model.encoder
        let names = encoder.numeric.map(\.name) + encoder.categorical.map(\.name)
        var totals = [Double](repeating: 0, count: names.count)
        let n = table.rowCount
        switch model.parameters {
        case .logistic(let logistic):
            let rows = try encoder.encode(table)
            let averages = encoder.categorical.map { feature in
                zip(logistic.weights[feature.offset..<(feature.offset + feature.width)], feature.frequencies)
                    .reduce(0) { $0 + $1.0 * $1.1 }
            }
            for i in 0..<n {
                for j in 0..<encoder.numeric.count {
                    totals[j] += abs(logistic.weights[j] * rows.dense[i * rows.numericWidth + j])
                }
                for c in 0..<encoder.categorical.count {
                    let slot = Int(rows.hot[i * rows.categoricalWidth + c])
                    totals[encoder.numeric.count + c] += abs((slot >= 0 ? logistic.weights[slot] : 0) - averages[c])
                }
            }
        case .boosted(let boosted):
            let matrix = try encoder.matrix(table)
            for i in 0..<n {
                let parts = boosted.contributions(row: i, matrix).byFeature
                for j in 0..<parts.count { totals[j] += abs(parts[j]) }
            }
        }
        if let bad = totals.firstIndex(where: { !$0.isFinite }) {
            throw MLError(
                "the contributions of '\(names[bad])' over \(table.source) are not finite", kind: .numerical,
                file: table.source,
                help: "its numbers are too extreme for the model; check them against the training data",
                remedy: .compareWithTraining)
        }
        return zip(names, totals.map { n == 0 ? 0 : $0 / Double(n) }).map { ($0, $1) }
    }
}
