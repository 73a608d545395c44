import TuskCore
import TuskLang
import TuskML
import TuskServing

/// `explain MODEL {JSON}`: each feature's contribution to one prediction, in log-odds; or
/// `explain D REQUEST`: the same for a request a deployment served, by the model that answered it.
package struct Explain: TuskCommand {
    package static let declaration = CommandDeclaration(
        "explain",
        "Explain one prediction (a JSON record, or a request a deployment served): each feature's contribution.",
        arguments: [.init("MODEL|DEPLOYMENT", .data), .init("RECORD|REQUEST", .text)],
        details: """
            Logistic regression: exact contributions (weight times distance from the training average).
            Boosted trees: contributions along each tree's decision path. They add up, with the base
            value, to the model's log-odds.
            """,
        examples: [
            "explain models@master {\"age\": 52, \"education\": \"Masters\", \"hours-per-week\": 60}",
            "explain production a0001",
        ])

    let model: DataArgument
    let record: Located<String>
    /// `explain D REQUEST`: the deployment and the request id.
    let served: (deployment: DeploymentArgument, request: Located<String>)?
    /// `explain D {JSON}`: the deployment whose live model explains the record.
    let live: DeploymentArgument?

    package init(_ call: Invocation) throws(Diagnostic) {
        let first = try call.argument(0)
        let record = try call.argument(1)
        if first.kind == .word, DeploymentArgument.looksLikeName(first.text) {
            let deployment = try DeploymentArgument(first)
            model = try DataArgument(Token(kind: .word, text: "./" + first.text, span: first.span))
            if record.kind == .json {
                // A new record, explained by the deployment's live model.
                served = nil
                live = deployment
                self.record = Located(record.text, at: record.span)
            } else {
                served = (deployment, Located(record.text, at: record.span))
                live = nil
                self.record = Located("", at: record.span)
            }
            return
        }
        served = nil
        live = nil
        model = try DataArgument(first)
        guard record.kind == .json else {
            throw Diagnostic("expected a JSON record", at: record.span, help: "write {\"age\": 39, \"sex\": \"Male\"}")
        }
        self.record = Located(record.text, at: record.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ExplanationReport {
        var trained: (model: TrainedModel, name: AddressText)
        var input = record
        var request: String?
        if let served {
            let trace = try context.serving(served.deployment, other: served.request.span) {
                engine throws(ServingError) in
                let trace = try engine.trace(served.deployment.name, request: served.request.value)[0]
                return (trace, try engine.model(trace.predictor.model))
            }
            trained = (trace.1, AddressText(trace.0.predictor.model))
            input = Located(trace.0.request.inputJSON, at: served.request.span)
            request =
                "request \(served.request.value) (log \(trace.0.request.sequence)) of \(served.deployment.name), "
                + "answered by \(trace.0.predictor.name) in release \(trace.0.release.number)"
        } else if let live {
            trained = try context.serving(live) { engine throws(ServingError) in
                let found = try engine.registry.named(live.name)
                guard let predictor = found.current?.live else { throw ServingError.nothingReleased(found.name) }
                return (try engine.model(predictor.model), AddressText(predictor.model))
            }
            request = "explained by the live model of \(live.name)"
        } else {
            let loaded = try context.loadModel(model)
            trained = (loaded.model, loaded.source.address)
        }
        let explanation: Explanation
        let unseen: [UnseenLevel]
        do {
            let row = try RecordReader.table(fromJSON: input.value)
            unseen = try trained.model.check(record: row)
            explanation = try Explainer.explain(trained.model, row: row)
        } catch {
            throw Diagnose.data(error, at: input.span, names: served == nil ? RecordSpans.fields(input) : [:])
        }
        let classes = trained.model.classes
        return ExplanationReport(
            request: request, model: trained.name, kind: trained.model.kind.rawValue,
            decision: classes[explanation.probability > 0.5 ? 1 : 0],
            positiveClass: classes[1], probability: explanation.probability, logOdds: explanation.logOdds,
            base: explanation.base,
            contributions: explanation.contributions.map {
                .init(feature: $0.feature, value: $0.value, logOdds: $0.logOdds)
            }, unseen: unseen)
    }
}

package struct ExplanationReport: CommandOutput {
    /// The served request explained, when one was.
    package let request: String?
    package struct Contribution: Codable, Sendable {
        package let feature: String
        /// The record's value as text; `?` when the record leaves it out.
        package let value: String
        package let logOdds: Double
    }

    package let model: AddressText
    /// `logistic` or `boosted`.
    package let kind: String
    package let decision: String
    package let positiveClass: String
    package let probability: Double
    package let logOdds: Double
    /// The score of an average training row.
    package let base: Double
    /// Strongest first.
    package let contributions: [Contribution]
    /// Categorical values the model never saw in training.
    package let unseen: [UnseenLevel]

    package func render(_ text: inout TextOutput) {
        if let request { text.line(request) }
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
