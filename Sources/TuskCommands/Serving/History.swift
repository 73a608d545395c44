import TuskArtifacts
import TuskCore
import TuskLang
import TuskServing

/// `history D`: every release, what it changed and who caused it.
public struct History: TuskCommand {
    public static let declaration = CommandDeclaration(
        "history", "List a deployment's releases: what each changed, its live model, and what caused it.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [.init("svg", value: "FILE", "also write the releases as an SVG timeline", kind: .data)],
        examples: ["history production", "history production --svg releases.svg"])

    let deployment: DeploymentArgument
    let svg: DataArgument?

    public init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        svg = try call.value("svg").map { token throws(Diagnostic) in try DataArgument(token) }
    }

    public func run(_ context: CommandContext) throws(Diagnostic) -> ReleaseHistory {
        let found = try context.serving(deployment) { engine throws(ServingError) in
            try engine.registry.named(deployment.name)
        }
        var history = ReleaseHistory(
            deployment: found.name,
            releases: found.releases.map { release in
                ReleaseHistory.Entry(
                    release: release.number, change: ReleaseChange(release.cause),
                    live: release.live.map { AddressText($0.model) },
                    others: release.predictors.filter { $0.role != .live }.map { predictor in
                        if case .canary(let traffic) = predictor.role { return "\(predictor.name) (\(traffic)%)" }
                        return predictor.name
                    }, by: ReleaseAuthor(release.source, change: ReleaseChange(release.cause)))
            })
        if let svg {
            history.svg = try context.write(
                Array(history.picture.file.utf8), to: svg, provenance: [], message: "release history of \(found.name)")
        }
        return history
    }
}

public struct ReleaseHistory: CommandOutput {
    public struct Entry: Codable, Sendable {
        public let release: Int
        public let change: ReleaseChange
        /// Nil when the release left no live model.
        public let live: AddressText?
        public let others: [String]
        public let by: ReleaseAuthor
    }

    public let deployment: String
    public let releases: [Entry]
    /// Where `--svg` wrote the timeline.
    public var svg: WriteReceipt?

    public func render(_ text: inout TextOutput) {
        defer { if let svg { text.line(ReceiptText.line(svg)) } }
        guard !releases.isEmpty else {
            return text.line("\(deployment) has no release yet: release \(deployment) MODEL")
        }
        var table = TextTable("RELEASE", "CHANGE", "LIVE MODEL", "ALSO SERVING", "BY")
        for entry in releases {
            table.add(
                String(entry.release), entry.change.description, entry.live?.description ?? "-",
                entry.others.isEmpty ? "-" : entry.others.joined(separator: ", "), entry.by.description)
        }
        text.table(table)
    }
}

extension ReleaseHistory.Entry {
    /// The live model as the table and the timeline print it (`-` for none).
    var liveText: String { live?.description ?? "-" }
}
