import Foundation

/// McNemar's test: do two classifiers scored on the same labelled requests differ in accuracy?
/// Only the discordant requests count — `onlyFirst` right where the second is wrong, and
/// `onlySecond` the reverse — so it is paired, where comparing two accuracies as independent
/// samples would throw away that both saw the same requests.
public struct McNemarTest: Sendable, Equatable {
    /// Requests the first classifier got right and the second wrong.
    public let onlyFirst: Int
    /// Requests the second classifier got right and the first wrong.
    public let onlySecond: Int
    /// The exact test's statistic, min(b, c), as statsmodels reports it.
    public let statistic: Int
    /// Two-sided p-value of the exact (binomial) test.
    public let pValue: Double

    /// The exact test, `statsmodels.stats.contingency_tables.mcnemar(table)` with its default
    /// `exact=True`: under no difference each discordant request is a fair coin, so
    /// p = min(1, 2 · P(Binomial(b + c, ½) ≤ min(b, c))). Exact at every size, so no rule of
    /// thumb about when the chi-squared approximation holds is needed.
    public init(onlyFirst: Int, onlySecond: Int) {
        self.onlyFirst = onlyFirst
        self.onlySecond = onlySecond
        statistic = min(onlyFirst, onlySecond)
        pValue = min(1, 2 * Self.fairCoinCDF(statistic, trials: onlyFirst + onlySecond))
    }

    /// The discordant requests in all.
    public var discordant: Int { onlyFirst + onlySecond }

    /// The chi-squared form with Edwards' continuity correction, `mcnemar(table, exact=False)`:
    /// (|b − c| − 1)² / (b + c) on 1 degree of freedom. Infinite statistic and p = 0 with no
    /// discordant requests, as statsmodels gives.
    public var chiSquared: (statistic: Double, pValue: Double) {
        let b = Double(onlyFirst), c = Double(onlySecond)
        let statistic = (abs(b - c) - 1) * (abs(b - c) - 1) / (b + c)
        guard statistic.isFinite else { return (.infinity, 0) }
        return (statistic, SpecialFunctions.chiSquaredSurvival(statistic, dof: 1))
    }

    /// P(X ≤ k) for X ~ Binomial(n, ½), for k ≤ n / 2: the terms from k down, each from the one
    /// above by C(n, i − 1) = C(n, i) · i / (n − i + 1), starting from C(n, k) / 2ⁿ in logs so
    /// that n in the millions neither overflows nor underflows before it matters.
    static func fairCoinCDF(_ k: Int, trials n: Int) -> Double {
        guard n > 0 else { return 1 }
        guard k < n else { return 1 }
        let logChoose: Double = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        let logTerm: Double = logChoose - Double(n) * M_LN2
        var term = exp(logTerm), sum = 0.0
        var i = k
        while i >= 0 {
            sum += term
            if term < sum * 1e-17 { break }
            term *= Double(i) / Double(n - i + 1)
            i -= 1
        }
        return min(1, sum)
    }

    /// How many discordant requests in all the exact test needs to reach p < `alpha`, if the
    /// second classifier keeps winning `secondShare` of them (the current effect size); nil when
    /// no number up to `limit` would (a share of exactly ½ never does).
    public static func discordantNeeded(secondShare: Double, alpha: Double = 0.05, limit: Int = 10_000_000) -> Int? {
        guard secondShare.isFinite, abs(secondShare - 0.5) > 1e-12 else { return nil }
        // The normal approximation's answer, z² / (2q − 1)², is close: search from below it.
        let z = NormalDistribution.twoSidedCritical(confidence: 1 - alpha)
        let approximate = z * z / ((2 * secondShare - 1) * (2 * secondShare - 1))
        guard approximate < Double(limit) else { return nil }
        var total = max(1, Int(approximate / 2))
        while total <= limit {
            let second = Int((secondShare * Double(total)).rounded())
            if McNemarTest(onlyFirst: total - second, onlySecond: second).pValue < alpha { return total }
            total += 1
        }
        return nil
    }
}
