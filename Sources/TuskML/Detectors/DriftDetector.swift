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

    /// A reference table prepared once for many comparisons (a drift search tests up to twenty
    /// segments of a log against one training table): its numeric columns' values sorted, its
    /// categorical columns' counts per category. Comparisons against it give the same reports
    /// as against the table.
    public struct Reference: Sendable {
        public let table: Table
        let sorted: [String: [Double]]
        let counts: [String: (byText: [String: Int], missing: Int)]

        public init(_ table: Table) {
            self.table = table
            var sorted: [String: [Double]] = [:]
            var counts: [String: (byText: [String: Int], missing: Int)] = [:]
            for column in table.columns {
                switch column.values {
                case .numeric(let values): sorted[column.name] = TwoSampleTests.present(values)
                case .categorical: counts[column.name] = DriftDetector.counts(texts(column))
                }
            }
            self.sorted = sorted
            self.counts = counts
        }
    }

    /// Tests every column present in both tables, except `exclude` (the label, ids).
    public static func compare(
        reference: Table, data: Table, exclude: [String] = [], alpha: Double = 0.05
    ) throws(MLError) -> Report {
        try compare(reference: Reference(reference), data: data, exclude: exclude, alpha: alpha)
    }

    /// ``compare(reference:data:exclude:alpha:)`` against a prepared reference; `ks` chooses how
    /// the Kolmogorov–Smirnov p-values are computed.
    public static func compare(
        reference prepared: Reference, data: Table, exclude: [String] = [], alpha: Double = 0.05,
        ks: TwoSampleTests.KSMethod = .auto
    ) throws(MLError) -> Report {
        let reference = prepared.table
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
                let x = prepared.sorted[name] ?? TwoSampleTests.present(a)
                if x.isEmpty {
                    tests.append((name, "ks", nil, "no values in the reference"))
                } else if !b.contains(where: { !$0.isNaN }) {
                    tests.append((name, "ks", nil, "no values in the new data"))
                } else {
                    tests.append((name, "ks", TwoSampleTests.kolmogorovSmirnov(sorted: x, b, method: ks), nil))
                }
            default:
                let (a, b) = table(prepared.counts[name] ?? counts(texts(old)), counts(texts(new)))
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

    /// A column's values as category texts (a number in its shortest form), nil for missing.
    static func texts(_ column: Table.Column) -> [String?] {
        switch column.values {
        case .numeric(let values): values.map { $0.isNaN ? nil : NumberFormat.shortest($0) }
        case .categorical(let codes, let levels): codes.map { $0 < 0 ? nil : levels[Int($0)] }
        }
    }

    /// How many times each category occurs, and how many values are missing.
    static func counts(_ texts: [String?]) -> (byText: [String: Int], missing: Int) {
        var byText: [String: Int] = [:]
        var missing = 0
        for text in texts {
            if let text { byText[text, default: 0] += 1 } else { missing += 1 }
        }
        return (byText, missing)
    }

    /// Both columns' counts over the union of their categories, sorted (missing is one more).
    static func table(_ a: (byText: [String: Int], missing: Int), _ b: (byText: [String: Int], missing: Int))
        -> ([Int], [Int])
    {
        let categories = Set(a.byText.keys).union(b.byText.keys).sorted()
        return (
            categories.map { a.byText[$0] ?? 0 } + [a.missing], categories.map { b.byText[$0] ?? 0 } + [b.missing]
        )
    }
}
