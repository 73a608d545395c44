import TuskArtifacts
import TuskCore
import TuskLang
import TuskML
import TuskServing

/// `feedback D -f LABELS.csv`: labels that arrive later, attached to the requests they answer.
package struct Feedback: TuskCommand {
    static let file = Option<DataArgument>(
        "file", short: "f", value: "LABELS", "a CSV file with a request_id column and a label column", required: true)
    static let label = Option<Located<String>>(
        "label", value: "COLUMN", "the label column (default: the live model's target)", kind: .column)

    package static let declaration = CommandDeclaration(
        "feedback", "Attach labels that arrived later to a deployment's requests, by request id.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [file, label],
        details:
            "'monitor' and 'compare' then report accuracy on the labeled requests. A label sent again replaces the first.",
        examples: ["feedback production -f datasets/requests_v1_labels.csv"])

    let deployment: DeploymentArgument
    let file: DataArgument
    let label: Located<String>?

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        file = try call.required(Self.file)
        label = try call[Self.label]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> FeedbackReceived {
        let (target, classes) = try context.serving(deployment) { engine throws(ServingError) in
            let found = try engine.registry.named(deployment.name)
            guard let live = found.current?.live else { throw ServingError.nothingReleased(found.name) }
            let model = try engine.model(live.model)
            return (model.target, model.classes)
        }
        let loaded = try context.loadTable(file, ReadArguments())
        let table = loaded.table
        guard let ids = table.column(named: "request_id") else {
            throw Diagnostic(
                "\(loaded.source.name) has no request_id column", at: file.span,
                help: "labels are matched to requests by request_id")
        }
        let labelName = label?.value ?? target
        guard let labels = table.column(named: labelName) else {
            throw Diagnostic(
                "\(loaded.source.name) has no label column '\(labelName)'", at: label?.span ?? file.span,
                help: Suggestion.didYouMean(labelName, among: table.columns.map(\.name))
                    ?? "name it with --label COLUMN")
        }
        var pairs: [(requestID: String, label: String)] = []
        var missing = 0
        var strangers: [String: Int] = [:]
        for row in 0..<table.rowCount {
            guard let id = CSVText.value(ids, row: row).nonEmpty, var value = CSVText.value(labels, row: row).nonEmpty
            else {
                missing += 1
                continue
            }
            // The UCI test file writes `>50K.` for `>50K`.
            if !classes.contains(value), value.hasSuffix("."), classes.contains(String(value.dropLast())) {
                value.removeLast()
            }
            guard classes.contains(value) else {
                strangers[value, default: 0] += 1
                continue
            }
            pairs.append((id, value))
        }
        if !strangers.isEmpty && pairs.isEmpty {
            throw Diagnostic(
                "no label in '\(labelName)' is a class of the model (\(classes.joined(separator: ", ")))",
                at: label?.span ?? file.span,
                help: "found " + strangers.keys.sorted().prefix(5).map { "'\($0)'" }.joined(separator: ", "))
        }
        try context.checkCancelled()
        let matched = try context.serving(deployment) { engine throws(ServingError) in
            try engine.feedback(deployment.name, labels: pairs)
        }
        return FeedbackReceived(
            deployment: deployment.name, source: loaded.source.name, labels: pairs.count, matched: matched,
            skipped: missing, strangers: strangers.keys.sorted().map { .init(label: $0, rows: strangers[$0]!) },
            classes: classes)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

package struct FeedbackReceived: CommandOutput {
    package let deployment: DeploymentName
    package let source: String
    package let labels: Int
    /// Labels whose request id the deployment has served.
    package let matched: Int
    /// Rows without an id or a label.
    package let skipped: Int
    /// Labels that are not a class of the model, left out.
    package struct Stranger: Codable, Sendable {
        package let label: String
        package let rows: Int
    }
    package let strangers: [Stranger]
    package let classes: [String]

    package func render(_ text: inout TextOutput) {
        text.line(
            "attached \(NumberFormat.plural(labels, "label")) from \(source) to \(deployment): "
                + "\(NumberFormat.count(matched)) match a served request"
                + (labels > matched ? ", \(NumberFormat.count(labels - matched)) wait for theirs" : ""))
        if skipped > 0 { text.line("skipped \(NumberFormat.plural(skipped, "row")) without a request id or a label") }
        if !strangers.isEmpty {
            text.line(
                "left out \(NumberFormat.plural(strangers.reduce(0) { $0 + $1.rows }, "row")) whose label is not a class of "
                    + "the model (\(classes.joined(separator: ", "))): "
                    + strangers.prefix(5).map { "'\($0.label)'" }.joined(separator: ", "))
        }
    }
}
