import TuskML

/// What the evidence logged so far says to do with a challenger, and the rule that said it.
///
/// The rule, applied to the labelled requests both models answered:
/// 1. No labelled request yet: keep collecting.
/// 2. The two were never both labelled and at odds: if they agreed on every request scored, the
///    challenger changes nothing and is retired; otherwise keep collecting.
/// 3. McNemar's exact test on the requests exactly one of them got right, at `alpha`:
///    significantly more accurate → promote, unless it also breaks the four-fifths rule on a
///    protected attribute where the live model keeps to it (then retire); significantly less
///    accurate → retire.
/// 4. Not significant: keep collecting, with how many more labelled requests the test would need
///    if the rates of disagreement and of disagreements the challenger wins stay as they are
///    (none when each has won exactly as many: at no effect, no number decides).
public struct RolloutVerdict: Sendable, Codable, Equatable {
    public enum Decision: String, Sendable, Codable { case promote, keepCollecting = "keep collecting", retire }

    public enum Reason: String, Sendable, Codable {
        /// Rule 1.
        case noLabels = "no labels"
        /// Rule 2: every request answered alike.
        case alwaysAgrees = "always agrees"
        /// Rule 2: disagreements, none of them labelled and decided by one model alone.
        case noLabelledDisagreement = "no labelled disagreement"
        /// Rule 3.
        case moreAccurate = "more accurate"
        case moreAccurateButUnfair = "more accurate but unfair"
        case lessAccurate = "less accurate"
        /// Rule 4.
        case undecided
        case noDifference = "no difference"
    }

    public let decision: Decision
    public let reason: Reason
    /// The significance level of the test.
    public let alpha: Double
    /// McNemar's exact two-sided p-value, when there were labelled disagreements.
    public let pValue: Double?
    /// Rule 4: labelled requests still needed (beyond those logged) for the test to decide.
    public let moreLabelled: Int?
    /// Rule 3: the attributes on which the challenger breaks the four-fifths rule and the live
    /// model does not.
    public let unfairOn: [String]

    /// The four-fifths rule: a disparate impact below it is adverse impact.
    public static let fourFifths = 0.8

    /// Applies the rule to a comparison's counts.
    ///
    /// - Parameters:
    ///   - requests: requests both scored; `agreements` of them answered alike.
    ///   - labeled: those whose label arrived; `liveOnly` the live model alone got right,
    ///     `challengerOnly` the challenger alone.
    ///   - impacts: per protected attribute, the live model's and the challenger's disparate impact.
    public static func judge(
        requests: Int, agreements: Int, labeled: Int, liveOnly: Int, challengerOnly: Int,
        impacts: [(attribute: String, live: Double, challenger: Double)] = [], alpha: Double = 0.05
    ) -> RolloutVerdict {
        func verdict(_ decision: Decision, _ reason: Reason, p: Double? = nil, more: Int? = nil, unfair: [String] = [])
            -> RolloutVerdict
        {
            RolloutVerdict(
                decision: decision, reason: reason, alpha: alpha, pValue: p, moreLabelled: more, unfairOn: unfair)
        }
        guard labeled > 0 else { return verdict(.keepCollecting, .noLabels) }
        let discordant = liveOnly + challengerOnly
        guard discordant > 0 else {
            return agreements == requests
                ? verdict(.retire, .alwaysAgrees) : verdict(.keepCollecting, .noLabelledDisagreement)
        }
        let test = McNemarTest(onlyFirst: liveOnly, onlySecond: challengerOnly)
        if test.pValue < alpha {
            guard challengerOnly > liveOnly else { return verdict(.retire, .lessAccurate, p: test.pValue) }
            // A NaN impact (a group too small, a privileged group never selected) is not evidence.
            let unfair = impacts.filter { $0.challenger < fourFifths && !($0.live < fourFifths) }.map(\.attribute)
            return unfair.isEmpty
                ? verdict(.promote, .moreAccurate, p: test.pValue)
                : verdict(.retire, .moreAccurateButUnfair, p: test.pValue, unfair: unfair)
        }
        let share = Double(challengerOnly) / Double(discordant)
        guard let needed = McNemarTest.discordantNeeded(secondShare: share, alpha: alpha) else {
            return verdict(.keepCollecting, .noDifference, p: test.pValue)
        }
        // Labelled requests in all for `needed` discordant ones at today's rate of disagreement.
        let total = (Double(needed) * Double(labeled) / Double(discordant)).rounded(.up)
        return verdict(.keepCollecting, .undecided, p: test.pValue, more: max(1, Int(total) - labeled))
    }
}
