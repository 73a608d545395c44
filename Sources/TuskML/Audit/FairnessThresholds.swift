/// The lines an audit draws; every one can be changed by the user.
public struct FairnessThresholds: Sendable, Equatable, Codable {
    /// The four-fifths rule: the unprivileged selection rate at least this share of the privileged one.
    public var minDisparateImpact = 0.8
    /// Largest acceptable gap in true positive rates, privileged versus the rest (equal opportunity).
    public var maxEqualOpportunityDifference = 0.1
    /// Largest acceptable gap in true or false positive rates, privileged versus the rest (equalized odds).
    public var maxEqualizedOddsDifference = 0.1
    /// Largest acceptable share of decisions that change when only the attribute is swapped.
    public var maxFlipRate = 0.05
    /// Association (Cramér's V or the correlation ratio) from which a feature counts as a proxy.
    public var proxyAssociation = 0.3

    public init() {}
}
