import Foundation

/// Two-sample tests with scipy's definitions: `ks_2samp` and `chi2_contingency`.
public enum TwoSampleTests {
    public struct Result: Sendable, Equatable {
        public let statistic: Double
        public let pValue: Double
        /// Degrees of freedom (chi-squared only).
        public let dof: Int?
    }

    /// How the Kolmogorov–Smirnov p-value is computed, as `ks_2samp`'s `method`.
    public enum KSMethod: Sendable {
        /// Exact when neither sample exceeds 10,000 values (scipy's default).
        case auto
        /// Always the asymptotic distribution: O(n log n), where the exact count of lattice paths
        /// costs O(n₁·n₂) (a search testing twenty segments of 5,000 against 8,000 took seconds).
        case asymptotic
    }

    /// Two-sided two-sample Kolmogorov–Smirnov test, as `scipy.stats.ks_2samp(method="auto")`:
    /// the exact p-value when neither sample exceeds 10,000 values; beyond that, the one-sample
    /// distribution at n = round(mn / (m + n)) (`kstwo.sf`). Missing values (NaN) are left out.
    public static func kolmogorovSmirnov(_ a: [Double], _ b: [Double], method: KSMethod = .auto) -> Result {
        kolmogorovSmirnov(sorted: present(a), b, method: method)
    }

    /// The values of `a` that are not missing, sorted: what the test compares, prepared once for
    /// a sample tested many times (the reference of a drift search).
    static func present(_ a: [Double]) -> [Double] { a.filter { !$0.isNaN }.sorted() }

    /// ``kolmogorovSmirnov(_:_:)`` with the first sample already ``present(_:)``.
    static func kolmogorovSmirnov(sorted x: [Double], _ b: [Double], method: KSMethod = .auto) -> Result {
        let y = present(b)
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else { return Result(statistic: .nan, pValue: .nan, dof: nil) }
        // The largest gap between the two empirical CDFs, evaluated at every data point.
        var i = 0, j = 0
        var d = 0.0
        while i < n1 || j < n2 {
            let value = min(i < n1 ? x[i] : .infinity, j < n2 ? y[j] : .infinity)
            while i < n1 && x[i] <= value { i += 1 }
            while j < n2 && y[j] <= value { j += 1 }
            d = max(d, abs(Double(i) / Double(n1) - Double(j) / Double(n2)))
        }
        if method == .auto, max(n1, n2) <= 10_000, let exact = exactKSPValue(n1, n2, d) {
            return Result(statistic: exact.d, pValue: exact.p, dof: nil)
        }
        // Large samples: the one-sample distribution at n = round(mn / (m + n)), as scipy does.
        let m = Double(max(n1, n2)), n = Double(min(n1, n2))
        let en = Int((m * n / (m + n)).rounded(.toNearestOrEven))
        return Result(statistic: d, pValue: SpecialFunctions.kolmogorovSurvival(n: en, d), dof: nil)
    }

    /// The exact two-sided p-value of the two-sample statistic d, by counting lattice paths that
    /// leave the band |x/m - y/n| < d (Hodges; the 1 - p recursion of Viehmann, 2021).
    static func exactKSPValue(_ n1: Int, _ n2: Int, _ statistic: Double) -> (d: Double, p: Double)? {
        let g = gcd(n1, n2)
        let lcm = (n1 / g) * n2
        let h = Int((statistic * Double(lcm)).rounded(.toNearestOrEven))
        let d = Double(h) / Double(lcm)
        if h == 0 { return (d, 1) }
        if n1 == n2 {
            // Paths outside the square's two diagonals.
            var p = 0.0
            var k = n1 / h
            while k >= 0 {
                var p1 = 1.0
                for j in 0..<h { p1 = Double(n1 - k * h - j) * p1 / Double(n1 + k * h + j + 1) }
                p = p1 * (1 - p)
                k -= 1
            }
            return (d, min(max(2 * p, 0), 1))
        }
        let (m, n) = n1 >= n2 ? (n1, n2) : (n2, n1)
        let mg = m / g, ng = n / g
        var minj = 0, maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let length = min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1, count: max(length, 1))
        for k in minj..<min(maxj, a.count) { a[k] = 0 }
        for i in 1...m {
            let lastminj = minj, lastlen = curlen
            minj = max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
            minj = min(minj, n)
            maxj = min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
            if maxj <= minj { return (d, 1) }
            var value = minj == 0 ? 0.0 : 1.0
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                value = (a[jj + minj - lastminj] * Double(i) + value * Double(j)) / Double(i + j)
                a[jj] = value
            }
            curlen = maxj - minj
            if lastlen > curlen {
                for k in (maxj - minj)..<min(maxj - minj + lastlen - curlen, a.count) { a[k] = 1 }
            }
        }
        let p = a[maxj - minj - 1]
        guard p.isFinite, p >= 0, p <= 1 else { return nil }
        return (d, p)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Chi-squared test of independence on a 2 × k table of category counts, as
    /// `scipy.stats.chi2_contingency` (Yates' correction when there is one degree of freedom).
    /// Categories absent from both samples are left out.
    public static func chiSquared(_ first: [Int], _ second: [Int]) -> Result {
        let columns = zip(first, second).filter { $0.0 + $0.1 > 0 }
        guard columns.count > 1 else { return Result(statistic: 0, pValue: 1, dof: 0) }
        let total1 = Double(columns.reduce(0) { $0 + $1.0 }), total2 = Double(columns.reduce(0) { $0 + $1.1 })
        guard total1 > 0, total2 > 0 else { return Result(statistic: .nan, pValue: .nan, dof: nil) }
        let total = total1 + total2
        let dof = columns.count - 1
        var statistic = 0.0
        for (a, b) in columns {
            let column = Double(a + b)
            for (observed, rowTotal) in [(Double(a), total1), (Double(b), total2)] {
                let expected = rowTotal * column / total
                var o = observed
                if dof == 1 {
                    let difference = expected - o
                    o += min(0.5, abs(difference)) * (difference > 0 ? 1 : (difference < 0 ? -1 : 0))
                }
                statistic += (o - expected) * (o - expected) / expected
            }
        }
        return Result(statistic: statistic, pValue: SpecialFunctions.chiSquaredSurvival(statistic, dof: dof), dof: dof)
    }
}
