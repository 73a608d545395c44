import Foundation
import TuskCore

/// A fitted model with everything needed to use it again: its schema, encoder, parameters, the
/// fingerprint of its training data and its training metrics. Saved as a small, versioned JSON
/// document with sorted keys, so the same fit gives the same bytes and loads back bit-identically.
public struct TrainedModel: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case logistic, boosted
    }

    /// Identifies the document type and its version, so later versions can read old models.
    public let format: String
    public let version: Int
    public let kind: Kind
    public let target: String
    /// The label values; the second is the positive class.
    public let classes: [String]
    public let encoder: FeatureEncoder
    public let logistic: LogisticRegression?
    public let boosted: GradientBoosting?
    /// The outlier detector fitted on the same training data.
    public let outliers: OutlierDetector
    public let seed: Int
    public let trainingData: DataFingerprint
    public let trainingMetrics: BinaryMetrics

    public static let currentFormat = "tusk-model"
    public static let currentVersion = 1

    /// The probability of the positive class for every row of `table`.
    public func probabilities(_ table: Table, missingColumnsAreMissing: Bool = false) throws(MLError) -> [Double] {
        switch kind {
        case .logistic:
            return logistic!.probabilities(
                try encoder.encode(table, missingColumnsAreMissing: missingColumnsAreMissing))
        case .boosted:
            return boosted!.probabilities(try encoder.matrix(table, missingColumnsAreMissing: missingColumnsAreMissing))
        }
    }

    /// The decided class (0 or 1) for each probability: positive above one half.
    public static func decisions(_ probabilities: [Double]) -> [UInt8] { probabilities.map { $0 > 0.5 ? 1 : 0 } }

    // MARK: - JSON

    /// The model as JSON with sorted keys: the same model always gives the same bytes.
    public func jsonData() throws(MLError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            // Only a non-finite number can fail here: a fit that diverged.
            throw MLError(
                "the fitted model holds a value JSON cannot write (\(error))", help: "check the data for extreme values"
            )
        }
    }

    public static func load(_ data: Data, source: String) throws(MLError) -> TrainedModel {
        let model: TrainedModel
        do {
            model = try JSONDecoder().decode(TrainedModel.self, from: data)
        } catch {
            throw MLError(
                "'\(source)' is not a tusk model", kind: .invalidModel, file: source,
                help: "give a model written by 'train'")
        }
        guard model.format == currentFormat, model.version <= currentVersion else {
            throw MLError(
                "'\(source)' is a \(model.format) version \(model.version) document; this tusk reads version \(currentVersion)",
                kind: .invalidModel, file: source, help: "retrain the model with this tusk")
        }
        return model
    }
}

/// Which data a model was trained on: where it came from, how much, and its content hash.
public struct DataFingerprint: Sendable, Equatable, Codable {
    public let source: String
    public let rows: Int
    public let sha256: String

    public init(source: String, rows: Int, sha256: String) {
        self.source = source
        self.rows = rows
        self.sha256 = sha256
    }
}

/// Fits models from labeled data.
public enum Trainer {
    public static func train(
        _ kind: TrainedModel.Kind, on data: LabeledData, seed: Int = 0, fingerprint: DataFingerprint
    ) throws(MLError) -> TrainedModel {
        let encoder = FeatureEncoder.fit(data)
        let rows = try encoder.encode(data.table)
        var logistic: LogisticRegression?
        var boosted: GradientBoosting?
        let probabilities: [Double]
        switch kind {
        case .logistic:
            logistic = try LogisticRegression.fit(rows, width: encoder.width, labels: data.labels)
            probabilities = logistic!.probabilities(rows)
        case .boosted:
            let matrix = try encoder.matrix(data.table)
            boosted = GradientBoosting.fit(matrix, labels: data.labels)
            probabilities = boosted!.probabilities(matrix)
        }
        return TrainedModel(
            format: TrainedModel.currentFormat, version: TrainedModel.currentVersion, kind: kind, target: data.target,
            classes: data.classes, encoder: encoder, logistic: logistic, boosted: boosted,
            outliers: OutlierDetector.fit(rows, features: encoder.numeric.map(\.name)), seed: seed,
            trainingData: fingerprint, trainingMetrics: BinaryMetrics(labels: data.labels, probabilities: probabilities)
        )
    }
}
