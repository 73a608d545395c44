import TuskCore
import TuskLang
import TuskPipelines
import TuskServing
import TuskStore

/// `inspect deployment D`: the live graph in SeldonDeployment's words: predictors, traffic,
/// shadows, and each model's URI as a store address with its provenance.
package struct InspectDeployment: TuskCommand {
    package static let declaration = CommandDeclaration(
        "inspect deployment", "Show what a deployment serves now, as a SeldonDeployment: predictors, traffic, shadows.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        details: """
            Each predictor is a SeldonDeployment predictor: its traffic percentage (a shadow takes a
            mirror of all traffic and its answers are never returned) and its model URI, a store
            address resolved to the commit that wrote the model, with the data that model came from.
            """,
        examples: ["inspect deployment production"])

    let deployment: DeploymentArgument

    package init(_ call: Invocation) throws(Diagnostic) { deployment = try DeploymentArgument(call.argument(0)) }

    package func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentGraph {
        let found = try context.serving(deployment) { engine throws(ServingError) in
            try engine.registry.named(deployment.name)
        }
        let requests = try context.store(StoreSpans(whole: deployment.span)) { store throws(StoreError) in
            try store.loggedRequestCount(deployment: found.name)
        }
        let driven = try drivenBy(found, context)
        guard let release = found.current else {
            return DeploymentGraph(
                drivenBy: driven, name: found.name, seed: found.seed, release: nil, change: nil, by: nil,
                predictors: [], requests: requests)
        }
        return DeploymentGraph(
            drivenBy: driven,
            name: found.name, seed: found.seed, release: release.number, change: ReleaseChange(release.cause),
            by: ReleaseAuthor(release.source, change: ReleaseChange(release.cause)),
            predictors: release.predictors.map {
                DeploymentGraph.Predictor(
                    name: $0.name, traffic: ServingText.traffic($0, in: release), shadow: $0.role == .shadow,
                    modelURI: AddressText($0.model),
                    provenance: $0.model.provenance.map(AddressText.init),
                    trainingData: $0.model.trainingData.map(AddressText.init))
            }, requests: requests)
    }

    /// The branch and deploy pipeline that drive the deployment, and whether it serves the
    /// branch's head live.
    private func drivenBy(_ deployment: Deployment, _ context: CommandContext) throws(Diagnostic)
        -> DeploymentGraph.Driver?
    {
        guard let driver = try context.driver(of: deployment.name) else { return nil }
        let head = try context.store(StoreSpans(whole: self.deployment.span)) { store throws(StoreError) in
            try store.listBranches(driver.repo).first { $0.name == driver.branch }?.head
        }
        var lastJob: DeploymentGraph.Driver.LastJob?
        let servesHead = head.map { deployment.current?.live?.model.commit == $0 }
        if servesHead == false {
            let jobs: [JobRecord]
            do { jobs = try context.pipelines.jobRecords(pipeline: driver.pipeline) } catch {
                throw Diagnose.pipeline(error, at: self.deployment.span)
            }
            lastJob = jobs.first.flatMap { $0.state == .success ? nil : .init(id: $0.id, state: $0.state.rawValue) }
        }
        return DeploymentGraph.Driver(
            branch: driver.branchAddress, pipeline: driver.pipeline, head: head?.hex, servesHead: servesHead,
            lastJob: lastJob)
    }
}

package struct DeploymentGraph: CommandOutput {
    package struct Predictor: Codable, Sendable {
        package let name: PredictorName
        /// Percent of requests whose answer it returns; a shadow's is 0 (it sees a mirror of all).
        package let traffic: Int
        package let shadow: Bool
        /// The model, `repo@commit:/path`, full commit id.
        package let modelURI: AddressText
        /// `repo@commit` of the data the model came from.
        package let provenance: [AddressText]
        /// The drift detector's reference: the model's training data, when the store has it.
        package let trainingData: AddressText?
    }

    /// The branch whose head the deployment serves, through a deploy pipeline.
    package struct Driver: Codable, Sendable {
        /// `models@production`.
        package let branch: String
        package let pipeline: String
        /// The branch's head commit (full id), nil while it has none.
        package let head: String?
        /// The deploy pipeline's last job when it did not succeed.
        package struct LastJob: Codable, Sendable {
            /// 64 hex digits.
            package let id: String
            /// `failure`, `killed`, `unrunnable`, …
            package let state: String
        }

        /// Whether the deployment serves the head live; nil while the branch has no head.
        package let servesHead: Bool?
        /// When it does not serve the head: the deploy pipeline's last job, if it did not succeed.
        package let lastJob: LastJob?
    }

    /// Set when a deploy pipeline drives the deployment.
    package var drivenBy: Driver? = nil
    package let name: DeploymentName
    package let seed: UInt64
    package let release: Int?
    package let change: ReleaseChange?
    package let by: ReleaseAuthor?
    package let predictors: [Predictor]
    package let requests: Int

    package func render(_ text: inout TextOutput) {
        guard let release else {
            text.line("deployment \(name): no release yet (release \(name) MODEL)")
            return renderDriver(&text)
        }
        text.line(
            "deployment \(name): release \(release) (\(change?.description ?? "")), by \(by?.description ?? "command")")
        renderDriver(&text)
        text.line(
            "\(NumberFormat.count(requests)) requests served; routing seed \(seed)")
        var table = TextTable("PREDICTOR", "TRAFFIC", "SHADOW", "MODEL URI")
        for p in predictors {
            table.add(
                p.name.rawValue, p.shadow ? "mirror" : "\(p.traffic)%", p.shadow ? "yes" : "no",
                p.modelURI.description)
        }
        text.table(table)
        for p in predictors {
            let data =
                p.provenance.isEmpty
                ? "no provenance" : "trained from " + p.provenance.map(\.description).joined(separator: ", ")
            text.line(
                "\(p.name): \(data); drift reference "
                    + (p.trainingData?.description ?? "not found (the training data is not in the store)"))
        }
    }
}

extension DeploymentGraph {
    fileprivate func renderDriver(_ text: inout TextOutput) {
        guard let drivenBy else { return }
        text.line(
            "follows \(drivenBy.branch) through pipeline \(drivenBy.pipeline) (head "
                + (drivenBy.head.map(CommitText.short) ?? "none yet")
                + "): rollback, promote and release move that branch")
        if let head = drivenBy.head, drivenBy.servesHead == false {
            text.line(
                "note: \(drivenBy.branch) is at \(CommitText.short(head)), which \(name) does not serve live"
                    + (drivenBy.lastJob.map { job in
                        ": job \(CommitText.short(job.id)) of \(drivenBy.pipeline) "
                            + (JobRecord.State(rawValue: job.state).map(CommandContext.outcome) ?? job.state)
                    } ?? ""))
        }
    }
}
