/// What an audit found for one protected attribute: how fair the decisions are across its
/// groups, and how much the model relies on it.
public struct AttributeAudit: Sendable {
    public let attribute: String
    public let privileged: String
    public let fairness: GroupFairness

    /// Share of decisions that change when only this attribute is swapped; nil when the model does
    /// not use it.
    public let flipRate: Double?
    /// The mean absolute contribution of the attribute to the model's log-odds over the audited
    /// rows, and its rank among all features (1 is the most relied on); nil when not a feature.
    public let importance: (value: Double, rank: Int, of: Int)?
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
