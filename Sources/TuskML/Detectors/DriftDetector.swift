/// Per-feature drift between a reference table and new data, as Alibi Detect's TabularDrift:
/// a two-sample Kolmogorov–Smirnov test per numeric feature, a chi-squared test per categorical
/// feature, and a Bonferroni correction (each test at α / number of features tested). A numeric
/// feature with no values on one side cannot be tested, and is reported as such, never as "no drift".
public enum DriftDetector {
    public struct Feature: Sendable {
        public let name: String
        /// "ks" or "chi2".
        public let test: String
        /// NaN when the test could not run.
        public let statistic: Double
        public let pValue: Double
        public let drifted: Bool
        /// Why the test could not run (a numeric column with no values on one side), or nil.
        public let cannotJudge: String?
    }

    public struct Report: Sendable {
        public let referenceRows: Int
        public let rows: Int
        public let alpha: Double
        /// α divided by the number of features tested.
        public let threshold: Double
        public let features: [Feature]

        public var drifted: Bool { features.contains { $0.drifted } }
        /// The features whose test could not run: no verdict on them, drift or not.
        public var unjudged: [Feature] { features.filter { $0.cannotJudge != nil } }
    }

    /// Tests every column present in both tables, except `exclude` (the label, ids).
    public static func compare(
        reference: Table, data: Table, exclude: [String] = [], alpha: Double = 0.05
    ) throws(MLError) -> Report {
        let names = reference.columns.map(\.name).filter { name in
            !exclude.contains(name) && data.column(named: name) != nil
        }
        guard !names.isEmpty else {
            throw MLError(
                "\(reference.source) and \(data.source) share no feature columns", file: data.source,
                help: "compare data with the same layout")
        }
        var tests: [(name: String, test: String, result: TwoSampleTests.Result?, cannotJudge: String?)] = []
        for name in names {
            guard let old = reference.column(named: name), let new = data.column(named: name) else { continue }
            switch (old.values, new.values) {
            case (.numeric(let a), .numeric(let b)):
                // KS compares the values present; with none on a side there is nothing to compare,
                // which is no evidence of "no drift".
                if !a.contains(where: { !$0.isNaN }) {
                    tests.append((name, "ks", nil, "no values in the reference"))
                } else if !b.contains(where: { !$0.isNaN }) {
                    tests.append((name, "ks", nil, "no values in the new data"))
                } else {
                    tests.append((name, "ks", TwoSampleTests.kolmogorovSmirnov(a, b), nil))
                }
            default:
                let (a, b) = counts(old, new)
                tests.append((name, "chi2", TwoSampleTests.chiSquared(a, b), nil))
            }
        }
        let tested = tests.filter { $0.result != nil }.count
        let threshold = alpha / Double(max(tested, 1))
        let features = tests.map { test in
            Feature(
                name: test.name, test: test.test, statistic: test.result?.statistic ?? .nan,
                pValue: test.result?.pValue ?? .nan, drifted: (test.result?.pValue ?? 1) < threshold,
                cannotJudge: test.cannotJudge)
        }
        return Report(
            referenceRows: reference.rowCount, rows: data.rowCount, alpha: alpha, threshold: threshold,
            features: features)
    }

    /// Counts per category over the union of both columns' categories (missing is one more).
    static func counts(_ a: Table.Column, _ b: Table.Column) -> ([Int], [Int]) {
        func texts(_ column: Table.Column) -> [String?] {
            switch column.values {
            case .numeric(let values): values.map { $0.isNaN ? nil : NumberFormat.shortest($0) }
            case .categorical(let codes, let levels): codes.map { $0 < 0 ? nil : levels[Int($0)] }
            }
        }
        let first = texts(a), second = texts(b)
        let categories = Array(Set(first.compactMap { $0 } + second.compactMap { $0 })).sorted()
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var x = [Int](repeating: 0, count: categories.count + 1), y = x
        for value in first { x[value.flatMap { index[$0] } ?? categories.count] += 1 }
        for value in second { y[value.flatMap { index[$0] } ?? categories.count] += 1 }
        return (x, y)
    }
}
