/// How evenly decisions fall across the groups of one protected attribute.
///
/// The all-group gaps and ratios are Fairlearn's definitions; the privileged-versus-rest figures
/// follow AIF360's signed convention (unprivileged minus, or over, privileged, with every group
/// other than the privileged one pooled as unprivileged).
public struct GroupFairness: Sendable, Codable {
    public let groups: [GroupStatistics]
    /// Fairlearn `demographic_parity_difference`: largest minus smallest selection rate.
    public let demographicParityDifference: Double
    /// Fairlearn `demographic_parity_ratio`: smallest over largest selection rate.
    public let demographicParityRatio: Double
    /// Fairlearn `equal_opportunity_difference`: largest minus smallest true positive rate.
    public let equalOpportunityDifference: Double
    /// Fairlearn `equalized_odds_difference`: the larger of the TPR and FPR gaps.
    public let equalizedOddsDifference: Double
    /// AIF360 `disparate_impact`: selection rate of the unprivileged over the privileged.
    public let disparateImpact: Double
    /// AIF360 `statistical_parity_difference`: unprivileged minus privileged selection rate.
    public let statisticalParityDifference: Double
    /// AIF360 `equal_opportunity_difference`: unprivileged minus privileged true positive rate.
    public let equalOpportunitySigned: Double
    /// Unprivileged minus privileged false positive rate.
    public let falsePositiveRateSigned: Double

    /// AIF360 `average_odds_difference`: the mean of the FPR and TPR differences.
    public var averageOddsDifference: Double { 0.5 * (falsePositiveRateSigned + equalOpportunitySigned) }

    /// Fairness of `decisions` on rows whose attribute codes are `codes` (-1: unknown, left out).
    public init(codes: [Int32], levels: [String], privileged: Int32, labels: [UInt8], decisions: [UInt8]) {
        groups = Auditor.groupStatistics(codes: codes, levels: levels, labels: labels, decisions: decisions)
        let (rest, top) = Auditor.pooled(codes, privileged, levels, labels, decisions)
        let selection = groups.map(\.selectionRate)
        let high = selection.max() ?? 0
        demographicParityDifference = Auditor.spread(selection)
        demographicParityRatio = high > 0 ? selection.min()! / high : .nan
        equalOpportunityDifference = Auditor.spread(groups.map(\.truePositiveRate))
        equalizedOddsDifference = max(equalOpportunityDifference, Auditor.spread(groups.map(\.falsePositiveRate)))
        disparateImpact = top.selectionRate > 0 ? rest.selectionRate / top.selectionRate : .nan
        statisticalParityDifference = rest.selectionRate - top.selectionRate
        equalOpportunitySigned = rest.truePositiveRate - top.truePositiveRate
        falsePositiveRateSigned = rest.falsePositiveRate - top.falsePositiveRate
    }
}
