/// The lines an audit draws; every one can be changed by the user.
public struct FairnessThresholds: Sendable, Equatable, Codable {
    /// The four-fifths rule: each group's selection rate at least this share of the privileged one's.
    public var minDisparateImpact = 0.8
    /// Largest acceptable gap in true positive rates, each group versus the privileged one (equal opportunity).
    public var maxEqualOpportunityDifference = 0.1
    /// Largest acceptable gap in false positive rates, each group versus the privileged one (with
    /// the TPR gap, equalized odds).
    public var maxEqualizedOddsDifference = 0.1
    /// Largest acceptable share of decisions that change when only the attribute is swapped.
    public var maxFlipRate = 0.05
    /// Association (Cramér's V or the correlation ratio) from which a feature counts as a proxy.
    public var proxyAssociation = 0.3
    /// Groups with fewer rows are shown but left out of the verdict: with 15 rows, one person more
    /// or less moves a rate by 0.07, so a gap there says more about chance than about the model.
    /// 30 is the usual rule of thumb for a proportion's normal approximation.
    public var minGroupSize = 30

    public init() {}
}
