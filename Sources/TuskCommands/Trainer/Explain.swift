import TuskCore
import TuskLang
import TuskML

/// `explain MODEL {JSON}`: each feature's contribution to one prediction, in log-odds.
public struct Explain: TuskCommand {
    public static let declaration = CommandDeclaration(
        "explain", "Explain one prediction: each feature's contribution in log-odds.",
        arguments: [.init("MODEL", .data), .init("RECORD", .text)],
        details: """
            Logistic regression: exact contributions (weight times distance from the training average).
            Boosted trees: contributions along each tree's decision path. They add up, with the base
            value, to the model's log-odds.
            """,
        examples: ["explain models@master {\"age\": 52, \"education\": \"Masters\", \"hours-per-week\": 60}"])

    let model: DataArgument
    let record: Located<String>

    public init(_ call: Invocation) throws(Diagnostic) {
        model = try DataArgument(call.argument(0))
        let record = try call.argument(1)
        guard record.kind == .json else {
            throw Diagnostic("expected a JSON record", at: record.span, help: "write {\"age\": 39, \"sex\": \"Male\"}")
        }
        self.record = Located(record.text, at: record.span)
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> ExplanationReport {
        let trained = try context.loadModel(model)
        let explanation: Explanation
        let unseen: [UnseenLevel]
        do {
            let row = try RecordReader.table(fromJSON: record.value)
            unseen = try trained.model.check(record: row)
            explanation = try Explainer.explain(trained.model, row: row)
        } catch {
            throw Diagnose.data(error, at: record.span, names: RecordSpans.fields(record))
        }
        let classes = trained.model.classes
        return ExplanationReport(
            model: trained.source.name, kind: trained.model.kind.rawValue,
            decision: classes[explanation.probability > 0.5 ? 1 : 0],
            positiveClass: classes[1], probability: explanation.probability, logOdds: explanation.logOdds,
            base: explanation.base,
            contributions: explanation.contributions.map {
                .init(feature: $0.feature, value: $0.value, logOdds: $0.logOdds)
            }, unseen: unseen)
    }
}

public struct ExplanationReport: CommandOutput {
    public struct Contribution: Codable, Sendable {
        public let feature: String
        /// The record's value as text; `?` when the record leaves it out.
        public let value: String
        public let logOdds: Double
    }

    public let model: String
    /// `logistic` or `boosted`.
    public let kind: String
    public let decision: String
    public let positiveClass: String
    public let probability: Double
    public let logOdds: Double
    /// The score of an average training row.
    public let base: Double
    /// Strongest first.
    public let contributions: [Contribution]
    /// Categorical values the model never saw in training.
    public let unseen: [UnseenLevel]

    public func render(_ text: inout TextOutput) {
        text.line(
            "\(decision) by \(model): probability of \(positiveClass) \(NumberFormat.metric(probability)), "
                + "log-odds \(NumberFormat.signed(logOdds)) = base \(NumberFormat.signed(base)) + contributions")
        var table = TextTable("FEATURE", "VALUE", "CONTRIBUTION")
        for part in contributions { table.add(part.feature, part.value, NumberFormat.signed(part.logOdds)) }
        text.table(table)
        if contributions.contains(where: { $0.value == "?" }) {
            text.line("(? marks a feature the record leaves out: it counts as missing)")
        }
        for level in unseen { text.line(UnseenText.note(level, kind: kind)) }
    }
}
