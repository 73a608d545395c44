/// Scores the rows of one table, one row at a time, as a router answers requests: the model's
/// features are matched with the table's columns, and the table's category levels with the
/// model's, once; a row then costs a dot product (or a walk down each tree) with no lookup by
/// name or by string.
///
/// Gives the same probabilities as ``TrainedModel/probabilities(_:missingColumnsAreMissing:)``
/// with absent columns missing, and the outlier detector's distance of each row.
///
/// A value that holds one reference: the router keeps scorers in dictionaries and tuples and
/// copies them per request, which would otherwise retain every column and the whole model.
public struct BoundScorer: Sendable {
    private let bound: Bound

    public init(_ model: TrainedModel, table: Table) { self.init(Plan(model), table: table) }

    /// Binds a model whose ``Plan`` is kept: a router binding it to every request's table.
    public init(_ plan: Plan, table: Table) { bound = Bound(plan, table: table) }

    /// What binding reads of a model, gathered once: its features' names, the encoder's centres
    /// and scales, its categorical features' codes, first slots and missing slots (-1: none), as
    /// plain arrays. Gathered per binding, copying the encoder's features cost about as much as
    /// binding a one-row table (the bench's single request, under `perf`).
    public final class Plan: Sendable {
        public let model: TrainedModel
        let numericNames: [String]
        let means: [Double], scales: [Double]
        let categoricalNames: [String]
        let known: [[String: Int32]]
        let offsets: [Int], missingSlots: [Int]

        public init(_ model: TrainedModel) {
            self.model = model
            let encoder = model.encoder
            numericNames = encoder.numeric.map(\.name)
            means = encoder.numeric.map(\.mean)
            scales = encoder.numeric.map(\.scale)
            categoricalNames = encoder.categorical.map(\.name)
            known = encoder.categorical.map(\.codes)
            offsets = encoder.categorical.map(\.offset)
            missingSlots = encoder.categorical.map { $0.missingIndex ?? -1 }
        }
    }

    /// What a scorer holds: the model's plan and its features' columns of the table, bound once.
    private final class Bound: Sendable {
        let plan: Plan
        /// Per numeric feature, its values per row (NaN: missing); empty when the table has no
        /// such column (every value missing).
        let numbers: [[Double]]
        /// Per categorical feature, model codes per row (-1: missing; -2: a level the model never
        /// saw), the table's levels already translated; empty when the table has no such column.
        let codes: [[Int32]]

        var model: TrainedModel { plan.model }
        var means: [Double] { plan.means }
        var scales: [Double] { plan.scales }
        var offsets: [Int] { plan.offsets }
        var missingSlots: [Int] { plan.missingSlots }

        init(_ plan: Plan, table: Table) {
            self.plan = plan
            numbers = plan.numericNames.map { name in
                guard let column = table.column(named: name) else { return [] }
                switch column.values {
                case .numeric(let values): return values
                case .categorical(let codes, let levels):
                    // Numbers written as text ("39"): read once per level.
                    let parsed = levels.map { Double($0) ?? .nan }
                    return codes.map { $0 < 0 ? .nan : parsed[Int($0)] }
                }
            }
            codes = plan.categoricalNames.indices.map { c in
                guard let column = table.column(named: plan.categoricalNames[c]) else { return [] }
                let known = plan.known[c]
                switch column.values {
                case .categorical(let codes, let levels):
                    // A level the model never saw is -2: no slot for logistic regression, the
                    // missing branch for trees (as ``RecordScorer`` scores it). Each level looked
                    // up once, or each row when there are fewer rows (a request's table of one).
                    guard codes.count > levels.count else {
                        return codes.map { $0 < 0 ? -1 : known[levels[Int($0)]] ?? -2 }
                    }
                    let translated = levels.map { known[$0] ?? -2 }
                    return codes.map { $0 < 0 ? -1 : translated[Int($0)] }
                case .numeric(let values):
                    return values.map { $0.isNaN ? -1 : known[NumberFormat.shortest($0)] ?? -2 }
                }
            }
        }
    }

    /// The probability of the positive class for row `row`; NaN when its score is not finite.
    public func probability(row: Int) -> Double {
        switch bound.model.parameters {
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
        let weights = logistic.weights
        var z = logistic.intercept
        for (j, values) in bound.numbers.enumerated() where !values.isEmpty {
            let v = values[row]
            if !v.isNaN { z += weights[j] * (v - bound.means[j]) / bound.scales[j] }
        }
        for (c, codes) in bound.codes.enumerated() {
            let code = codes.isEmpty ? -1 : codes[row]
            if code >= 0 {
                z += weights[bound.offsets[c] + Int(code)]
            } else if code == -1, bound.missingSlots[c] >= 0 {
                z += weights[bound.offsets[c] + bound.missingSlots[c]]
            }
        }
        return z
    }

    private func logOdds(_ row: Int, _ boosted: GradientBoosting) -> Double {
        let numbers = bound.numbers.map { $0.isEmpty ? .nan : $0[row] }
        let codes = bound.codes.map { $0.isEmpty ? -1 : max($0[row], -1) }
        return boosted.rawScore(numbers: numbers, codes: codes)
    }

    /// The Mahalanobis distance of row `row`'s numeric features from the training centre (missing
    /// values at the centre), as the model's outlier detector measures it.
    public func outlierDistance(row: Int) -> Double {
        let d = bound.numbers.count
        guard d > 0, bound.model.outliers.isFitted else { return 0 }
        // On the stack: a request costs no allocation here.
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { x in
            for (j, values) in bound.numbers.enumerated() {
                let v = values.isEmpty ? .nan : values[row]
                x[j] = v.isNaN ? 0 : (v - bound.means[j]) / bound.scales[j]
            }
            return bound.model.outliers.distance(UnsafeBufferPointer(x))
        }
    }
}
