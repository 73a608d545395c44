/// The mean and standard deviation of a column's present values, finite for any finite values.
///
/// Summed as usual first, so ordinary data gets exactly the figures it always had (and models the
/// same bytes); when the sum or the squares overflow (values near 1e308), again in units of the
/// largest magnitude, where nothing can.
public struct Moments: Sendable, Equatable {
    /// How many values are present (not NaN).
    public let count: Int
    /// 0 without values.
    public let mean: Double
    /// The population standard deviation (divided by the count, as scikit-learn's StandardScaler); 0 without values.
    public let standardDeviation: Double

    public init(_ values: [Double]) {
        var sum = 0.0, count = 0
        for v in values where !v.isNaN {
            sum += v
            count += 1
        }
        self.count = count
        guard count > 0 else {
            mean = 0
            standardDeviation = 0
            return
        }
        var mean = sum / Double(count)
        var squares = 0.0
        if mean.isFinite { for v in values where !v.isNaN { squares += (v - mean) * (v - mean) } }
        var deviation = (squares / Double(count)).squareRoot()
        if !mean.isFinite || !deviation.isFinite {
            let unit = values.reduce(0) { $1.isNaN ? $0 : max($0, abs($1)) }
            var scaledSum = 0.0
            for v in values where !v.isNaN { scaledSum += v / unit }
            let scaledMean = scaledSum / Double(count)
            var scaledSquares = 0.0
            for v in values where !v.isNaN { scaledSquares += (v / unit - scaledMean) * (v / unit - scaledMean) }
            mean = scaledMean * unit
            deviation = (scaledSquares / Double(count)).squareRoot() * unit
        }
        self.mean = mean
        standardDeviation = deviation
    }
}
