import TuskCore

/// A SeldonDeployment, embedded: a name, a seed for routing, and its releases. The live graph is
/// the latest release's predictors; every change of what is served is a new release, so the
/// history says what changed, when (in release numbers) and why.
public struct Deployment: Sendable, Codable, Equatable {
    public let name: DeploymentName
    /// Mixed into every routing decision, so a replay routes the same way.
    public let seed: UInt64
    public private(set) var releases: [Release]

    public init(name: DeploymentName, seed: UInt64) {
        self.name = name
        self.seed = seed
        self.releases = []
    }

    /// What serves now; nil before the first release.
    public var current: Release? { releases.last }

    mutating func append(_ predictors: [Predictor], cause: Release.Cause, source: Release.Source) {
        releases.append(Release(number: releases.count + 1, predictors: predictors, cause: cause, source: source))
    }

    /// The release numbered `number`, if there is one.
    public func release(_ number: Int) -> Release? {
        number >= 1 && number <= releases.count ? releases[number - 1] : nil
    }
}

/// One state of a deployment's graph: its predictors and what caused the change.
public struct Release: Sendable, Codable, Equatable {
    public enum Cause: Sendable, Codable, Equatable {
        case release(model: ModelAddress)
        case rollback(to: Int)
        case canary(model: ModelAddress, traffic: Int)
        case shadow(model: ModelAddress)
        case promote(predictor: PredictorName)
        case retire(predictor: PredictorName)
    }

    /// Who made the change: a command typed or played, or a pipeline's job (a deploy step).
    public enum Source: Sendable, Codable, Equatable {
        case command
        case pipeline(name: String, job: String)
    }

    public let number: Int
    public let predictors: [Predictor]
    public let cause: Cause
    public let source: Source

    /// The predictor whose answers are returned by default.
    public var live: Predictor? { predictors.first { $0.role == .live } }
}

/// A model serving in a deployment, under a name, with its role in the traffic.
public struct Predictor: Sendable, Codable, Equatable {
    public enum Role: Sendable, Codable, Equatable {
        /// Takes the traffic the canaries do not.
        case live
        /// Takes `traffic` percent of requests; its answers are returned for them.
        case canary(traffic: Int)
        /// Sees every request; its answers are logged, never returned.
        case shadow
    }

    public let name: PredictorName
    public let model: ModelAddress
    public let role: Role
}
