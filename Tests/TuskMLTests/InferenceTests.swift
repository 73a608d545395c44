import Foundation
import Testing

@testable import TuskML

/// The intervals and the paired test against the libraries people check them with. Reference
/// values from statsmodels 0.15.0 and scipy 1.17.1:
///
///     from statsmodels.stats.proportion import proportion_confint
///     from statsmodels.stats.contingency_tables import mcnemar
///     proportion_confint(c, n, alpha=0.05, method="wilson")
///     mcnemar([[100, b], [c, 100]]); mcnemar([[100, b], [c, 100]], exact=False)
///     scipy.stats.norm.ppf(p)
@Suite struct InferenceTests {
    @Test(arguments: [
        (0, 10, 0.0, 0.27753279986288926),
        (10, 10, 0.7224672001371106, 1.0),
        (7, 10, 0.39677814746114537, 0.8922087325936989),
        (412, 500, 0.78818582871064, 0.854873598670274),
        (4123, 5000, 0.8138104744156909, 0.8348911334815781),
        (1, 1, 0.2065493143772374, 1.0),
    ])
    func wilsonMatchesStatsmodels(successes: Int, trials: Int, lower: Double, upper: Double) {
        let interval = ProportionInterval.wilson(successes: successes, trials: trials)
        #expect(abs(interval.lower - lower) < 1e-12, "\(interval)")
        #expect(abs(interval.upper - upper) < 1e-12, "\(interval)")
    }

    @Test func wilsonAtAnotherLevelAndWithNoTrials() {
        let interval = ProportionInterval.wilson(successes: 412, trials: 500, confidence: 0.99)
        #expect(abs(interval.lower - 0.7759705931194659) < 1e-12 && abs(interval.upper - 0.863543191212592) < 1e-12)
        let empty = ProportionInterval.wilson(successes: 0, trials: 0)
        #expect(empty.lower.isNaN && empty.upper.isNaN && empty.estimate.isNaN)
    }

    @Test(arguments: [
        (0, 0, 0, 1.0, Double.infinity, 0.0),
        (3, 9, 3, 0.14599609375, 2.0833333333333335, 0.14891467317876161),
        (10, 10, 10, 1.0, 0.05, 0.8230632737581214),
        (25, 60, 25, 0.00018679938527835335, 13.6, 0.0002261855258713229),
        (1200, 1290, 1200, 0.07447227260285276, 3.1811244979919677, 0.07449344763467641),
        (0, 7, 0, 0.015625, 5.142857142857143, 0.02334220201289086),
        (40, 1, 1, 3.8198777474462986e-11, 35.21951219512195, 2.945574533099054e-09),
    ])
    func mcnemarMatchesStatsmodels(b: Int, c: Int, statistic: Int, p: Double, chi2: Double, chi2P: Double) {
        let test = McNemarTest(onlyFirst: b, onlySecond: c)
        #expect(test.statistic == statistic)
        #expect(abs(test.pValue - p) <= 1e-12 + 1e-9 * p, "\(test.pValue) vs \(p)")
        #expect(test.chiSquared.statistic == chi2 || abs(test.chiSquared.statistic - chi2) < 1e-12)
        #expect(abs(test.chiSquared.pValue - chi2P) < 1e-12, "\(test.chiSquared.pValue) vs \(chi2P)")
    }

    @Test func normalQuantileMatchesScipy() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-15)
        #expect(abs(NormalDistribution.quantile(0.995) - 2.5758293035489004) < 1e-15)
        #expect(abs(NormalDistribution.quantile(1e-10) - -6.361340902404056) < 1e-13)
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(NormalDistribution.quantile(0) == -.infinity && NormalDistribution.quantile(1.5).isNaN)
    }

    /// The sample size is the first at which the exact test itself decides, not the normal
    /// approximation's guess.
    @Test func discordantNeededIsTheFirstSizeThatDecides() throws {
        let needed = try #require(McNemarTest.discordantNeeded(secondShare: 0.6))
        let second = { (total: Int) in Int((0.6 * Double(total)).rounded()) }
        #expect(McNemarTest(onlyFirst: needed - second(needed), onlySecond: second(needed)).pValue < 0.05)
        for total in (needed / 2)..<needed {
            #expect(McNemarTest(onlyFirst: total - second(total), onlySecond: second(total)).pValue >= 0.05, "\(total)")
        }
        #expect(McNemarTest.discordantNeeded(secondShare: 0.5) == nil)
        // A huge sample: the binomial tail of two million coin flips neither overflows nor stalls.
        #expect(McNemarTest(onlyFirst: 1_000_000, onlySecond: 1_000_000).pValue == 1)
        #expect(McNemarTest(onlyFirst: 1_000_000, onlySecond: 1_010_000).pValue < 1e-6)
    }
}
