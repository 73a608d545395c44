import Foundation

/// A proportion with its confidence interval: an accuracy, a selection rate, an agreement rate.
public struct ProportionInterval: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    public let lower: Double
    public let upper: Double

    /// successes / trials (NaN with no trials).
    public var estimate: Double { trials == 0 ? .nan : Double(successes) / Double(trials) }

    /// Wilson's score interval, as `statsmodels.stats.proportion.proportion_confint(count, nobs,
    /// alpha, method="wilson")`. Chosen over the normal (Wald) interval because it keeps its
    /// coverage near 0 and 1, where accuracies and selection rates of small groups live, and never
    /// leaves [0, 1]. With no trials there is no interval: both bounds are NaN.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> ProportionInterval {
        guard trials > 0 else { return ProportionInterval(successes: successes, trials: 0, lower: .nan, upper: .nan) }
        let z = NormalDistribution.twoSidedCritical(confidence: confidence)
        let n = Double(trials), x = Double(successes), z2 = z * z
        let center = (x + z2 / 2) / (n + z2)
        let half = z / (n + z2) * (x * (n - x) / n + z2 / 4).squareRoot()
        return ProportionInterval(
            successes: successes, trials: trials, lower: max(0, center - half), upper: min(1, center + half))
    }
}
