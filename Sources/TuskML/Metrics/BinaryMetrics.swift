import Foundation

/// Classification metrics with scikit-learn's definitions, for a binary label.
public struct BinaryMetrics: Sendable, Equatable, Codable {
    public let count: Int
    public let accuracy: Double
    /// Of the rows predicted positive, the share that are (0 when none are predicted positive).
    public let precision: Double
    /// Of the positive rows, the share predicted positive.
    public let recall: Double
    public let f1: Double
    /// Area under the ROC curve: the chance a random positive scores above a random negative (ties count half).
    public let rocAUC: Double
    /// Mean negative log-likelihood, probabilities clipped to [ε, 1-ε] with ε the float64 epsilon.
    public let logLoss: Double
    /// `[[TN, FP], [FN, TP]]`: rows are true classes, columns predicted, as `confusion_matrix`.
    public let confusion: [[Int]]

    /// - Parameters:
    ///   - labels: 1 for the positive class.
    ///   - probabilities: of the positive class.
    ///   - predictions: the predicted classes; by default probability > 0.5.
    public init(labels: [UInt8], probabilities: [Double], predictions: [UInt8]? = nil) {
        let predicted = predictions ?? probabilities.map { $0 > 0.5 ? 1 : 0 }
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (y, p) in zip(labels, predicted) {
            switch (y, p) {
            case (1, 1): tp += 1
            case (0, 1): fp += 1
            case (1, 0): fn += 1
            default: tn += 1
            }
        }
        count = labels.count
        accuracy = count == 0 ? 0 : Double(tp + tn) / Double(count)
        precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
        recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        confusion = [[tn, fp], [fn, tp]]
        rocAUC = Self.auc(labels, probabilities)
        let epsilon = Double.ulpOfOne
        var loss = 0.0
        for (y, p) in zip(labels, probabilities) {
            let clipped = min(max(p, epsilon), 1 - epsilon)
            loss -= y == 1 ? log(clipped) : log(1 - clipped)
        }
        logLoss = count == 0 ? 0 : loss / Double(count)
    }

    /// Mann–Whitney U with average ranks for ties, which equals the trapezoidal ROC area.
    static func auc(_ labels: [UInt8], _ scores: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var positives = 0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 {
                rankSum += averageRank
                positives += 1
            }
            i = j + 1
        }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }
}
