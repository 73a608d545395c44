/// One clause of a release gate as it was checked: the figure measured on the gate's data, the
/// threshold it is compared with, and whether it held. A plain value, so a refused release can
/// carry its clauses through a failed pipeline step (``Diagnostic/gates``) into the job's reason.
public struct GateCheck: Codable, Sendable, Equatable {
    /// The clause as written: `accuracy >= 0.75`.
    public let clause: String
    /// The figure with its attribute: `accuracy`, `flip_rate(sex)`.
    public let figure: String
    /// `>=`, `<=`, `>`, `<`, `==` or `!=`.
    public let op: String
    public let threshold: Double
    /// The figure measured; nil when it cannot be judged (then `cannotJudge` says why).
    public let value: Double?
    public let passed: Bool
    /// How far a failed clause misses its threshold (0 when a strict comparison fails at equality).
    public let shortBy: Double?
    public let cannotJudge: String?

    public init(
        clause: String, figure: String, op: String, threshold: Double, value: Double?, passed: Bool,
        shortBy: Double?, cannotJudge: String?
    ) {
        self.clause = clause
        self.figure = figure
        self.op = op
        self.threshold = threshold
        self.value = value
        self.passed = passed
        self.shortBy = shortBy
        self.cannotJudge = cannotJudge
    }
}
