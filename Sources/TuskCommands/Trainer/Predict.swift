import TuskArtifacts
import TuskCore
import TuskLang
import TuskML

/// `predict MODEL on DATA [-o OUT]` or `predict MODEL {JSON}`.
public struct Predict: TuskCommand {
    public static let declaration = CommandDeclaration(
        "predict", "Predict with a model: every row of a dataset, or one JSON record.",
        arguments: [.init("MODEL", .data), .init("ON", .keyword, optional: true), .init("DATA|RECORD", .data)],
        options: [
            .init(
                "output", short: "o", value: "OUT", "where to write predictions (prediction,probability)", kind: .data)
        ] + ReadArguments.options,
        examples: [
            "predict models@master on datasets/census_test.csv -o predictions.csv",
            "predict models@master {\"age\": 39, \"sex\": \"Male\", \"hours-per-week\": 40}",
        ])

    enum Input: Sendable {
        case data(DataArgument)
        case record(Located<String>)
    }

    let model: DataArgument
    let input: Input
    let read: ReadArguments
    let output: DataArgument?

    public init(_ call: Invocation) throws(Diagnostic) {
        model = try DataArgument(call.argument(0))
        let second = try call.argument(1)
        output = try call.value("output").map { token throws(Diagnostic) in try DataArgument(token) }
        read = try ReadArguments(call)
        if second.kind == .json {
            if let on = call.keywords["on"] {
                throw Diagnostic("a record follows the model directly", at: on.span, help: "remove 'on'")
            }
            input = .record(Located(second.text, at: second.span))
        } else {
            try call.keyword("on", before: 1)
            input = .data(try DataArgument(second))
        }
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> Prediction {
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
                model: trained.source.name, kind: trained.model.kind.rawValue, classes: classes,
                record: .init(
                    decision: classes[probability > 0.5 ? 1 : 0], probability: probability, unseen: unseen),
                batch: nil)
        case .data(let data):
            let loaded = try context.loadTable(data, read, label: trained.model.target)
            let probabilities: [Double]
            do { probabilities = try trained.model.probabilities(loaded.table) } catch {
                throw Diagnose.data(error, at: data.span)
            }
            var csv = "prediction,probability\n"
            csv.reserveCapacity(probabilities.count * 16)
            var positives = 0
            for p in probabilities {
                let positive = p > 0.5
                if positive { positives += 1 }
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
                model: trained.source.name, kind: trained.model.kind.rawValue, classes: classes, record: nil,
                batch: .init(
                    data: loaded.source.name, rows: probabilities.count, positives: positives,
                    negatives: probabilities.count - positives, output: receipt))
        }
    }
}

public struct Prediction: CommandOutput {
    public struct Record: Codable, Sendable {
        public let decision: String
        /// Of the positive class.
        public let probability: Double
        /// Categorical values the model never saw in training (scored as no level, or missing for trees).
        public let unseen: [UnseenLevel]
    }

    public struct Batch: Codable, Sendable {
        public let data: String
        public let rows: Int
        public let positives: Int
        public let negatives: Int
        public let output: WriteReceipt?
    }

    public let model: String
    /// `logistic` or `boosted`.
    public let kind: String
    /// The negative class, then the positive one.
    public let classes: [String]
    public let record: Record?
    public let batch: Batch?

    public func render(_ text: inout TextOutput) {
        if let record {
            text.line("\(record.decision) (probability of \(classes[1]): \(NumberFormat.metric(record.probability)))")
            for level in record.unseen { text.line(UnseenText.note(level, kind: kind)) }
        }
        if let batch {
            text.line(
                "predicted \(NumberFormat.count(batch.rows)) rows of \(batch.data) with \(model): "
                    + "\(NumberFormat.count(batch.positives)) \(classes[1]), \(NumberFormat.count(batch.negatives)) \(classes[0])"
            )
            if let output = batch.output { text.line(ReceiptText.line(output)) }
        }
    }
}
