/// What an audit found for one protected attribute, as two separate findings a student can tell
/// apart: whether the model *relies* on the attribute (the counterfactual flip rate, backed by
/// importance and coefficients), and whether its *outcomes* differ by group (selection and error
/// rates of each group against the privileged one), which a model can show without any reliance
/// when its data's labels differ by group.
public struct AttributeAudit: Sendable {
    public let attribute: String
    public let privileged: String
    /// Rates per group, Fairlearn's all-group gaps, AIF360's privileged-versus-rest figures.
    public let fairness: GroupFairness

    /// Share of decisions that change when only this attribute is swapped, or why there is none.
    public let flip: FlipRate
    /// The mean absolute contribution of the attribute to the model's log-odds over the audited
    /// rows, and its rank among all features (1 is the most relied on); nil when not a feature.
    public let importance: (value: Double, rank: Int, of: Int)?
    /// The model's log-odds weight of each level (logistic models), `sex=Male`.
    public let coefficients: [(name: String, weight: Double)]
    /// Other features associated with this attribute at or above the proxy threshold, strongest first.
    public let proxies: [(feature: String, association: Double)]
    /// Each group with enough rows against the privileged group: the figures the thresholds apply to.
    public let comparisons: [GroupComparison]
    /// Groups with fewer rows than the minimum: shown, but left out of the verdict.
    public let tooSmall: [GroupStatistics]
    /// Does the model rely on the attribute? (flip rate against its threshold)
    public let reliance: Judgement
    /// Do outcomes differ by group? (each comparison against the thresholds)
    public let outcomes: Judgement

    public var flipRate: Double? { flip.value }

    /// The thresholds this attribute breaks, worded ("flip rate 0.6590 > 0.05").
    public var failures: [String] {
        [reliance, outcomes].filter { $0.outcome == .fail }.flatMap(\.reasons)
    }
}

/// The audit of a model on labeled data: per protected attribute, reliance and outcome gaps, and a verdict.
public struct ModelAudit: Sendable {
    public let rows: Int
    public let positiveClass: String
    public let thresholds: FairnessThresholds
    public let attributes: [AttributeAudit]

    /// Fail when any finding fails; else cannot judge when any cannot be judged; else pass.
    public var verdict: Judgement.Outcome {
        Judgement.overall(attributes.flatMap { [$0.reliance, $0.outcomes] })
    }

    public var passed: Bool { verdict == .pass }
    /// The protected attributes the model is biased on.
    public var biasedFeatures: [String] { attributes.filter { !$0.failures.isEmpty }.map(\.attribute) }
}

/// The audit of a dataset's labels: how far the protected attributes alone predict them.
public struct DataAudit: Sendable {
    public struct Attribute: Sendable {
        public let attribute: String
        public let privileged: String
        public let groups: [GroupStatistics]
        /// Base rate of the unprivileged over the privileged (the labels' disparate impact, AIF360's pooled figure).
        public let disparateImpact: Double
        /// Largest minus smallest base rate.
        public let parityDifference: Double
        /// ROC AUC of predicting the label from this attribute alone.
        public let rocAUC: Double
        /// Each group with enough rows: its base rate over the privileged group's, which the verdict judges.
        public let ratios: [(group: String, ratio: Double)]
        /// Groups with fewer rows than the minimum: shown, but left out of the verdict.
        public let tooSmall: [GroupStatistics]
        public let judgement: Judgement

        public var failures: [String] { judgement.outcome == .fail ? judgement.reasons : [] }
    }

    public let rows: Int
    public let positiveClass: String
    public let attributes: [Attribute]
    /// ROC AUC of a logistic regression on all protected attributes together (in sample).
    public let rocAUCAll: Double
    public let thresholds: FairnessThresholds

    public var verdict: Judgement.Outcome { Judgement.overall(attributes.map(\.judgement)) }
    public var passed: Bool { verdict == .pass }
    public var biasedFeatures: [String] { attributes.filter { !$0.failures.isEmpty }.map(\.attribute) }
}

extension Judgement {
    /// Fail when any fails; else cannot judge when any cannot be judged; else pass.
    static func overall(_ judgements: [Judgement]) -> Outcome {
        if judgements.contains(where: { $0.outcome == .fail }) { return .fail }
        if judgements.contains(where: { $0.outcome == .cannotJudge }) { return .cannotJudge }
        return .pass
    }
}
