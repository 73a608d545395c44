import TuskArtifacts
import TuskML

/// The classification figures under one name each, everywhere they are printed: `evaluate`,
/// `train`, `inspect model`, and later release gates.
package struct MetricValues: Codable, Sendable {
    package let accuracy: Double
    package let precision: Double
    package let recall: Double
    package let f1: Double
    package let rocAuc: Double
    package let logLoss: Double

    init(_ metrics: BinaryMetrics) {
        accuracy = metrics.accuracy
        precision = metrics.precision
        recall = metrics.recall
        f1 = metrics.f1
        rocAuc = metrics.rocAUC
        logLoss = metrics.logLoss
    }

    /// Each figure with the name users read: `ROC AUC`, `log-loss`.
    var named: [(name: String, value: Double)] {
        [
            ("accuracy", accuracy), ("precision", precision), ("recall", recall), ("F1", f1), ("ROC AUC", rocAuc),
            ("log-loss", logLoss),
        ]
    }

    /// `accuracy 0.8497, ROC AUC 0.9097, log-loss 0.3238`.
    var summary: String {
        "accuracy \(NumberFormat.metric(accuracy)), ROC AUC \(NumberFormat.metric(rocAuc)), log-loss \(NumberFormat.metric(logLoss))"
    }
}

/// The one way every command says what it wrote.
enum ReceiptText {
    static func line(_ receipt: WriteReceipt) -> String {
        switch receipt.kind {
        case .wroteFile: "wrote \(receipt.target) (\(NumberFormat.bytes(receipt.bytes)))"
        case .replacedFile: "replaced \(receipt.target) (\(NumberFormat.bytes(receipt.bytes)))"
        case .committed: "committed \(receipt.commit.map { String($0.prefix(12)) } ?? "?") to \(receipt.target)"
        case .staged: "staged \(receipt.target) in the open commit"
        }
    }
}

/// `label income, positive class >50K`: how every command names the label.
enum LabelText {
    static func of(_ column: String, positive: String) -> String { "label \(column), positive class \(positive)" }
}
