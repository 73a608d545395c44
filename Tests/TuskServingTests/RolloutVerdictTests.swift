import Testing
import TuskML

@testable import TuskServing

/// The rule of ``RolloutVerdict`` on counts with known effects: a better, an equal and a worse
/// challenger, and the cases where the labels cannot speak yet. The p-values are those of
/// statsmodels' `mcnemar(table)` (exact, its default), checked in TuskMLTests.InferenceTests.
@Suite struct RolloutVerdictTests {
    @Test func aBetterChallengerIsPromoted() {
        // 60 against 25: statsmodels' p = 0.00018679938527835335.
        let verdict = RolloutVerdict.judge(
            requests: 1000, agreements: 915, labeled: 1000, liveOnly: 25, challengerOnly: 60)
        #expect(verdict.decision == .promote && verdict.reason == .moreAccurate)
        #expect(abs(verdict.pValue! - 0.00018679938527835335) < 1e-12)
    }

    @Test func aWorseChallengerIsRetired() {
        let verdict = RolloutVerdict.judge(
            requests: 1000, agreements: 915, labeled: 1000, liveOnly: 60, challengerOnly: 25)
        #expect(verdict.decision == .retire && verdict.reason == .lessAccurate)
    }

    @Test func anEqualChallengerKeepsCollectingWithNoNumberThatDecides() {
        let verdict = RolloutVerdict.judge(requests: 500, agreements: 482, labeled: 500, liveOnly: 9, challengerOnly: 9)
        #expect(verdict.decision == .keepCollecting && verdict.reason == .noDifference)
        #expect(verdict.pValue == 1 && verdict.moreLabelled == nil)
    }

    /// 12 against 8 is not significant (p = 0.5034); at that share (0.6) the exact test needs the
    /// discordant count `McNemarTest.discordantNeeded` gives, and 20 of 400 labelled requests are
    /// discordant, so the labelled requests needed scale by 400 / 20.
    @Test func anUndecidedChallengerSaysHowManyMoreLabelsWouldDecide() throws {
        let verdict = RolloutVerdict.judge(
            requests: 400, agreements: 380, labeled: 400, liveOnly: 8, challengerOnly: 12)
        #expect(verdict.decision == .keepCollecting && verdict.reason == .undecided)
        let discordant = try #require(McNemarTest.discordantNeeded(secondShare: 0.6))
        #expect(verdict.moreLabelled == discordant * 20 - 400)
        #expect(verdict.pValue! > 0.05)
    }

    @Test func aMoreAccurateButUnfairChallengerIsRetired() {
        let verdict = RolloutVerdict.judge(
            requests: 1000, agreements: 915, labeled: 1000, liveOnly: 25, challengerOnly: 60,
            impacts: [("sex", 0.85, 0.7), ("race", 0.6, 0.5), ("age", .nan, 0.1)])
        // Not race: live breaks the rule there too. Age: live cannot be judged there (NaN), the
        // challenger can, and falls below.
        #expect(verdict.decision == .retire && verdict.reason == .moreAccurateButUnfair)
        #expect(verdict.unfairOn == ["sex", "age"])
        let unjudged = RolloutVerdict.judge(
            requests: 1000, agreements: 915, labeled: 1000, liveOnly: 25, challengerOnly: 60,
            impacts: [("sex", 0.85, .nan)])
        #expect(unjudged.decision == .promote)
    }

    @Test func withoutLabelsOrDisagreementsTheLabelsCannotSpeak() {
        #expect(
            RolloutVerdict.judge(requests: 100, agreements: 90, labeled: 0, liveOnly: 0, challengerOnly: 0).reason
                == .noLabels)
        #expect(
            RolloutVerdict.judge(requests: 100, agreements: 100, labeled: 50, liveOnly: 0, challengerOnly: 0)
                == RolloutVerdict(
                    decision: .retire, reason: .alwaysAgrees, alpha: 0.05, pValue: nil, moreLabelled: nil, unfairOn: [])
        )
        #expect(
            RolloutVerdict.judge(requests: 100, agreements: 90, labeled: 50, liveOnly: 0, challengerOnly: 0).decision
                == .keepCollecting)
    }
}
