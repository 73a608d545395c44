import Foundation
import TuskArtifacts
import TuskCore
import TuskLang
import TuskServing

/// What `predict DEPLOYMENT` reads: one payload, or a file of requests.
struct ServedRequestsArguments: Sendable {
    enum Source: Sendable {
        case payload(Located<String>)
        case file(DataArgument)
    }

    let deployment: DeploymentArgument
    let source: Source
    let allOrNothing: Bool

    init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        allOrNothing = try call[Predict.allOrNothing]
        for option in ReadArguments.options + [Predict.keep] where call.given(option) {
            throw Diagnostic(
                "--\(option.name) is for a model's data, not a deployment's requests", at: call.optionSpan(option),
                help: "requests are a CSV file with a header row of feature names (and request_id), separated by commas"
            )
        }
        if let on = call.keywords["on"] {
            throw Diagnostic(
                "'\(deployment.name)' is a deployment: requests follow it directly", at: on.span,
                help: "write predict \(deployment.name) {JSON} or predict \(deployment.name) -f REQUESTS.csv")
        }
        let payload = call.optionalArgument(1)
        switch (payload, call.given(Predict.file)) {
        case (let payload?, false):
            guard payload.kind == .json else {
                throw Diagnostic(
                    "expected a JSON payload after the deployment", at: payload.span,
                    help: "write {\"age\": 39, ...}, a Seldon {\"data\": ...} or a V2 {\"inputs\": [...]} payload")
            }
            source = .payload(Located(payload.text, at: payload.span))
        case (nil, true): source = .file(try call.required(Predict.file))
        case (_?, true):
            throw Diagnostic(
                "a payload and -f both give requests", at: call.valueSpan(Predict.file), help: "keep one")
        case (nil, false):
            throw Diagnostic(
                "no requests for '\(deployment.name)'", at: call.end,
                help: "add a JSON payload, or -f REQUESTS.csv")
        }
    }

    func run(_ context: CommandContext, output: DataArgument?) throws(Diagnostic) -> ServedRequests {
        let received = DispatchTime.now().uptimeNanoseconds
        let batch: RequestBatch
        let sourceName: String
        let schema = try context.serving(deployment) { engine throws(ServingError) in
            try engine.schema(of: try engine.registry.named(deployment.name))
        }
        switch source {
        case .payload(let text):
            sourceName = "payload"
            do { batch = try RequestReader.json(text.value, schema: schema) } catch {
                throw Diagnostic(
                    error.message,
                    at: error.offset.map { RecordSpans.at(text, offset: $0, length: error.length ?? 1) } ?? text.span,
                    help: error.help)
            }
        case .file(let file):
            let bytes: ArtifactBytes
            do { bytes = try context.workspace.read(file.location) } catch { throw Diagnose.artifact(error, file) }
            sourceName = bytes.name
            do { batch = try RequestReader.csv(bytes.bytes, source: bytes.name, schema: schema) } catch {
                throw Diagnostic(
                    (error.line.map { "\(bytes.name):\($0): " } ?? "\(bytes.name): ") + error.message, at: file.span,
                    help: error.help)
            }
            if allOrNothing, let first = batch.rejected.first {
                throw Diagnostic(
                    "\(bytes.name):\(first.line): \(first.message) (and \(batch.rejected.count - 1) more)",
                    at: file.span,
                    help: "--all-or-nothing: nothing was answered or logged; fix the file or drop the flag")
            }
        }
        try context.checkCancelled()
        // A local output is opened before anything is logged: a path that cannot be written
        // fails the command with nothing logged, rather than logging requests it cannot answer.
        var pending: PendingFile?
        if let output, case .local(let path) = output.location, context.workspace.mounts == nil {
            do { pending = try context.files.beginWrite(path) } catch {
                throw Diagnose.localFile(error, at: output.span)
            }
        }
        let served: ServedBatch
        do {
            served = try context.serving(deployment) { engine throws(ServingError) in
                try engine.serve(deployment.name, batch, receivedAt: received)
            }
        } catch {
            pending?.discard()
            throw error
        }
        var receipt: WriteReceipt?
        if let output {
            var csv = "request_id,predictor,prediction,probability\n"
            for answer in served.answers {
                csv +=
                    CSVText.field(answer.requestID) + "," + answer.predictor.rawValue + ","
                    + CSVText.field(answer.decision)
                    + "," + String(format: "%.6f", answer.probability) + "\n"
            }
            if let pending, case .local(let path) = output.location {
                pending.handle.write(Data(csv.utf8))
                let outcome: LocalFiles.WriteOutcome
                do { outcome = try pending.finish() } catch { throw Diagnose.localFile(error, at: output.span) }
                receipt = WriteReceipt(
                    kind: outcome == .created ? .wroteFile : .replacedFile, target: path, bytes: csv.utf8.count,
                    commit: nil)
            } else {
                receipt = try context.write(
                    Array(csv.utf8), to: output, provenance: [], message: "answers of \(deployment.name)")
            }
        }
        return ServedRequests(served, source: sourceName, output: receipt)
    }
}

/// What a deployment answered: one request in full, or a batch in counts.
package struct ServedRequests: Codable, Sendable {
    /// The most answers a result holds: JSON for a script, with every answer of a file of
    /// requests up to this many; `-o FILE` writes them all, whatever the count.
    package static let answerLimit = 10_000

    package struct Answer: Codable, Sendable {
        package let log: Int
        package let requestID: String
        package let predictor: PredictorName
        package let model: AddressText
        package let decision: String
        package let probability: Double
    }

    package struct Share: Codable, Sendable {
        package let predictor: PredictorName
        package let model: AddressText
        package let answered: Int
        package let positive: Int
    }

    package struct Rejected: Codable, Sendable {
        package let line: Int
        package let field: String?
        package let message: String
    }

    package let deployment: DeploymentName
    package let release: Int
    package let source: String
    package let classes: [String]
    /// Every answer, in the order of the requests, up to ``answerLimit`` (a file's text shows
    /// counts; `-o` writes every answer).
    package let answers: [Answer]
    /// Answers beyond ``answerLimit``, left out of `answers` (0 unless the file was that long).
    package let answersOmitted: Int
    package let requests: Int
    package let shares: [Share]
    package let shadows: [PredictorName]
    package let rejected: [Rejected]
    package let output: WriteReceipt?

    init(_ served: ServedBatch, source: String, output: WriteReceipt?) {
        deployment = served.deployment
        release = served.release
        self.source = source
        classes = served.classes
        requests = served.answers.count
        answersOmitted = max(0, served.answers.count - Self.answerLimit)
        answers = served.answers.prefix(Self.answerLimit).map {
            Answer(
                log: $0.sequence, requestID: $0.requestID, predictor: $0.predictor, model: AddressText($0.model),
                decision: $0.decision, probability: $0.probability)
        }
        var shares: [Share] = []
        for answer in served.answers {
            let positive = answer.decision == served.classes[1] ? 1 : 0
            if let index = shares.firstIndex(where: { $0.predictor == answer.predictor }) {
                let old = shares[index]
                shares[index] = Share(
                    predictor: old.predictor, model: old.model, answered: old.answered + 1,
                    positive: old.positive + positive)
            } else {
                shares.append(
                    Share(
                        predictor: answer.predictor, model: AddressText(answer.model), answered: 1, positive: positive))
            }
        }
        self.shares = shares.sorted {
            ($0.predictor == .live ? 0 : 1, $0.predictor.rawValue) < (
                $1.predictor == .live ? 0 : 1, $1.predictor.rawValue
            )
        }
        shadows = served.shadows
        rejected = served.rejected.map { Rejected(line: $0.line, field: $0.field, message: $0.message) }
        self.output = output
    }

    func render(_ text: inout TextOutput) {
        if source == "payload" {
            for answer in answers {
                text.line(
                    "\(answer.requestID): \(answer.decision) (probability of \(classes[1]) "
                        + "\(NumberFormat.metric(answer.probability))) by \(answer.predictor) of \(deployment) "
                        + "release \(release), \(answer.model)")
            }
        } else {
            text.line(
                "\(deployment) release \(release) answered \(NumberFormat.plural(requests, "request")) of \(source)")
            var table = TextTable("PREDICTOR", "ANSWERED", classes[1], classes[0], "MODEL")
            for share in shares {
                table.add(
                    share.predictor.rawValue, NumberFormat.count(share.answered), NumberFormat.count(share.positive),
                    NumberFormat.count(share.answered - share.positive), share.model.description)
            }
            text.table(table)
        }
        if !shadows.isEmpty {
            text.line(
                "mirrored to \(shadows.map(\.rawValue).joined(separator: ", ")): "
                    + "\(NumberFormat.plural(requests * shadows.count, "answer")) logged, none returned")
        }
        if !rejected.isEmpty {
            for item in rejected.prefix(5) {
                text.line("rejected \(source):\(item.line): \(item.message)")
            }
            if rejected.count > 5 { text.line("rejected \(rejected.count - 5) more requests") }
            text.line(
                "\(NumberFormat.plural(rejected.count, "request")) rejected and not logged; "
                    + "the other \(NumberFormat.count(requests)) answered")
        }
        if let output { text.line(ReceiptText.line(output)) }
    }
}
