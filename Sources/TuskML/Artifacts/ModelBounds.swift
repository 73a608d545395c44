/// The ranges a model's numbers and strings must keep, so that a model that validates scores
/// every ordinary record to a finite answer in bounded time, and its text stays readable.
///
/// Every number is finite and either zero or a normal float: a subnormal (below 2.2e-308) loses
/// its precision and, as a divisor, turns any input into infinity. What scoring divides by or
/// multiplies with is bounded further, each range wide enough for any model `train` fits:
///
/// | what | range | why |
/// |---|---|---|
/// | numeric scale | 1e-100 … finite | divides every input; the encoder treats a spread below it as none |
/// | logistic weights, intercept | ±1e6 | with C ≥ 1e-12 an L2 fit stays far inside (‖w‖² ≤ 2·n·ln 2 / C·…) |
/// | logistic C | 1e-12 … 1e12 | the regularization strength |
/// | boosted baseline | ±100 | the training base rate's log-odds, clamped to ±27.7 |
/// | tree values | ±1e100 | summed over at most 10,000 trees: finite |
/// | learning rate | (0, 1] | |
/// | outlier variances | 1e-10 … 1e100 | divide each squared input |
/// | inverse covariance, percentiles | ±1e100 (percentiles ≥ 0, rising) | |
/// | trees | 1 … 10,000, each at most 65,536 nodes | |
/// | names, levels, classes | 1,024 bytes | a column name or a category, not a document |
/// | training data source | 4,096 bytes | a path (Linux's PATH_MAX) |
public enum ModelBounds {
    public static let minScale = 1e-100
    public static let maxWeight = 1e6
    public static let cRange = 1e-12...1e12
    public static let maxBaseline = 100.0
    public static let maxTreeValue = 1e100
    public static let varianceRange = 1e-10...1e100
    public static let maxMagnitude = 1e100
    public static let maxTrees = 10_000
    public static let maxNodes = 65_536
    public static let maxNameBytes = 1_024
    public static let maxSourceBytes = 4_096

    /// Zero or a normal float: finite, and not subnormal.
    static func isNormal(_ value: Double) -> Bool { value == 0 || value.isNormal }

    /// `value` if it is short, else its start and how long it is: an error message quoting a
    /// crafted 100 MB string stays one readable line.
    static func quoted(_ value: String, limit: Int = 64) -> String {
        guard value.utf8.count > limit else { return value }
        return String(value.prefix(limit)) + "… (\(value.utf8.count) bytes)"
    }
}
