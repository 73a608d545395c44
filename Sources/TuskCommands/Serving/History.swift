import TuskArtifacts
import TuskCore
import TuskLang
import TuskServing
import TuskStore

/// `history D`: every release, what it changed and who caused it.
package struct History: TuskCommand {
    static let svg = Option<DataArgument>(
        "svg", value: "FILE", "also write the releases as an SVG timeline", writes: true)

    package static let declaration = CommandDeclaration(
        "history", "List a deployment's releases: what each changed, its live model, and what caused it.",
        arguments: [.init("DEPLOYMENT", .deployment)],
        options: [svg],
        examples: ["history production", "history production --svg releases.svg"])

    let deployment: DeploymentArgument
    let svg: DataArgument?

    package init(_ call: Invocation) throws(Diagnostic) {
        deployment = try DeploymentArgument(call.argument(0))
        svg = try call[Self.svg]
    }

    package func run(_ context: CommandContext) throws(Diagnostic) -> ReleaseHistory {
        let found = try context.serving(deployment) { engine throws(ServingError) in
            try engine.registry.named(deployment.name)
        }
        var served: [ModelAddress] = []
        for release in found.releases {
            for predictor in release.predictors.sorted(by: { $0.role == .live && $1.role != .live })
            where !served.contains(predictor.model) {
                served.append(predictor.model)
            }
        }
        var history = ReleaseHistory(
            deployment: found.name,
            releases: found.releases.map { release in
                ReleaseHistory.Entry(
                    release: release.number, change: ReleaseChange(release.cause),
                    live: release.live.map { AddressText($0.model) },
                    others: release.predictors.filter { $0.role != .live }.map(ReleaseHistory.Other.init),
                    by: ReleaseAuthor(release.source, change: ReleaseChange(release.cause)))
            },
            models: served.map { ReleaseHistory.ServedModel(model: $0, data: Self.data(of: $0, in: context)) })
        if let svg {
            history.svg = try context.write(
                Array(history.picture.file.utf8), to: svg, provenance: [], message: "release history of \(found.name)")
        }
        return history
    }

    /// The data a model was trained on, named by its commit's message when it is in the store
    /// (`census extract`), by its file name when it is a local file; nil when not recorded. A
    /// history never fails for this: a deleted repo just leaves the data unnamed.
    static func data(of model: ModelAddress, in context: CommandContext) -> ReleaseHistory.TrainingData? {
        guard let location = model.trainingData else { return nil }
        guard case .stored(let repo, let commit, _) = location else {
            return ReleaseHistory.TrainingData(address: location.description, message: nil)
        }
        let info = try? context.store.resolve(repo, CommitRef(base: commit.hex))
        return ReleaseHistory.TrainingData(address: location.description, message: info?.message)
    }
}

package struct ReleaseHistory: CommandOutput {
    package struct Entry: Codable, Sendable {
        package let release: Int
        package let change: ReleaseChange
        /// Nil when the release left no live model.
        package let live: AddressText?
        package let others: [Other]
        package let by: ReleaseAuthor
    }

    /// A predictor beside the live one: a canary with its share, or a shadow.
    package struct Other: Codable, Sendable {
        package let name: PredictorName
        /// `canary` or `shadow`.
        package let role: String
        /// A canary's percent of the traffic; nil for a shadow.
        package let traffic: Int?
        package let model: AddressText

        init(_ predictor: Predictor) {
            name = predictor.name
            model = AddressText(predictor.model)
            switch predictor.role {
            case .canary(let share): (role, traffic) = ("canary", share)
            case .shadow, .live: (role, traffic) = ("shadow", nil)
            }
        }

        /// `canary-1 (25%)`, `shadow-1`.
        var text: String { traffic.map { "\(name) (\($0)%)" } ?? name.rawValue }
    }

    /// Where a model's training data is, and the message of the commit that holds it.
    package struct TrainingData: Codable, Sendable {
        package let address: String
        package let message: String?
    }

    /// A model that served in some release, in any role, with the data that trained it.
    package struct ServedModel: Codable, Sendable {
        package let model: AddressText
        package let data: TrainingData?

        init(model: ModelAddress, data: TrainingData?) {
            self.model = AddressText(model)
            self.data = data
        }
    }

    package let deployment: DeploymentName
    package let releases: [Entry]
    /// Every model that served, in the order it first did (the live one of a release first).
    package let models: [ServedModel]
    /// Where `--svg` wrote the timeline.
    package var svg: WriteReceipt?

    package func render(_ text: inout TextOutput) {
        defer { if let svg { text.line(ReceiptText.line(svg)) } }
        guard !releases.isEmpty else {
            return text.line("\(deployment) has no release yet: release \(deployment) MODEL")
        }
        var table = TextTable("RELEASE", "CHANGE", "LIVE MODEL", "ALSO SERVING", "BY")
        for entry in releases {
            table.add(
                String(entry.release), entry.change.description, entry.live?.description ?? "-",
                entry.others.isEmpty ? "-" : entry.others.map(\.text).joined(separator: ", "), entry.by.description)
        }
        text.table(table)
    }
}

extension ReleaseHistory.Entry {
    /// The live model as the table and the timeline print it (`-` for none).
    var liveText: String { live?.description ?? "-" }
}
