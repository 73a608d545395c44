import TuskCore
import TuskLang
import TuskML
import TuskStore

/// `inspect model MODEL`: what a model artifact is before anyone trusts it — its kind, label,
/// features, parameters, the data it learned from and how well it fit.
package struct InspectModel: TuskCommand {
    package static let declaration = CommandDeclaration(
        "inspect model", "Show a model artifact: kind, features, parameters, training data and metrics.",
        arguments: [.init("MODEL", .data)],
        details: "MODEL is a model file or store address (a repo@ref without a path means /model.json).",
        examples: ["inspect model models@master", "inspect model models@master:/census.json"])

    let model: DataArgument

    package init(_ call: Invocation) throws(Diagnostic) { model = try DataArgument(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ModelDetails {
        let loaded = try context.loadModel(model)
        var provenance: [AddressText] = []
        // In a pipeline step the model is a file of an input commit; the store is out of reach.
        if let commit = loaded.source.commit, context.workspace.mounts == nil {
            provenance = try context.store(model.spans) { store throws(StoreError) in
                try store.resolve(commit.repo, CommitRef(base: commit.id.hex)).provenance.map(AddressText.init)
            }
        }
        return ModelDetails(
            loaded.model, source: loaded.source.address, commit: loaded.source.commit, provenance: provenance)
    }
}

package struct ModelDetails: CommandOutput {
    package let source: AddressText
    /// The commit holding the artifact, `repo@id`, and the commits it was computed from.
    package let commit: AddressText?
    package let provenance: [AddressText]
    package let kind: String
    package let version: Int
    package let target: String
    /// The negative class, then the positive one.
    package let classes: [String]
    package let numericFeatures: [String]
    package let categoricalFeatures: [String]
    /// Categorical columns whose rarer levels share one slot: `education` with 7 of its 16 levels pooled.
    package let pooled: [ModelTrained.Pooled]
    /// One line per parameter that shapes the model (`C 1`, `trees 100`).
    package let parameters: [String: String]
    package let seed: Int
    package let trainingData: DataFingerprint
    package let trainingMetrics: MetricValues

    /// `income_data@6b98352fd2d2:/census.csv` with its commit id in full, when `provenance`
    /// holds the commit it abbreviates; as recorded otherwise (a local file, a model trained in a
    /// step whose commit the store does not list).
    static func fullAddress(_ recorded: String, among provenance: [AddressText]) -> String {
        guard let at = recorded.firstIndex(of: "@") else { return recorded }
        let rest = recorded[recorded.index(after: at)...]
        let id = rest.prefix { $0.isHexDigit }
        guard id.count == 12,
            let commit = provenance.first(where: { $0.full.hasPrefix(recorded[...at] + id) && !$0.full.contains(":") })
        else { return recorded }
        return commit.full + rest.dropFirst(id.count)
    }

    init(_ model: TrainedModel, source: AddressText, commit: CommitAddress?, provenance: [AddressText]) {
        self.source = source
        self.commit = commit.map(AddressText.init)
        self.provenance = provenance
        kind = model.kind.rawValue
        version = model.version
        target = model.target
        classes = model.classes
        numericFeatures = model.encoder.numeric.map(\.name)
        categoricalFeatures = model.encoder.categorical.map(\.name)
        pooled = model.encoder.pooled.map {
            ModelTrained.Pooled(column: $0.column, levels: $0.levels, pooled: $0.pooled)
        }
        var parameters: [String: String] = [:]
        if let logistic = model.logistic {
            parameters["C"] = NumberFormat.shortest(logistic.c)
            parameters["encoded features"] = "\(model.encoder.width)"
            parameters["Newton iterations"] = "\(logistic.iterations)"
        }
        if let boosted = model.boosted {
            let leaves = boosted.trees.map { $0.nodes.filter { $0.feature < 0 }.count }
            parameters["trees"] = "\(boosted.trees.count)"
            parameters["leaves"] = "\(leaves.min() ?? 0) to \(leaves.max() ?? 0)"
            parameters["learning rate"] = NumberFormat.shortest(boosted.learningRate)
        }
        // How the outlier detector keeps the covariance: the full inverse, or its diagonal for
        // wide data (see OutlierDetector.form(numericWidth:rows:)).
        let numerics = model.outliers.features.count
        if model.outliers.isFitted {
            parameters["outliers"] =
                model.outliers.form == .full
                ? "full covariance (\(numerics) numerics)"
                : "diagonal covariance (\(numerics) numerics; more than \(OutlierDetector.fullLimit) or not fewer than the rows)"
        }
        self.parameters = parameters
        seed = model.seed
        // The model file records its data with the 12-digit id text shows; the commit's
        // provenance names that commit in full, which is what JSON gives.
        let recorded = model.trainingData
        trainingData = DataFingerprint(
            source: Self.fullAddress(recorded.source, among: provenance), rows: recorded.rows,
            sha256: recorded.sha256, layout: recorded.layout)
        trainingMetrics = MetricValues(model.trainingMetrics)
    }

    package func render(_ text: inout TextOutput) {
        var fields = FieldList()
        fields.add("Model", source.description)
        fields.add("Kind", "\(kind) (tusk-model version \(version))")
        fields.add("Label", "\(target), positive class \(classes[1]), negative class \(classes[0])")
        fields.add(
            "Features",
            "\(numericFeatures.count + categoricalFeatures.count): \(numericFeatures.count) numeric, "
                + "\(categoricalFeatures.count) categorical")
        fields.add("Numeric", numericFeatures.isEmpty ? "-" : numericFeatures.joined(separator: ", "))
        fields.add("Categorical", categoricalFeatures.isEmpty ? "-" : categoricalFeatures.joined(separator: ", "))
        if !pooled.isEmpty {
            fields.add(
                "Pooled",
                pooled.map {
                    "\($0.column) (\(NumberFormat.count($0.pooled)) of \(NumberFormat.count($0.levels)) levels)"
                }
                .joined(separator: ", ") + " share an <infrequent> slot")
        }
        fields.add(
            "Parameters", parameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        fields.add("Seed", "\(seed)")
        fields.add(
            "Trained on",
            "\(AddressText.shortened(trainingData.source)), \(NumberFormat.count(trainingData.rows)) rows, sha256 \(trainingData.sha256.prefix(12))"
        )
        fields.add("Training", trainingMetrics.summary)
        if let commit {
            fields.add("Commit", commit.description)
            fields.add(
                "Provenance", provenance.isEmpty ? "none" : provenance.map(\.description).joined(separator: ", "))
        }
        text.fields(fields)
    }
}
