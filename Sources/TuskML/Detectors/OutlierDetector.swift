import Foundation

/// Mahalanobis distance of a row's standardized numeric features from the training data's
/// centre, as Alibi Detect's Mahalanobis outlier detector; a row is an outlier beyond a chosen
/// percentile of the training distances (98 by default).
///
/// Fitted with the model; it keeps the inverse covariance and the training distances at every
/// whole percentile, so any percentile can be chosen later without the training data.
public struct OutlierDetector: Sendable, Equatable, Codable {
    public let features: [String]
    /// Row-major inverse covariance of the standardized numerics.
    public let inverseCovariance: [Double]
    /// Training distances at percentiles 0, 1, …, 100.
    public let percentiles: [Double]

    public static func fit(_ x: EncodedRows, features: [String]) -> OutlierDetector {
        let d = x.numericWidth, n = x.count
        guard d > 0, n > 1 else { return OutlierDetector(features: features, inverseCovariance: [], percentiles: []) }
        // Standardized numerics have mean 0 (missing values were set to the mean).
        var covariance = [Double](repeating: 0, count: d * d)
        for i in 0..<n {
            for a in 0..<d {
                let va = x.dense[i * d + a]
                for b in a..<d { covariance[a * d + b] += va * x.dense[i * d + b] }
            }
        }
        for a in 0..<d {
            for b in a..<d {
                covariance[a * d + b] /= Double(n)
                covariance[b * d + a] = covariance[a * d + b]
            }
            covariance[a * d + a] += 1e-9  // keeps a constant column from making it singular
        }
        var inverse = [Double](repeating: 0, count: d * d)
        if let factor = Cholesky.factor(covariance, size: d) {
            for k in 0..<d {
                var unit = [Double](repeating: 0, count: d)
                unit[k] = 1
                let column = Cholesky.solve(factor: factor, unit, size: d)
                for r in 0..<d { inverse[r * d + k] = column[r] }
            }
        }
        let detector = OutlierDetector(features: features, inverseCovariance: inverse, percentiles: [])
        let sorted = detector.distances(x).sorted()
        let percentiles = (0...100).map { p -> Double in
            // Linear interpolation between order statistics, as numpy's default percentile.
            let position = Double(p) / 100 * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        return OutlierDetector(features: features, inverseCovariance: inverse, percentiles: percentiles)
    }

    /// The Mahalanobis distance of every row.
    public func distances(_ x: EncodedRows) -> [Double] {
        let d = x.numericWidth
        guard d > 0, inverseCovariance.count == d * d else { return [Double](repeating: 0, count: x.count) }
        return (0..<x.count).map { i in
            var sum = 0.0
            for a in 0..<d {
                var row = 0.0
                for b in 0..<d { row += inverseCovariance[a * d + b] * x.dense[i * d + b] }
                sum += x.dense[i * d + a] * row
            }
            return max(sum, 0).squareRoot()
        }
    }

    /// The training distance at a whole percentile.
    public func threshold(percentile: Int) -> Double {
        percentiles.isEmpty ? .infinity : percentiles[min(max(percentile, 0), 100)]
    }
}
