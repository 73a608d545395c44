import TuskArtifacts
import TuskCore
import TuskML
import TuskStore

/// Every error of the router: one lowercase line naming the thing, the facts it is about, and how
/// to fix it in words that hold for any caller.
///
/// The router knows no front end: its help never names a command or a flag. A front end words
/// its own advice from ``kind`` and the facts (``deployment``, ``name``, ``candidates``,
/// ``latest``): the DSL says "release a model first: release production MODEL", `tusk serve`
/// answers 503 in its protocol's terms.
public struct ServingError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case nothingReleased, noSuchRelease, noSuchPredictor, badTraffic, noSuchDeployment, deploymentExists,
            modelNotInStore, noSuchRequest
        /// Another process kept releasing while a batch was answered.
        case busy
        /// The user asked to stop (Ctrl-C); nothing was written.
        case cancelled
        /// Nothing to roll back to, or a release that is already current.
        case nothingToRollBack
        /// The model is already served by the deployment.
        case alreadyServing
        /// The store, a model or a data file failed; `underlying` says how.
        case artifact
        /// A request payload is malformed or does not fit the model; `payload` says where.
        case payload
    }

    public let kind: Kind
    public let message: String
    /// How to fix it, in words that name no command: a "did you mean", the names that exist.
    public let help: String?
    /// The artifact error behind a `.artifact` error, for callers that point at the argument.
    public let underlying: ArtifactError?
    /// The payload error behind a `.payload` error, with its position.
    public let payload: PayloadError?
    /// The deployment the error is about, when there is one.
    public let deployment: DeploymentName?
    /// The name that was not found or not taken: a deployment, a predictor, a request id, or
    /// the local model file of ``Kind/modelNotInStore``.
    public let name: String?
    /// The names that exist, for a name that was not found.
    public let candidates: [String]
    /// The deployment's latest release number, for an error about release numbers.
    public let latest: Int?
    /// The release number asked for, when one was.
    public let release: Int?

    init(
        kind: Kind, message: String, help: String?, underlying: ArtifactError? = nil, payload: PayloadError? = nil,
        deployment: DeploymentName? = nil, name: String? = nil, candidates: [String] = [], latest: Int? = nil,
        release: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.help = help
        self.underlying = underlying
        self.payload = payload
        self.deployment = deployment
        self.name = name
        self.candidates = candidates
        self.latest = latest
        self.release = release
    }

    public var description: String { message + (help.map { " (\($0))" } ?? "") }

    public static func nothingReleased(_ deployment: DeploymentName) -> Self {
        Self(
            kind: .nothingReleased, message: "deployment '\(deployment)' has no release yet", help: nil,
            deployment: deployment)
    }
    static func noSuchRelease(_ number: Int, _ deployment: DeploymentName, latest: Int) -> Self {
        Self(
            kind: .noSuchRelease, message: "deployment '\(deployment)' has no release \(number)",
            help: latest > 1 ? "its releases are 1 to \(latest)" : "it has one release", deployment: deployment,
            latest: latest, release: number)
    }
    static func noSuchPredictor(_ name: PredictorName, among names: [PredictorName]) -> Self {
        let names = names.map(\.rawValue)
        return Self(
            kind: .noSuchPredictor, message: "no canary or shadow named '\(name)'",
            help: Suggestion.didYouMean(name.rawValue, among: names)
                ?? (names.isEmpty ? "there is none" : "one of: " + names.joined(separator: ", ")),
            name: name.rawValue, candidates: names)
    }
    static func badTraffic(_ traffic: Int) -> Self {
        Self(
            kind: .badTraffic, message: "canaries would take \(traffic)% of the traffic",
            help: "give a canary 1 to 99 percent, leaving the live model some")
    }
    static func noSuchDeployment(_ name: DeploymentName, among names: [DeploymentName]) -> Self {
        let names = names.map(\.rawValue)
        return Self(
            kind: .noSuchDeployment, message: "no deployment named '\(name)'",
            help: Suggestion.didYouMean(name.rawValue, among: names), deployment: name, name: name.rawValue,
            candidates: names)
    }
    static func deploymentExists(_ name: DeploymentName) -> Self {
        Self(
            kind: .deploymentExists, message: "deployment '\(name)' already exists",
            help: "release to it, or pick another name", deployment: name)
    }
    static func modelNotInStore(_ name: String) -> Self {
        Self(
            kind: .modelNotInStore, message: "a release serves a model from the store, not the local file '\(name)'",
            help: "put the file in a repo first", name: name)
    }
    static func noSuchRequest(_ id: String, _ deployment: DeploymentName) -> Self {
        Self(
            kind: .noSuchRequest, message: "deployment '\(deployment)' has served no request '\(id)'",
            help: "request ids are in the answers of its predictions", deployment: deployment, name: id)
    }
    /// A request whose score is not a finite number: its numbers overflow the model's arithmetic.
    /// An artifact error (tusk serve answers 500): the model validated, but cannot score these numbers.
    static func nonFiniteScore(_ predictor: PredictorName, row: Int, of batch: RequestBatch, outlier: Bool = false)
        -> Self
    {
        let what = outlier ? "outlier distance" : "score"
        let request = batch.count == 1 ? "the request" : "request \(row + 1) of \(batch.count)"
        return Self(
            kind: .artifact,
            message: "predictor '\(predictor)': \(request) gets a \(what) that is not a finite number",
            help: "its numbers are too extreme for the model; nothing of the batch was answered or logged",
            underlying: .data(
                MLError(
                    "predictor '\(predictor)': \(request) gets a \(what) that is not a finite number",
                    kind: .numerical, file: batch.table.source)))
    }
    static let cancelled = Self(
        kind: .cancelled, message: "interrupted: nothing was written", help: "run the command again")

    static func artifact(_ error: ArtifactError) -> Self {
        Self(kind: .artifact, message: "\(error)", help: nil, underlying: error)
    }
    static func store(_ error: StoreError) -> Self { artifact(.store(error)) }
    static func data(_ error: MLError) -> Self { artifact(.data(error)) }
    static func payload(_ error: PayloadError) -> Self {
        Self(kind: .payload, message: error.message, help: error.help, payload: error)
    }
}
