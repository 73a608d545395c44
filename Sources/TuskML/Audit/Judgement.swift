/// The answer to one question an audit asks of an attribute (does the model rely on it? do its
/// outcomes differ by group?): pass, fail, or cannot judge, and the figures or reasons behind it.
public struct Judgement: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Equatable, Codable {
        case pass
        case fail
        case cannotJudge = "cannot judge"
    }

    public let outcome: Outcome
    /// The thresholds broken (fail), why nothing can be said (cannot judge), or the figures a pass
    /// rests on, each with its figure: `flip rate 0.6590 > 0.05`.
    public let reasons: [String]

    public init(_ outcome: Outcome, _ reasons: [String]) {
        self.outcome = outcome
        self.reasons = reasons
    }
}

/// One group of a protected attribute against the privileged group, on the figures the
/// thresholds apply to.
public struct GroupComparison: Sendable, Equatable, Codable {
    public let group: String
    public let rows: Int
    /// The group's selection rate over the privileged group's: the four-fifths rule's ratio
    /// (1 when neither selects anyone, infinite when only this group is selected).
    public let selectionRatio: Double
    /// The group's true positive rate minus the privileged group's (NaN without positives).
    public let truePositiveRateGap: Double
    /// The group's false positive rate minus the privileged group's (NaN without negatives).
    public let falsePositiveRateGap: Double
}

/// How much a model's decisions depend on one attribute alone: the share that change when only
/// the attribute is swapped, or why there is no such share.
public enum FlipRate: Sendable, Equatable {
    case measured(Double)
    /// The model does not use the attribute (it was excluded, or never in its data): it cannot rely
    /// on it directly, though proxies may carry it.
    case notAFeature
    /// No row has a group to swap (every value is missing), and the model knows no other group.
    case nothingToSwap

    public var value: Double? {
        if case .measured(let value) = self { value } else { nil }
    }
}
