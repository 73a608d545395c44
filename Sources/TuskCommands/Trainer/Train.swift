import Foundation
import TuskArtifacts
import TuskCore
import TuskLang
import TuskML

/// `train logistic|boosted on DATA --target COL -o OUT`: fit a model and save it as a versioned
/// JSON artifact; an output in the store is a commit whose provenance is the data commit.
package struct Train: TuskCommand {
    static let target = Option<Located<String>>(
        "target", value: "COLUMN",
        "the label column (two classes); with --schema uci-adult or a schema file naming one, that column",
        kind: .column)
    static let positive = Option<Located<String>>(
        "positive", value: "LABEL", "the positive class (default: the second label in sorted order)")
    static let output = Option<DataArgument>(
        "output", short: "o", value: "OUT", "a local path, or a store address to commit to", required: true,
        writes: true)
    static let seed = Option<Int>(
        "seed", value: "N", "the random seed (default 0, or the scenario's seed)", in: 0..., example: "42")
    static let exclude = Option<[Located<String>]>(
        "exclude", value: "A,B", "columns to leave out of the features", kind: .column)
    static let maxCategories = Option<Int>(
        "max-categories", value: "N",
        "at most N slots per categorical column, one shared by the rarer levels (default 100 logistic, 255 boosted)",
        in: 1..., example: "50")
    static let minFrequency = Option<Int>(
        "min-frequency", value: "N", "levels seen fewer than N times share the infrequent slot (default 1)", in: 1...,
        example: "5")

    package static let declaration = CommandDeclaration(
        "train", "Fit a model to a dataset and save it as a versioned JSON artifact.",
        arguments: [
            .init("MODEL", .choice(TrainedModel.Kind.allCases.map(\.rawValue))), .init("ON", .keyword),
            .init("DATA", .data),
        ],
        options: [target, positive, output, seed, exclude, maxCategories, minFrequency] + ReadArguments.options,
        details: """
            logistic: L2-regularized logistic regression (C = 1), standardized numerics and one-hot
            categoricals, fitted by Newton's method to convergence. boosted: histogram gradient-boosted
            trees (100 trees of up to 31 leaves, learning rate 0.1). Rare levels of a categorical column
            share one 'infrequent' slot, as scikit-learn's OneHotEncoder(max_categories, min_frequency)
            pools them: by default a column keeps its 99 most frequent levels for logistic regression and
            254 for trees, and train says which columns it pooled. Saving to a store address makes a
            commit whose provenance is the data commit; a store address without a path means /model.json.
            """,
        examples: [
            "train logistic on income_data@master:/train.csv --target income -o models@master:/model.json",
            "train boosted on adult.data --schema uci-adult -o model.json",
        ])

    let kind: Located<TrainedModel.Kind>
    let data: DataArgument
    let read: ReadArguments
    let target: Located<String>?
    let positive: Located<String>?
    let output: DataArgument
    let seed: Int?
    let exclude: [Located<String>]
    let encoding: FeatureEncoder.Options

    package init(_ call: Invocation) throws(Diagnostic) {
        let kind = try call.choice(0, among: TrainedModel.Kind.allCases.map(\.rawValue), what: "model")
        try call.keyword(before: 1)
        self.kind = Located(TrainedModel.Kind(rawValue: kind.value) ?? .logistic, at: kind.span)
        data = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
        target = try call[Self.target]
        positive = try call[Self.positive]
        output = try call.required(Self.output)
        seed = try call[Self.seed]
        exclude = try call[Self.exclude] ?? []
        var encoding = Trainer.defaultEncoding(for: self.kind.value)
        let limit = self.kind.value == .boosted ? GradientBoosting.maxCategories : Int.max
        if let maximum = try call[Self.maxCategories.narrowed(to: 1...limit, example: "50")] {
            encoding.maxCategories = maximum
        }
        if let minimum = try call[Self.minFrequency] {
            encoding.minFrequency = minimum
        }
        self.encoding = encoding
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ModelTrained {
        var names: [String: SourceSpan] = [:]
        if let target { names[target.value] = target.span }
        for item in exclude { names[item.value] = item.span }
        let loaded = try context.loadTable(data, read, label: target?.value, names: names)
        // Recorded with the model, so its drift reference (and any reader of the same file for
        // it) reads the file as it was read here.
        let layout = try read.options(in: context).layout
        guard let label = target?.value ?? loaded.schema?.target else {
            throw Diagnostic(
                "which column is the label?", at: kind.span,
                help: "add --target COLUMN (a --schema that names its target, such as uci-adult, gives one)")
        }
        var labeled: LabeledData
        do { labeled = try LabeledData(table: loaded.table, target: label, exclude: exclude.map(\.value)) } catch {
            throw Diagnose.data(error, at: data.span, names: names)
        }
        if let positive, labeled.classes[1] != positive.value {
            guard let other = labeled.classes.first(where: { $0 != positive.value }),
                labeled.classes.contains(positive.value)
            else {
                throw Diagnostic(
                    "'\(positive.value)' is not a label of column '\(label)'", at: positive.span,
                    help: "its labels: " + labeled.classes.joined(separator: ", "))
            }
            // The positive class is the second, as scikit-learn's classes_[1].
            do {
                labeled = try LabeledData(
                    table: loaded.table, target: label, exclude: exclude.map(\.value), classes: [other, positive.value])
            } catch {
                throw Diagnose.data(error, at: data.span, names: names)
            }
        }
        let model: TrainedModel
        let json: Data
        do {
            let fingerprint = DataFingerprint(
                source: loaded.source.name, rows: loaded.table.rowCount,
                sha256: ContentHash(of: loaded.source.bytes).hex, layout: layout)
            model = try Trainer.train(
                kind.value, on: labeled, seed: seed ?? context.seed, encoding: encoding, fingerprint: fingerprint,
                cancellation: context.cancellation)
            json = try model.jsonData()
        } catch {
            throw Diagnose.data(error, at: data.span, names: names)
        }
        let receipt = try context.write(
            Array(json), to: output, defaultPath: Workspace.modelPath,
            provenance: loaded.source.commit.map { [$0] } ?? [],
            message: "train \(kind.value.rawValue) on \(loaded.source.name)")
        return ModelTrained(
            model: model, data: loaded.source.address, rows: loaded.table.rowCount, encoding: encoding, output: receipt)
    }
}

package struct ModelTrained: CommandOutput {
    /// A categorical column whose rarer levels share one slot.
    package struct Pooled: Codable, Sendable {
        package let column: String
        /// Levels the column had in training.
        package let levels: Int
        /// Of those, how many share the infrequent slot.
        package let pooled: Int
    }

    package let kind: String
    package let data: AddressText
    package let rows: Int
    package let features: Int
    /// Columns after one-hot encoding (logistic).
    package let encodedWidth: Int?
    package let target: String
    package let positiveClass: String
    package let trees: Int?
    package let leavesPerTree: ClosedRange<Int>?
    package let newtonIterations: Int?
    package let finalGradient: Double?
    package let trainingMetrics: MetricValues
    package let pooled: [Pooled]
    /// The limits that pooled them.
    package let maxCategories: Int?
    package let minFrequency: Int
    package let output: WriteReceipt

    init(model: TrainedModel, data: AddressText, rows: Int, encoding: FeatureEncoder.Options, output: WriteReceipt) {
        kind = model.kind.rawValue
        self.data = data
        self.rows = rows
        features = model.encoder.numeric.count + model.encoder.categorical.count
        encodedWidth = model.logistic != nil ? model.encoder.width : nil
        target = model.target
        positiveClass = model.classes[1]
        trees = model.boosted?.trees.count
        let leaves = model.boosted?.trees.map { $0.nodes.filter { $0.feature < 0 }.count } ?? []
        leavesPerTree = leaves.min().flatMap { low in leaves.max().map { low...$0 } }
        newtonIterations = model.logistic?.iterations
        finalGradient = model.logistic?.finalGradient
        trainingMetrics = MetricValues(model.trainingMetrics)
        pooled = model.encoder.pooled.map { Pooled(column: $0.column, levels: $0.levels, pooled: $0.pooled) }
        maxCategories = encoding.maxCategories
        minFrequency = encoding.minFrequency
        self.output = output
    }

    package func render(_ text: inout TextOutput) {
        text.line(
            "trained \(kind) on \(data): \(NumberFormat.count(rows)) rows, \(features) features"
                + (encodedWidth.map { " (\($0) encoded)" } ?? "") + ", " + LabelText.of(target, positive: positiveClass)
        )
        if let trees, let leaves = leavesPerTree {
            let each =
                leaves.lowerBound == leaves.upperBound
                ? "\(leaves.lowerBound)" : "\(leaves.lowerBound) to \(leaves.upperBound)"
            text.line("\(trees) trees, \(each) leaves each")
        }
        if let newtonIterations, let finalGradient {
            text.line(
                "converged in \(newtonIterations) Newton iterations (gradient \(NumberFormat.scientific(finalGradient)))"
            )
        }
        for column in pooled {
            let limits =
                (maxCategories.map { ["--max-categories \($0)"] } ?? [])
                + (minFrequency > 1 ? ["--min-frequency \(minFrequency)"] : [])
            text.line(
                "note: \(column.column) has \(NumberFormat.count(column.levels)) levels; the "
                    + "\(NumberFormat.count(column.pooled)) seen least often share one slot, \(column.column)=<infrequent> "
                    + "(\(limits.joined(separator: ", ")))")
        }
        text.line("training " + trainingMetrics.summary)
        text.line(ReceiptText.line(output))
    }
}
