import TuskCore
import TuskLang
import TuskServing
import TuskStore

/// `inspect deployment D`: the live graph in SeldonDeployment's words: predictors, traffic,
/// shadows, and each model's URI as a store address with its provenance.
public struct InspectDeployment: TuskCommand {
    public static let declaration = CommandDeclaration(
        "inspect deployment", "Show what a deployment serves now, as a SeldonDeployment: predictors, traffic, shadows.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        details: """
            Each predictor is a SeldonDeployment predictor: its traffic percentage (a shadow takes a
            mirror of all traffic and its answers are never returned) and its model URI, a store
            address resolved to the commit that wrote the model, with the data that model came from.
            """,
        examples: ["inspect deployment production"])

    let deployment: DeploymentArgument

    public init(_ call: Invocation) throws(Diagnostic) { deployment = try DeploymentArgument(call.argument(0)) }

    public func run(_ context: CommandContext) throws(Diagnostic) -> DeploymentGraph {
        let found = try context.serving(deployment) { engine throws(ServingError) in
            try engine.registry.named(deployment.name)
        }
        let requests = try context.store(StoreSpans(whole: deployment.span)) { store throws(StoreError) in
            try store.loggedRequestCount(deployment: found.name)
        }
        guard let release = found.current else {
            return DeploymentGraph(
                name: found.name, seed: found.seed, release: nil, change: nil, by: nil, predictors: [],
                requests: requests)
        }
        return DeploymentGraph(
            name: found.name, seed: found.seed, release: release.number, change: ReleaseChange(release.cause),
            by: ReleaseAuthor(release.source, change: ReleaseChange(release.cause)),
            predictors: release.predictors.map {
                DeploymentGraph.Predictor(
                    name: $0.name, traffic: ServingText.traffic($0, in: release), shadow: $0.role == .shadow,
                    modelURI: "\($0.model.repo)@\($0.model.commit):\($0.model.path)",
                    provenance: $0.model.provenance.map(AddressText.init(full:)),
                    trainingData: $0.model.trainingData.map(AddressText.init(full:)))
            }, requests: requests)
    }

    /// `repo@<64 hex>:/path` with its commit id shortened to 12.
    static func shortened(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@"), let colon = address[at...].firstIndex(of: ":") else {
            return address
        }
        let id = address[address.index(after: at)..<colon]
        guard id.count == 64 else { return address }
        return String(address[...at]) + id.prefix(12) + address[colon...]
    }
}

public struct DeploymentGraph: CommandOutput {
    public struct Predictor: Codable, Sendable {
        public let name: String
        /// Percent of requests whose answer it returns; a shadow's is 0 (it sees a mirror of all).
        public let traffic: Int
        public let shadow: Bool
        /// The model, `repo@commit:/path`, full commit id.
        public let modelURI: String
        /// `repo@commit` of the data the model came from.
        public let provenance: [AddressText]
        /// The drift detector's reference: the model's training data, when the store has it.
        public let trainingData: AddressText?
    }

    public let name: String
    public let seed: UInt64
    public let release: Int?
    public let change: ReleaseChange?
    public let by: ReleaseAuthor?
    public let predictors: [Predictor]
    public let requests: Int

    public func render(_ text: inout TextOutput) {
        guard let release else { return text.line("deployment \(name): no release yet (release \(name) MODEL)") }
        text.line(
            "deployment \(name): release \(release) (\(change?.description ?? "")), by \(by?.description ?? "command")")
        text.line(
            "\(NumberFormat.count(requests)) requests served; routing seed \(seed)")
        var table = TextTable("PREDICTOR", "TRAFFIC", "SHADOW", "MODEL URI")
        for p in predictors {
            table.add(
                p.name, p.shadow ? "mirror" : "\(p.traffic)%", p.shadow ? "yes" : "no",
                InspectDeployment.shortened(p.modelURI))
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
