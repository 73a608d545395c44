import Foundation
import TuskCore

/// A fitted model with everything needed to use it again: its schema, encoder, parameters, the
/// fingerprint of its training data and its training metrics. Saved as a small, versioned JSON
/// document with sorted keys, so the same fit gives the same bytes and loads back bit-identically.
///
/// A model file is data from disk, so nothing in it is trusted: decoding checks every shape,
/// index and number (``validate()``), and a crafted or damaged file gets an error that names the
/// file and the field, never a crash or a hang when it is used.
///
///     let model = try TrainedModel.load(bytes, source: "model.json")
///     let p = try model.probabilities(table)
public struct TrainedModel: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case logistic, boosted
    }

    /// Identifies the document type and its version, so later versions can read old models.
    public let format: String
    public let version: Int
    public let target: String
    /// The label values; the second is the positive class.
    public let classes: [String]
    public let encoder: FeatureEncoder
    /// What the model learned; its case is the model's kind.
    public let parameters: ModelParameters
    /// Columns of the training data left out of the features (`--exclude`): a record may still
    /// carry them. Written only when there are some, so other models keep their bytes.
    public let excluded: [String]
    /// The outlier detector fitted on the same training data.
    public let outliers: OutlierDetector
    public let seed: Int
    public let trainingData: DataFingerprint
    public let trainingMetrics: BinaryMetrics

    public static let currentFormat = "tusk-model"
    /// Version 2 added pooled infrequent levels. A model is written with the lowest version that
    /// holds it, so models without pooled levels stay readable by the tusks that read version 1.
    public static let currentVersion = 2

    public var kind: Kind { parameters.kind }

    /// The logistic regression's parameters, when the model is one.
    public var logistic: LogisticRegression? {
        if case .logistic(let model) = parameters { model } else { nil }
    }

    /// The boosted trees, when the model is those.
    public var boosted: GradientBoosting? {
        if case .boosted(let model) = parameters { model } else { nil }
    }

    init(
        version: Int = currentVersion, target: String, classes: [String], encoder: FeatureEncoder,
        parameters: ModelParameters, excluded: [String] = [], outliers: OutlierDetector, seed: Int,
        trainingData: DataFingerprint, trainingMetrics: BinaryMetrics
    ) {
        self.format = Self.currentFormat
        self.version = version
        self.target = target
        self.classes = classes
        self.encoder = encoder
        self.parameters = parameters
        self.excluded = excluded
        self.outliers = outliers
        self.seed = seed
        self.trainingData = trainingData
        self.trainingMetrics = trainingMetrics
    }

    /// The probability of the positive class for every row of `table`.
    ///
    /// A row whose score is not a finite number (its values overflow the model's arithmetic) is
    /// an error naming the row, never an answer: a NaN probability would print, log and count
    /// in metrics as if it were one.
    public func probabilities(_ table: Table, missingColumnsAreMissing: Bool = false) throws(MLError) -> [Double] {
        let scores: [Double]
        switch parameters {
        case .logistic(let logistic):
            scores = logistic.decisions(try encoder.encode(table, missingColumnsAreMissing: missingColumnsAreMissing))
        case .boosted(let boosted):
            scores = boosted.rawScores(try encoder.matrix(table, missingColumnsAreMissing: missingColumnsAreMissing))
        }
        if let row = scores.firstIndex(where: { !$0.isFinite }) {
            throw MLError.nonFiniteScore(scores[row], row: row, of: table.rowCount, source: table.source)
        }
        return scores.map(LogisticRegression.sigmoid)
    }

    /// The decided class (0 or 1) for each probability: positive above one half.
    public static func decisions(_ probabilities: [Double]) -> [UInt8] { probabilities.map { $0 > 0.5 ? 1 : 0 } }

    // MARK: - JSON

    enum CodingKeys: String, CodingKey {
        case format, version, kind, target, classes, encoder, logistic, boosted, excluded, outliers, seed,
            trainingData, trainingMetrics
    }

    /// Reads and checks a model: the kind must match the parameters present, and ``validate()``
    /// must hold, so a decoded model is always safe to score with.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        version = try container.decode(Int.self, forKey: .version)
        target = try container.decode(String.self, forKey: .target)
        classes = try container.decode([String].self, forKey: .classes)
        encoder = try container.decode(FeatureEncoder.self, forKey: .encoder)
        let kindName = try container.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: kindName) else {
            throw ModelCheck.invalid("kind '\(ModelBounds.quoted(kindName))' is not a model kind (logistic or boosted)")
        }
        let logistic = try container.decodeIfPresent(LogisticRegression.self, forKey: .logistic)
        let boosted = try container.decodeIfPresent(GradientBoosting.self, forKey: .boosted)
        switch (kind, logistic, boosted) {
        case (.logistic, let model?, nil): parameters = .logistic(model)
        case (.boosted, nil, let model?): parameters = .boosted(model)
        case (_, nil, nil): throw ModelCheck.invalid("kind is \(kind.rawValue) but the model holds no parameters")
        case (_, _?, _?): throw ModelCheck.invalid("the model holds both logistic and boosted parameters")
        case (.logistic, nil, _?), (.boosted, _?, nil):
            let other: Kind = kind == .logistic ? .boosted : .logistic
            throw ModelCheck.invalid(
                "kind is \(kind.rawValue) but the model holds \(other.rawValue) parameters")
        }
        excluded = try container.decodeIfPresent([String].self, forKey: .excluded) ?? []
        outliers = try container.decode(OutlierDetector.self, forKey: .outliers)
        seed = try container.decode(Int.self, forKey: .seed)
        trainingData = try container.decode(DataFingerprint.self, forKey: .trainingData)
        trainingMetrics = try container.decode(BinaryMetrics.self, forKey: .trainingMetrics)
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(version, forKey: .version)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encode(target, forKey: .target)
        try container.encode(classes, forKey: .classes)
        try container.encode(self.encoder, forKey: .encoder)
        switch parameters {
        case .logistic(let model): try container.encode(model, forKey: .logistic)
        case .boosted(let model): try container.encode(model, forKey: .boosted)
        }
        if !excluded.isEmpty { try container.encode(excluded, forKey: .excluded) }
        try container.encode(outliers, forKey: .outliers)
        try container.encode(seed, forKey: .seed)
        try container.encode(trainingData, forKey: .trainingData)
        try container.encode(trainingMetrics, forKey: .trainingMetrics)
    }

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

    /// The fields of a model document that hold whole numbers (or lists of them).
    static let wholeNumberKeys: Set<String> = [
        "version", "offset", "seed", "rows", "count", "iterations", "feature", "left", "right", "leftCategories",
        "confusion",
    ]

    /// Reads a model document; every failure is an ``MLError`` of kind `invalidModel` naming
    /// `source` and, when it is about one, the field.
    public static func load(_ data: Data, source: String) throws(MLError) -> TrainedModel {
        /// Just enough to tell a model document of another version from something else.
        struct Header: Decodable {
            let format: String?
            let version: Int?

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                format = try? container.decode(String.self, forKey: .format)
                version = try? container.decode(Int.self, forKey: .version)
            }
        }
        if let duplicate = DuplicateKeyScan.first(in: data, wholeNumbers: wholeNumberKeys) {
            let place = duplicate.path.isEmpty ? "the document" : "field '\(duplicate.path)'"
            if let number = duplicate.wholeNumber {
                throw ModelCheck.invalid("\(place) is \(ModelBounds.quoted(number)), not a whole number").located(
                    in: source)
            }
            if let number = duplicate.number {
                throw ModelCheck.invalid(
                    "\(place) is \(ModelBounds.quoted(number)), which no double holds as a normal number "
                        + "(beyond ±1.8e308, or below 2.2e-308)"
                ).located(in: source)
            }
            throw ModelCheck.invalid(
                "\(place) has the key '\(ModelBounds.quoted(duplicate.key))' twice (JSON readers disagree on which one counts)"
            ).located(in: source)
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw MLError(
                "'\(source)' is not a tusk model", kind: .invalidModel, file: source,
                help: "give a model the trainer wrote", remedy: .trainedModel)
        }
        guard header.format == currentFormat else {
            throw MLError(
                "'\(source)' is not a tusk model", kind: .invalidModel, file: source,
                help: "give a model the trainer wrote", remedy: .trainedModel)
        }
        guard let version = header.version, (1...currentVersion).contains(version) else {
            throw MLError(
                "model version \(header.version.map(String.init) ?? "none"); "
                    + "this tusk reads version\(currentVersion == 1 ? "" : "s 1 to") \(currentVersion)",
                kind: .invalidModel, file: source, help: "retrain the model with this tusk")
        }
        do {
            return try JSONDecoder().decode(TrainedModel.self, from: data)
        } catch let error as MLError {
            throw error.located(in: source)
        } catch let error as DecodingError {
            throw ModelCheck.invalid(ModelCheck.describe(error)).located(in: source)
        } catch {
            throw ModelCheck.invalid("\(error)").located(in: source)
        }
    }
}

/// Which data a model was trained on: where it came from, how much, its content hash, and how
/// it was read (its layout, when it was not plain CSV), so a later reader of the same file, such
/// as the drift reference of a release, reads it the same way.
public struct DataFingerprint: Sendable, Equatable, Codable {
    public let source: String
    public let rows: Int
    public let sha256: String
    /// The layout the file was read with; nil for plain CSV (and in models written before
    /// layouts were recorded, which were read as plain CSV unless the reader was told otherwise).
    public let layout: DataLayout?

    public init(source: String, rows: Int, sha256: String, layout: DataLayout? = nil) {
        self.source = source
        self.rows = rows
        self.sha256 = sha256
        self.layout = layout
    }
}

/// Fits models from labeled data.
public enum Trainer {
    /// How each kind encodes categoricals unless told: logistic regression pools all but the 99
    /// most frequent levels of a column (a slot per level makes its Newton steps cubic in the
    /// levels); trees split at most 255 categories (their bins), so the rest are pooled too.
    public static func defaultEncoding(for kind: TrainedModel.Kind) -> FeatureEncoder.Options {
        switch kind {
        case .logistic: FeatureEncoder.Options(maxCategories: 100)
        case .boosted: FeatureEncoder.Options(maxCategories: GradientBoosting.maxCategories)
        }
    }

    /// - Parameter encoding: how categoricals are one-hot encoded; ``defaultEncoding(for:)`` when nil.
    public static func train(
        _ kind: TrainedModel.Kind, on data: LabeledData, seed: Int = 0, encoding: FeatureEncoder.Options? = nil,
        fingerprint: DataFingerprint, cancellation: CancellationFlag? = nil
    ) throws(MLError) -> TrainedModel {
        guard !data.features.isEmpty else { throw nothingToLearn(data) }
        let encoder = FeatureEncoder.fit(data, options: encoding ?? defaultEncoding(for: kind))
        let rows = try encoder.encode(data.table)
        let parameters: ModelParameters
        let probabilities: [Double]
        switch kind {
        case .logistic:
            var options = LogisticRegression.Options()
            options.cancellation = cancellation
            let logistic = try LogisticRegression.fit(rows, width: encoder.width, labels: data.labels, options: options)
            parameters = .logistic(logistic)
            probabilities = logistic.probabilities(rows)
        case .boosted:
            let matrix = try encoder.matrix(data.table)
            var options = GradientBoosting.Options()
            options.cancellation = cancellation
            let boosted = GradientBoosting.fit(matrix, labels: data.labels, options: options)
            parameters = .boosted(boosted)
            probabilities = boosted.probabilities(matrix)
        }
        // A fit stopped early is no model: nothing of it is returned.
        if cancellation?.isCancelled == true {
            throw MLError("interrupted: nothing was written", kind: .cancelled, help: "run the command again")
        }
        let model = TrainedModel(
            version: encoder.pooled.isEmpty ? 1 : 2, target: data.target, classes: data.classes, encoder: encoder,
            parameters: parameters, excluded: data.excluded.filter { $0 != data.target },
            outliers: OutlierDetector.fit(rows, features: encoder.numeric.map(\.name)), seed: seed,
            trainingData: fingerprint, trainingMetrics: BinaryMetrics(labels: data.labels, probabilities: probabilities)
        )
        // The same checks a model file gets: a fit that produced something unusable says which
        // field, rather than failing later as JSON that cannot be written.
        do { try model.validate() } catch {
            throw MLError(
                "training gave an unusable model: \(error.message)", kind: .numerical, file: data.table.source,
                help: "check the data for extreme values", remedy: .describeRanges)
        }
        return model
    }

    /// A model needs at least one feature; say what took them all away.
    static func nothingToLearn(_ data: LabeledData) -> MLError {
        let excluded = data.excluded.filter { $0 != data.target }
        if let last = excluded.last {
            return MLError(
                "nothing left to learn from: every column but the label '\(data.target)' is excluded "
                    + "(\(excluded.joined(separator: ", ")))",
                subject: .column(last), file: data.table.source, help: "keep at least one feature column")
        }
        return MLError(
            "nothing to learn from: the only column is the label '\(data.target)'", file: data.table.source,
            help: "give data with feature columns besides the label")
    }
}
