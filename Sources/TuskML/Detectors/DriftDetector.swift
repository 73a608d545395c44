/// Per-feature drift between a reference table and new data, as Alibi Detect's TabularDrift:
/// a two-sample Kolmogorov–Smirnov test per numeric feature, a chi-squared test per categorical
/// feature, and a Bonferroni correction (each test at α / number of features).
public enum DriftDetector {
    public struct Feature: Sendable {
        public let name: String
        /// "ks" or "chi2".
        public let test: String
        public let statistic: Double
        public let pValue: Double
        public let drifted: Bool
    }

    public struct Report: Sendable {
        public let referenceRows: Int
        public let rows: Int
        public let alpha: Double
        /// α divided by the number of features tested.
        public let threshold: Double
        public let features: [Feature]

        public var drifted: Bool { features.contains { $0.drifted } }
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
        let threshold = alpha / Double(names.count)
        var features: [Feature] = []
        for name in names {
            let old = reference.column(named: name)!, new = data.column(named: name)!
            let result: TwoSampleTests.Result
            let test: String
            switch (old.values, new.values) {
            case (.numeric(let a), .numeric(let b)):
                result = TwoSampleTests.kolmogorovSmirnov(a, b)
                test = "ks"
            default:
                let (a, b) = counts(old, new)
                result = TwoSampleTests.chiSquared(a, b)
                test = "chi2"
            }
            features.append(
                Feature(
                    name: name, test: test, statistic: result.statistic, pValue: result.pValue,
                    drifted: result.pValue < threshold))
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
        for value in first { x[value.map { index[$0]! } ?? categories.count] += 1 }
        for value in second { y[value.map { index[$0]! } ?? categories.count] += 1 }
        return (x, y)
    }
}
