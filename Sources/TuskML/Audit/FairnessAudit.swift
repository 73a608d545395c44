/// What an audit found for one protected attribute.
///
/// Group metrics use Fairlearn's definitions (gaps and ratios across all groups); the
/// privileged-versus-rest figures use AIF360's signed convention (unprivileged minus, or over,
/// privileged, with every group other than the privileged one pooled as unprivileged).
public struct AttributeAudit: Sendable {
    public let attribute: String
    public let privileged: String
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
    /// AIF360 `average_odds_difference`: the mean of the FPR and TPR differences.
    public let averageOddsDifference: Double

    /// Share of decisions that change when only this attribute is swapped; nil when the model does
    /// not use it.
    public let flipRate: Double?
    /// The model's log-odds weight of each level (logistic models), `sex=Male`.
    public let coefficients: [(name: String, weight: Double)]
    /// Other features associated with this attribute at or above the proxy threshold, strongest first.
    public let proxies: [(feature: String, association: Double)]
    /// The thresholds this attribute breaks, worded ("disparate impact 0.29 < 0.80").
    public let failures: [String]
}

/// The audit of a model on labeled data: per protected attribute, fairness and reliance, and a verdict.
public struct ModelAudit: Sendable {
    public let rows: Int
    public let positiveClass: String
    public let thresholds: FairnessThresholds
    public let attributes: [AttributeAudit]

    public var passed: Bool { attributes.allSatisfy { $0.failures.isEmpty } }
    /// The protected attributes the model is biased on.
    public var biasedFeatures: [String] { attributes.filter { !$0.failures.isEmpty }.map(\.attribute) }
}

/// The audit of a dataset's labels: how far the protected attributes alone predict them.
public struct DataAudit: Sendable {
    public struct Attribute: Sendable {
        public let attribute: String
        public let privileged: String
        public let groups: [GroupStatistics]
        /// Base rate of the unprivileged over the privileged (the labels' disparate impact).
        public let disparateImpact: Double
        /// Largest minus smallest base rate.
        public let parityDifference: Double
        /// ROC AUC of predicting the label from this attribute alone.
        public let rocAUC: Double
        public let failures: [String]
    }

    public let rows: Int
    public let positiveClass: String
    public let attributes: [Attribute]
    /// ROC AUC of a logistic regression on all protected attributes together (in sample).
    public let rocAUCAll: Double
    public let thresholds: FairnessThresholds

    public var passed: Bool { attributes.allSatisfy { $0.failures.isEmpty } }
    public var biasedFeatures: [String] { attributes.filter { !$0.failures.isEmpty }.map(\.attribute) }
}
