import TuskArtifacts
import TuskCore
import TuskLang
import TuskML

/// `predict MODEL on DATA [-o OUT]` or `predict MODEL {JSON}`; with a deployment instead of a
/// model, `predict D {JSON}` or `predict D -f REQUESTS.csv` sends requests through the router.
package struct Predict: TuskCommand {
    static let output = Option<DataArgument>(
        "output", short: "o", value: "OUT", "where to write predictions (prediction,probability)", writes: true)
    static let file = Option<DataArgument>(
        "file", short: "f", value: "REQUESTS", "a deployment: a CSV file of requests, one per row")
    static let allOrNothing = Flag(
        "all-or-nothing",
        "a deployment: refuse the whole file if one request is bad (by default the others are answered)")
    static let keep = Option<[Located<String>]>(
        "keep", value: "A,B", "input columns to copy into the output beside each prediction (default: id columns)",
        kind: .column)

    package static let declaration = CommandDeclaration(
        "predict",
        "Predict with a model (every row of a dataset, or one JSON record), or send requests to a deployment.",
        arguments: [
            .init("MODEL|DEPLOYMENT", .data), .init("ON", .keyword, optional: true),
            .init("DATA|PAYLOAD", .data, optional: true),
        ],
        options: [output, file, allOrNothing, keep] + ReadArguments.options,
        details: """
            A bare name (no '@', '/' or '.') is a deployment: the request is routed to its live model or a
            canary, mirrored to its shadows, and logged. A payload is a JSON record, a Seldon payload
            {"data":{"names":[...],"ndarray":[[...]]}} or an Open Inference (V2) payload {"inputs":[...]};
            every feature of the live model must be given (null for a missing value). A request_id field
            or column names each request; otherwise the log numbers it (r1, r2, ...).
            """,
        examples: [
            "predict models@master on datasets/requests_v1.csv -o predictions.csv --keep request_id",
            "predict models@master {\"age\": 39, \"sex\": \"Male\", \"hours-per-week\": 40}",
            "predict production -f datasets/requests_v1.csv",
        ])

    enum Input: Sendable {
        case data(DataArgument)
        case record(Located<String>)
    }

    let model: DataArgument
    let input: Input
    let read: ReadArguments
    let output: DataArgument?
    let keep: [Located<String>]
    /// Set when the first word names a deployment: the requests go through the router.
    let requests: ServedRequestsArguments?

    package init(_ call: Invocation) throws(Diagnostic) {
        keep = try call[Self.keep] ?? []
        output = try call[Self.output]
        let first = try call.argument(0)
        if first.kind == .word, DeploymentArgument.looksLikeName(first.text) {
            requests = try ServedRequestsArguments(call)
            model = try DataArgument(Token(kind: .word, text: "./" + first.text, span: first.span))
            input = .record(Located("", at: first.span))
            read = try ReadArguments(call)
            return
        }
        requests = nil
        for option: any DeclaredOption in [Self.file, Self.allOrNothing] where call.given(option) {
            throw Diagnostic(
                "--\(option.name) is for a deployment, and '\(first.text)' is a model", at: call.optionSpan(option),
                help: "write predict MODEL on DATA, or predict DEPLOYMENT -f REQUESTS.csv")
        }
        model = try DataArgument(first)
        let second = try call.argument(1)
        read = try ReadArguments(call)
        if second.kind == .json {
            if let on = call.keywords["on"] {
                throw Diagnostic("a record follows the model directly", at: on.span, help: "remove 'on'")
            }
            input = .record(Located(second.text, at: second.span))
        } else {
            try call.keyword(before: 1)
            input = .data(try DataArgument(second))
        }
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> Prediction {
        if let requests {
            return Prediction(
                model: AddressText(full: ""), kind: "", classes: [], record: nil, batch: nil,
                served: try requests.run(context, output: output))
        }
        let trained = try context.loadModel(model)
        let classes = trained.model.classes
        switch input {
        case .record(let json):
            let probability: Double
            let unseen: [UnseenLevel]
            do {
                let record = try RecordReader.table(fromJSON: json.value)
                unseen = try trained.model.check(record: record)
                probability = try trained.model.probabilities(record, missingColumnsAreMissing: true)[0]
            } catch {
                throw Diagnose.data(error, at: json.span, names: RecordSpans.fields(json))
            }
            return Prediction(
                model: trained.source.address, kind: trained.model.kind.rawValue, classes: classes,
                record: .init(
                    decision: classes[probability > 0.5 ? 1 : 0], probability: probability, unseen: unseen),
                batch: nil, served: nil)
        case .data(let data):
            let loaded = try context.loadTable(data, read, label: trained.model.target, for: trained.model)
            let probabilities: [Double]
            do { probabilities = try trained.model.probabilities(loaded.table) } catch {
                throw Diagnose.data(error, at: data.span)
            }
            // Columns copied beside each answer, so answers join with labels that arrive later.
            let kept = try keptColumns(loaded.table)
            var csv =
                (kept.map { CSVText.field($0.name) } + ["prediction", "probability"]).joined(separator: ",") + "\n"
            csv.reserveCapacity(probabilities.count * (16 + 8 * kept.count))
            var positives = 0
            for (row, p) in probabilities.enumerated() {
                let positive = p > 0.5
                if positive { positives += 1 }
                for column in kept { csv += CSVText.field(CSVText.value(column, row: row)) + "," }
                csv += CSVText.field(classes[positive ? 1 : 0]) + "," + String(format: "%.6f", p) + "\n"
            }
            var receipt: WriteReceipt?
            if let output {
                receipt = try context.write(
                    Array(csv.utf8), to: output,
                    provenance: [trained.source.commit, loaded.source.commit].compactMap { $0 },
                    message: "predict with \(trained.source.name)")
            }
            return Prediction(
                model: trained.source.address, kind: trained.model.kind.rawValue, classes: classes, record: nil,
                batch: .init(
                    data: loaded.source.address, rows: probabilities.count, positives: positives,
                    negatives: probabilities.count - positives, kept: kept.map(\.name), output: receipt),
                served: nil)
        }
    }

    /// The columns named by `--keep`, or the id-like ones (`id`, `request_id`, `user-id`).
    private func keptColumns(_ table: Table) throws(Diagnostic) -> [Table.Column] {
        guard !keep.isEmpty else {
            return table.columns.filter { column in
                let name = column.name.lowercased()
                return name == "id" || name.hasSuffix("_id") || name.hasSuffix("-id") || name.hasPrefix("id_")
            }
        }
        var columns: [Table.Column] = []
        for item in keep {
            guard let column = table.column(named: item.value) else {
                throw Diagnostic(
                    "no column '\(item.value)' to keep in \(table.source)", at: item.span,
                    help: Suggestion.didYouMean(item.value, among: table.columns.map(\.name)))
            }
            columns.append(column)
        }
        return columns
    }
}

package struct Prediction: CommandOutput {
    package struct Record: Codable, Sendable {
        package let decision: String
        /// Of the positive class.
        package let probability: Double
        /// Categorical values the model never saw in training (scored as no level, or missing for trees).
        package let unseen: [UnseenLevel]
    }

    package struct Batch: Codable, Sendable {
        package let data: AddressText
        package let rows: Int
        package let positives: Int
        package let negatives: Int
        /// Input columns copied into the output beside each answer.
        package let kept: [String]
        package let output: WriteReceipt?
    }

    package let model: AddressText
    /// `logistic` or `boosted`.
    package let kind: String
    /// The negative class, then the positive one.
    package let classes: [String]
    package let record: Record?
    package let batch: Batch?
    /// Requests answered by a deployment.
    package let served: ServedRequests?

    /// A deployment's answers encode as themselves, without the empty model fields.
    package func encode(to encoder: any Encoder) throws {
        if let served { return try served.encode(to: encoder) }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(kind, forKey: .kind)
        try container.encode(classes, forKey: .classes)
        try container.encodeIfPresent(record, forKey: .record)
        try container.encodeIfPresent(batch, forKey: .batch)
    }

    package func render(_ text: inout TextOutput) {
        if let served { return served.render(&text) }
        if let record {
            text.line("\(record.decision) (probability of \(classes[1]): \(NumberFormat.metric(record.probability)))")
            for level in record.unseen { text.line(UnseenText.note(level, kind: kind)) }
        }
        if let batch {
            text.line(
                "predicted \(NumberFormat.count(batch.rows)) rows of \(batch.data) with \(model): "
                    + "\(NumberFormat.count(batch.positives)) \(classes[1]), \(NumberFormat.count(batch.negatives)) \(classes[0])"
            )
            if let output = batch.output {
                text.line(
                    ReceiptText.line(output)
                        + (batch.kept.isEmpty ? "" : " with " + batch.kept.joined(separator: ", ") + " kept"))
            }
        }
    }
}
