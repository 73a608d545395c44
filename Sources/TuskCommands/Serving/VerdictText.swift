import TuskML
import TuskServing

/// The words of a ``RolloutVerdict`` and of the intervals beside it, shared by `compare` and by
/// `promote`'s refusal so both argue the same way.
enum VerdictText {
    /// `0.8400 [0.8053, 0.8693]`: an estimate with its 95% Wilson interval; `-` with no trials.
    static func interval(_ interval: ProportionInterval) -> String {
        guard interval.trials > 0 else { return "-" }
        return "\(NumberFormat.metric(interval.estimate)) "
            + "[\(NumberFormat.metric(interval.lower)), \(NumberFormat.metric(interval.upper))]"
    }

    /// The decision, styled by what it means: promote passes, retire fails, collecting warns.
    static func decision(_ verdict: RolloutVerdict) -> StyledText {
        switch verdict.decision {
        case .promote: "\(.pass("promote"))"
        case .retire: "\(.fail("retire"))"
        case .keepCollecting: "\(.warn("keep collecting"))"
        }
    }

    /// Why, in one clause naming the evidence.
    static func reason(_ pair: ComparisonReport.Pair) -> String {
        let verdict = pair.verdict, name = pair.challenger
        let b = pair.liveOnlyCorrect, c = pair.challengerOnlyCorrect
        let p = verdict.pValue.map { "McNemar p = \(NumberFormat.pValue($0))" } ?? ""
        switch verdict.reason {
        case .noLabels:
            return "no labelled request yet ('feedback' attaches labels)"
        case .alwaysAgrees:
            return
                "\(name) answered every one of \(NumberFormat.count(pair.requests)) requests as live did: it changes nothing"
        case .noLabelledDisagreement:
            return "the two never disagreed on a labelled request (\(NumberFormat.count(pair.labeled)) labelled)"
        case .moreAccurate:
            return "\(name) is right where live is wrong \(c) times, the reverse \(b) times (\(p) < \(alpha(verdict)))"
        case .moreAccurateButUnfair:
            return "\(name) is more accurate (\(c) against \(b), \(p)) but its disparate impact falls below 0.8 on "
                + verdict.unfairOn.joined(separator: ", ") + " where live's does not"
        case .lessAccurate:
            return "live is right where \(name) is wrong \(b) times, the reverse \(c) times (\(p) < \(alpha(verdict)))"
        case .undecided:
            let more =
                verdict.moreLabelled.map { "about \(NumberFormat.count($0)) more labelled requests" } ?? "more labels"
            return
                "\(c) against \(b) in \(name)'s favour is not yet significant (\(p)); at this effect size \(more) would decide"
        case .noDifference:
            return
                "each is right where the other is wrong \(b) times (\(p)): at no difference, no number of labels decides"
        }
    }

    /// The rule, stated once under the verdicts.
    static func rule(alpha: Double) -> String {
        "rule: McNemar's exact test on the labelled requests only one model got right, at alpha "
            + "\(alpha); promote when the challenger is significantly more accurate and "
            + "keeps the four-fifths rule wherever live does, retire when it is significantly less accurate, "
            + "else keep collecting"
    }

    private static func alpha(_ verdict: RolloutVerdict) -> String { "\(verdict.alpha)" }
}
