import TuskCore

/// Every error of the router: one lowercase line naming the thing, and how to fix it.
public struct ServingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case nothingReleased, noSuchRelease, noSuchPredictor, badTraffic
    }

    public let kind: Kind
    public let message: String
    public let help: String?

    public var description: String { message + (help.map { " (\($0))" } ?? "") }

    static func nothingReleased(_ deployment: String) -> Self {
        Self(
            kind: .nothingReleased, message: "deployment '\(deployment)' has no release yet",
            help: "release a model first: release \(deployment) MODEL")
    }
    static func noSuchRelease(_ number: Int, _ deployment: String, latest: Int) -> Self {
        Self(
            kind: .noSuchRelease, message: "deployment '\(deployment)' has no release \(number) to go back to",
            help: latest > 1
                ? "releases 1 to \(latest - 1) are earlier; see 'history \(deployment)'" : "it has one release")
    }
    static func noSuchPredictor(_ name: String, among names: [String]) -> Self {
        Self(
            kind: .noSuchPredictor, message: "no canary or shadow named '\(name)'",
            help: Suggestion.didYouMean(name, among: names)
                ?? (names.isEmpty ? "there is none" : "one of: " + names.joined(separator: ", ")))
    }
    static func badTraffic(_ traffic: Int) -> Self {
        Self(
            kind: .badTraffic, message: "canaries would take \(traffic)% of the traffic",
            help: "give a canary 1 to 99 percent, leaving the live model some")
    }
}
