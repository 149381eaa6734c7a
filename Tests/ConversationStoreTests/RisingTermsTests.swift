import Foundation
import Testing

@testable import ConversationStore

/// The rising-terms statistic: a burst stands out, steady talk does not, a few mentions are not a trend.
@Suite struct RisingTermsTests {
    @Test func aBurstRanksFirstAndSteadyTermsDoNotRise() {
        let hour = 3600.0
        let week = 7 * 24 * hour
        let counts = [
            // "gangguan" (outage): 60 mentions this hour, twice a day before.
            RisingTerms.Counts(
                term: "gangguan", window: 60, baseline: 14, conversations: (1...60).map { ConversationID(Int64($0)) }),
            // "paket" is always talked about: 6 an hour, as every hour of the week.
            RisingTerms.Counts(term: "paket", window: 6, baseline: 1008, conversations: []),
            // "promo": 4 this hour, never before, but too few to believe.
            RisingTerms.Counts(term: "promo", window: 4, baseline: 0, conversations: []),
            // "lemot": 12 this hour, 40 in the week: a smaller rise.
            RisingTerms.Counts(term: "lemot", window: 12, baseline: 40, conversations: []),
        ]
        let rising = RisingTerms.rising(counts, windowSeconds: hour, baselineSeconds: week)
        #expect(rising.map(\.term) == ["gangguan", "lemot"])
        let first = rising[0]
        #expect(first.count == 60 && abs(first.expected - 15.0 / 168) < 1e-12 && first.ratio > 600)
        #expect(first.conversations.count == 60)
        #expect(
            RisingTerms.rising(counts, windowSeconds: hour, baselineSeconds: week, limit: 1).map(\.term) == [
                "gangguan"
            ])
        #expect(RisingTerms.rising(counts, windowSeconds: 0, baselineSeconds: week).isEmpty)
    }

    @Test func theScoreIsThePoissonLikelihoodRatio() {
        // 2 × (10 ln(10/2) − 8) = 16.188758…
        #expect(abs(RisingTerms.score(count: 10, expected: 2) - 16.188_758_248_682_007) < 1e-9)
        #expect(RisingTerms.score(count: 2, expected: 2) == 0)
        #expect(RisingTerms.score(count: 0, expected: 3) == -6, "a fall scores below zero")
        #expect(RisingTerms.score(count: 5, expected: 0) == 0)
    }
}
