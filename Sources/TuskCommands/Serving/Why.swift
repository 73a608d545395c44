import TuskCore
import TuskLang
import TuskPipelines
import TuskServing
import TuskStore

/// `why D REQUEST`: the chain from a served request back to the data that taught its model.
package struct Why: TuskCommand {
    package static let declaration = CommandDeclaration(
        "why", "Trace a served request back: release, predictor, model commit, training job, pipeline, data commit.",
        arguments: [.init("DEPLOYMENT", .deployment), .init("REQUEST", .text)],
        details: """
            REQUEST is a request id as the answer gave it. A request sent again is traced each time it
            was served, latest first: after a rollback, new requests show the model rolled back to, and
            requests served before show the model that answered them then.
            """,
        examples: ["why production a0001"])

    let deployment: DeploymentArgument
    let request: Located<String>

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        let token = try call.argument(1)
        request = Located(token.text, at: token.span)
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> RequestLineage {
        let traces = try context.serving(deployment, other: request.span) { engine throws(ServingError) in
            try engine.trace(deployment.name, request: request.value)
        }
        let pipelines: PipelineEngine
        do { pipelines = try context.pipelines } catch { throw Diagnose.pipeline(error, at: deployment.span) }
        var served: [RequestLineage.Served] = []
        for trace in traces.prefix(5) {
            let model = trace.predictor.model
            let classes = try context.serving(deployment) { engine throws(ServingError) in
                try engine.model(model).classes
            }
            let probability = trace.answers.first?.probability ?? .nan
            var steps: [LineageStep] = []
            // The repo cannot be deleted while a release names it, so a failure here is the
            // store's, and is said.
            let commit = try context.store(StoreSpans(whole: request.span)) { store throws(StoreError) in
                try store.resolve(model.repo, CommitRef(base: model.commit.hex))
            }
            do { steps = try pipelines.lineage(repo: model.repo, commit: commit.id, path: model.path) } catch {
                throw Diagnose.pipeline(error, at: request.span)
            }
            served.append(
                RequestLineage.Served(
                    log: trace.request.sequence, predictor: trace.predictor.name,
                    decision: classes[probability > 0.5 ? 1 : 0], probability: probability,
                    positiveClass: classes[1], release: trace.release.number,
                    change: ReleaseChange(trace.release.cause),
                    by: ReleaseAuthor(trace.release.source, change: ReleaseChange(trace.release.cause)),
                    model: AddressText(model),
                    chain: steps.map {
                        RequestLineage.Link(
                            depth: $0.depth, commit: AddressText(full: "\($0.repo)@\($0.commit)"), message: $0.message,
                            job: $0.job.map(IDText.init), pipeline: $0.pipeline, version: $0.version)
                    }))
        }
        return RequestLineage(
            deployment: deployment.name, request: request.value, times: traces.count, served: served)
    }
}

package struct RequestLineage: CommandOutput {
    package struct Link: Codable, Sendable {
        package let depth: Int
        package let commit: AddressText
        package let message: String
        package let job: IDText?
        package let pipeline: String?
        package let version: Int?
    }

    package struct Served: Codable, Sendable {
        package let log: Int
        package let predictor: PredictorName
        package let decision: String
        /// The answering model's probability of the positive class.
        package let probability: Double
        package let positiveClass: String
        package let release: Int
        package let change: ReleaseChange
        package let by: ReleaseAuthor
        package let model: AddressText
        /// The model commit, then what it was computed from, depth first.
        package let chain: [Link]
    }

    package let deployment: DeploymentName
    package let request: String
    package let times: Int
    package let served: [Served]

    package func render(_ text: inout TextOutput) {
        text.line(
            times == 1
                ? "request \(request) of \(deployment):"
                : "request \(request) was served \(times) times by \(deployment); latest first"
                    + (times > served.count ? " (the last \(served.count))" : "") + ":")
        for item in served {
            text.line(
                "log \(item.log): \(item.decision) (probability of \(item.positiveClass) "
                    + "\(NumberFormat.metric(item.probability))) from \(item.predictor)")
            text.line("  release \(item.release): \(item.change), by \(item.by)")
            text.line("  model \(item.model)")
            for link in item.chain {
                let indent = String(repeating: "  ", count: link.depth + 1)
                var line = indent + (link.depth == 0 ? "commit " : "← ") + link.commit.description
                if let pipeline = link.pipeline, let job = link.job {
                    line += " made by job \(job) of pipeline \(pipeline)" + (link.version.map { " v\($0)" } ?? "")
                } else {
                    line += " \"\(link.message)\""
                }
                text.line(line)
            }
        }
    }
}
