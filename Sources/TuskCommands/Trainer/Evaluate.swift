import TuskCore
import TuskLang
import TuskML

/// `evaluate MODEL on DATA`: scikit-learn's classification metrics and the confusion matrix.
package struct Evaluate: TuskCommand {
    package static let declaration = CommandDeclaration(
        "evaluate", "Score a model on labeled data: accuracy, precision, recall, F1, ROC AUC, log-loss.",
        arguments: [.init("MODEL", .data), .init("ON", .keyword), .init("DATA", .data)],
        options: ReadArguments.options,
        details: "MODEL is a model file or store address (a repo@ref without a path means /model.json).",
        examples: ["evaluate models@master on datasets/census_test.csv"])

    let model: DataArgument
    let data: DataArgument
    let read: ReadArguments

    package init(_ call: Invocation) throws(Diagnostic) {
        try call.keyword(before: 1)
        model = try DataArgument(call.argument(0))
        data = try DataArgument(call.argument(1))
        read = try ReadArguments(call)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> Evaluation {
        let trained = try context.loadModel(model)
        let loaded = try context.loadTable(data, read, label: trained.model.target, for: trained.model)
        let metrics: BinaryMetrics
        do {
            let labeled = try LabeledData(
                table: loaded.table, target: trained.model.target, classes: trained.model.classes)
            metrics = BinaryMetrics(
                labels: labeled.labels, probabilities: try trained.model.probabilities(loaded.table))
        } catch {
            throw Diagnose.data(error, at: data.span)
        }
        return Evaluation(
            model: trained.source.address, data: loaded.source.address, rows: metrics.count,
            classes: trained.model.classes,
            metrics: MetricValues(metrics), confusion: metrics.confusion)
    }
}

package struct Evaluation: CommandOutput {
    package let model: AddressText
    package let data: AddressText
    package let rows: Int
    /// The negative class, then the positive one.
    package let classes: [String]
    package let metrics: MetricValues
    /// `[[TN, FP], [FN, TP]]`, rows true classes, columns predicted.
    package let confusion: [[Int]]

    package func render(_ text: inout TextOutput) {
        text.line("evaluated \(model) on \(data) (\(NumberFormat.count(rows)) rows)")
        var table = TextTable("METRIC", "VALUE")
        for (name, value) in metrics.named { table.add(name, NumberFormat.metric(value)) }
        text.table(table)
        text.blank()
        var matrix = TextTable("TRUE \\ PREDICTED", classes[0], classes[1])
        for row in 0..<2 {
            matrix.add(classes[row], NumberFormat.count(confusion[row][0]), NumberFormat.count(confusion[row][1]))
        }
        text.table(matrix)
    }
}
