import Foundation

/// Mahalanobis distance of a row's standardized numeric features from the training data's
/// centre, as Alibi Detect's Mahalanobis outlier detector; a row is an outlier beyond a chosen
/// percentile of the training distances (98 by default).
///
/// Fitted with the model; it keeps what the distance needs and the training distances at every
/// whole percentile, so any percentile can be chosen later without the training data.
///
/// Two forms, chosen by the shape of the training data (``form(numericWidth:rows:)``):
/// - **full**: the inverse covariance, d × d. Fitting costs O(n·d² + d³) and the model 8·d² bytes,
///   so it is kept for d up to ``fullLimit`` numerics and fewer numerics than rows.
/// - **diagonal**: one variance per numeric (the covariance's diagonal), so the distance is the
///   norm of the features each divided by its spread. O(n·d) to fit, d numbers to keep. Used when
///   the numerics are many, or outnumber the rows, where the full covariance is singular (the
///   sample covariance of n rows has rank below n) and its inverse describes rounding, not data.
///   Why not shrinkage (Ledoit-Wolf): still d × d. Why not the top principal components: a k × d
///   basis for little gain on standardized columns, whose variances are all near 1.
public struct OutlierDetector: Sendable, Equatable, Codable {
    /// How the covariance is kept.
    public enum Form: String, Sendable, Codable, CaseIterable {
        case full, diagonal
    }

    public let features: [String]
    public let form: Form
    /// Row-major inverse covariance of the standardized numerics (the full form; else empty).
    public let inverseCovariance: [Double]
    /// The variance of each standardized numeric (the diagonal form; else empty).
    public let variances: [Double]
    /// Training distances at percentiles 0, 1, …, 100.
    public let percentiles: [Double]

    /// The most numerics the full form is fitted for: 256 numerics make a 512 KiB matrix fitted in
    /// well under a second; 1,000 took 4 s and 19 MB, 2,000 took 36 s and 75 MB (before the
    /// diagonal form existed).
    public static let fullLimit = 256

    /// The form fitted for `numericWidth` numerics over `rows` rows.
    public static func form(numericWidth: Int, rows: Int) -> Form {
        numericWidth <= fullLimit && numericWidth < rows ? .full : .diagonal
    }

    init(features: [String], form: Form, inverseCovariance: [Double], variances: [Double], percentiles: [Double]) {
        self.features = features
        self.form = form
        self.inverseCovariance = inverseCovariance
        self.variances = variances
        self.percentiles = percentiles
    }

    public static func fit(_ x: EncodedRows, features: [String]) -> OutlierDetector {
        let d = x.numericWidth, n = x.count
        guard d > 0, n > 1 else {
            return OutlierDetector(
                features: features, form: .full, inverseCovariance: [], variances: [], percentiles: [])
        }
        let form = form(numericWidth: d, rows: n)
        var inverse: [Double] = []
        var variances: [Double] = []
        switch form {
        case .full: inverse = fullInverse(x)
        case .diagonal:
            // Standardized numerics have mean 0 (missing values were set to the mean).
            variances = [Double](repeating: 0, count: d)
            for i in 0..<n {
                for a in 0..<d { variances[a] += x.dense[i * d + a] * x.dense[i * d + a] }
            }
            // The same 1e-9 as the full form's ridge: a constant column divides by nothing else.
            variances = variances.map { $0 / Double(n) + 1e-9 }
        }
        let unfinished = OutlierDetector(
            features: features, form: form, inverseCovariance: inverse, variances: variances, percentiles: [])
        let sorted = unfinished.distances(x).sorted()
        let percentiles = (0...100).map { p -> Double in
            // Linear interpolation between order statistics, as numpy's default percentile.
            let position = Double(p) / 100 * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        return OutlierDetector(
            features: features, form: form, inverseCovariance: inverse, variances: variances, percentiles: percentiles)
    }

    /// The inverse of the standardized numerics' covariance (plus 1e-9 on the diagonal), or zeros
    /// when it is singular even so.
    static func fullInverse(_ x: EncodedRows) -> [Double] {
        let d = x.numericWidth, n = x.count
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
        return inverse
    }

    /// Whether the detector was fitted (a model without numerics, or with one row, has none).
    public var isFitted: Bool { !percentiles.isEmpty }

    /// The Mahalanobis distance of every row.
    public func distances(_ x: EncodedRows) -> [Double] {
        let d = x.numericWidth
        guard d > 0, d == features.count else { return [Double](repeating: 0, count: x.count) }
        return (0..<x.count).map { i in
            x.dense.withUnsafeBufferPointer { dense in
                distance(UnsafeBufferPointer(rebasing: dense[(i * d)..<(i * d + d)]))
            }
        }
    }

    /// The distance of one row of standardized numerics (missing values at 0, the centre). A row
    /// so far out that its squared distance overflows is at the largest finite distance: beyond
    /// every percentile, and still a number JSON can hold.
    public func distance(_ x: UnsafeBufferPointer<Double>) -> Double {
        let d = x.count
        var sum = 0.0
        switch form {
        case .full:
            guard inverseCovariance.count == d * d else { return 0 }
            inverseCovariance.withUnsafeBufferPointer { inverse in
                for a in 0..<d {
                    var row = 0.0
                    for b in 0..<d { row += inverse[a * d + b] * x[b] }
                    sum += x[a] * row
                }
            }
        case .diagonal:
            guard variances.count == d else { return 0 }
            for a in 0..<d { sum += x[a] * x[a] / variances[a] }
        }
        if sum.isNaN { return .nan }
        return min(max(sum, 0).squareRoot(), .greatestFiniteMagnitude)
    }

    /// The training distance at a whole percentile.
    public func threshold(percentile: Int) -> Double {
        percentiles.isEmpty ? .infinity : percentiles[min(max(percentile, 0), 100)]
    }

    /// ``threshold(percentile:)`` at every whole percentile, 0 to 100, ascending: the cuts a
    /// request log chunk counts its requests beyond, so any `--percentile` is read from it.
    /// The detector's own percentiles when it has all 101 (every trained one): no copy, as a
    /// served group asks for them once per transaction.
    public var thresholds: [Double] {
        percentiles.count == 101 ? percentiles : (0...100).map { threshold(percentile: $0) }
    }

    // MARK: - JSON

    enum CodingKeys: String, CodingKey {
        case features, form, inverseCovariance, variances, percentiles
    }

    /// The full form is written as it always was (no `form`, no `variances`), so models of
    /// ordinary width keep their bytes; the diagonal form says so.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        features = try container.decode([String].self, forKey: .features)
        form = try container.decodeIfPresent(Form.self, forKey: .form) ?? .full
        inverseCovariance = try container.decodeIfPresent([Double].self, forKey: .inverseCovariance) ?? []
        variances = try container.decodeIfPresent([Double].self, forKey: .variances) ?? []
        percentiles = try container.decode([Double].self, forKey: .percentiles)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(features, forKey: .features)
        switch form {
        case .full:
            try container.encode(inverseCovariance, forKey: .inverseCovariance)
        case .diagonal:
            try container.encode(form, forKey: .form)
            try container.encode(variances, forKey: .variances)
        }
        try container.encode(percentiles, forKey: .percentiles)
    }
}
