/// Rates of one group of a protected attribute, as Fairlearn's MetricFrame reports them.
public struct GroupStatistics: Sendable, Equatable, Codable {
    public let group: String
    public let count: Int
    /// Share of the group with the positive label.
    public let baseRate: Double
    /// Share of the group the model selects (predicts positive).
    public let selectionRate: Double
    /// Of the group's positives, the share selected (NaN without positives).
    public let truePositiveRate: Double
    /// Of the group's negatives, the share selected (NaN without negatives).
    public let falsePositiveRate: Double

    static func of(group: String, labels: [UInt8], decisions: [UInt8]) -> GroupStatistics {
        var positives = 0, selected = 0, truePositives = 0, falsePositives = 0
        for (y, d) in zip(labels, decisions) {
            positives += Int(y)
            selected += Int(d)
            if y == 1 && d == 1 { truePositives += 1 }
            if y == 0 && d == 1 { falsePositives += 1 }
        }
        let n = labels.count, negatives = n - positives
        return GroupStatistics(
            group: group, count: n, baseRate: n == 0 ? .nan : Double(positives) / Double(n),
            selectionRate: n == 0 ? .nan : Double(selected) / Double(n),
            truePositiveRate: positives == 0 ? .nan : Double(truePositives) / Double(positives),
            falsePositiveRate: negatives == 0 ? .nan : Double(falsePositives) / Double(negatives))
    }
}
