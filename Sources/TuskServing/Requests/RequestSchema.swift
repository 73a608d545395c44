import TuskCore
import TuskML

/// What a request must carry for a model to answer it: the model's features, each a number or a
/// category, the column that names the request, and the columns a request may carry that the
/// model does not read (its excluded columns and its label).
///
/// The request readers check every payload against it, so a misspelled or missing feature is an
/// error that names the field before any model runs.
///
///     let schema = RequestSchema(model)
///     let batch = try RequestReader.json(#"{"age": 39, "sex": "Male"}"#, schema: schema)
public struct RequestSchema: Sendable, Equatable {
    /// A feature of the model: its name and whether the model reads it as a number or a category.
    public struct Feature: Sendable, Equatable {
        public let name: String
        public let kind: Schema.Kind
        /// For a categorical feature: whether a JSON number may name one of its levels (written
        /// in its shortest form, 9 for `"9"`). True when some level the model learned is written
        /// as a number (a code column read as categories); otherwise a number is a mistyped
        /// value, refused, not served as a level the model never saw.
        public let acceptsNumbers: Bool

        public init(name: String, kind: Schema.Kind, acceptsNumbers: Bool = false) {
            self.name = name
            self.kind = kind
            self.acceptsNumbers = acceptsNumbers
        }
    }

    /// In the order the request tables hold them.
    public let features: [Feature]
    /// The field that gives a request its id (routing hashes it, so a replay routes the same way).
    public let idColumn: String = "request_id"
    /// Fields a request may carry that the model does not use; never features.
    public let ignored: Set<String>
    /// Each feature's index in ``features``.
    let index: [String: Int]

    /// A schema of the given features (a name given twice counts once, at its first place).
    public init(features: [Feature], ignored: Set<String> = []) {
        var unique: [Feature] = []
        var index: [String: Int] = [:]
        for feature in features where index[feature.name] == nil {
            index[feature.name] = unique.count
            unique.append(feature)
        }
        self.features = unique
        self.index = index
        self.ignored = ignored.subtracting(index.keys)
    }

    /// The schema of a trained model: its numeric features, then its categorical ones, as its
    /// encoder lists them; its excluded columns and its label are ignored when a request has them.
    public init(_ model: TrainedModel) {
        self.init(
            features: model.encoder.numeric.map { Feature(name: $0.name, kind: .numeric) }
                + model.encoder.categorical.map { column in
                    Feature(
                        name: column.name, kind: .categorical,
                        acceptsNumbers: (column.levels + (column.infrequent ?? [])).contains { level in
                            Double(level).map { CategoryLevel.name(of: $0) == level } ?? false
                        })
                },
            ignored: Set(model.excluded + [model.target]))
    }

    /// The feature named `name`, by index.
    func feature(named name: String) -> Int? { index[name] }

    /// What a field name is to the model.
    func role(of name: String) -> FieldRole {
        if let feature = index[name] { return .feature(feature, isID: name == idColumn) }
        if name == idColumn { return .id }
        if ignored.contains(name) { return .ignored }
        return .unknown
    }

    /// The closest known field to a misspelled one, or the features to choose from.
    func help(forUnknown name: String) -> String {
        if let suggestion = Suggestion.didYouMean(name, among: features.map(\.name) + [idColumn]) {
            return suggestion
        }
        let names = features.prefix(6).map(\.name).joined(separator: ", ")
        return "the model's features are \(names)\(features.count > 6 ? ", …" : "")"
    }
}

/// What a field of a request is to the model.
enum FieldRole: Equatable {
    /// The feature at this index (and, in the odd model with a feature named like the id column, the id too).
    case feature(Int, isID: Bool)
    case id
    case ignored
    case unknown
}
