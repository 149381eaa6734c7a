import Foundation
import Testing

@testable import ConversationStore

/// The rising-terms statistic: a burst stands out, steady talk does not, a few mentions are not a trend.
@Suite struct RisingTermsTests {
    /// A week of 200 customer messages an hour, then an hour of 200.
    static let windowMessages = 200
    static let baselineMessages = 168 * 200
    static func ids(_ count: Int) -> [ConversationID] { (1...count).map { ConversationID(Int64($0)) } }

    static let counts = [
        // "gangguan" (outage): in 60 conversations this hour, twice a day before.
        RisingTerms.Counts(term: "ganggu", written: "gangguan", window: 60, baseline: 14, conversations: ids(60)),
        // "paket" is always talked about: in 3% of messages every hour.
        RisingTerms.Counts(term: "paket", window: 6, baseline: 1008, conversations: ids(6)),
        // "promo": 4 this hour, never before, but too few to believe.
        RisingTerms.Counts(term: "promo", window: 4, baseline: 0, conversations: ids(4)),
        // "lemot": 12 conversations this hour, 40 messages in the week: a smaller rise.
        RisingTerms.Counts(term: "lambat", written: "lemot", window: 12, baseline: 40, conversations: ids(12)),
        // "macet": 8 this hour, from 8 customers: a trend, not yet an alert.
        RisingTerms.Counts(term: "macet", window: 8, baseline: 5, conversations: ids(8)),
        // One customer writing "woy" nine times is no trend.
        RisingTerms.Counts(term: "woy", window: 9, baseline: 0, conversations: ids(1)),
    ]

    @Test func aBurstRanksFirstAndSteadyTermsDoNotRise() {
        let rising = RisingTerms.rising(
            Self.counts, windowMessages: Self.windowMessages, baselineMessages: Self.baselineMessages)
        #expect(rising.map(\.term) == ["ganggu", "macet", "lambat"], "macet: 8 against 0.04 expected")
        let first = rising[0]
        #expect(first.written == "gangguan" && first.count == 60 && first.conversations.count == 60)
        #expect(abs(first.expected - 15.0 / 33_601 * 200) < 1e-12 && first.ratio > 600)
        #expect(
            RisingTerms.rising(
                Self.counts, windowMessages: Self.windowMessages, baselineMessages: Self.baselineMessages, limit: 1
            ).map(\.term) == ["ganggu"])
        #expect(RisingTerms.rising(Self.counts, windowMessages: 0, baselineMessages: Self.baselineMessages).isEmpty)
        #expect(
            RisingTerms.rising(Self.counts, windowMessages: 200, baselineMessages: 0).isEmpty,
            "without a baseline nothing is known to rise")
    }

    @Test func aSpikeNeedsFiveTimesTheExpectationInTenConversations() {
        let spikes = RisingTerms.rising(
            Self.counts, windowMessages: Self.windowMessages, baselineMessages: Self.baselineMessages,
            threshold: .spike)
        #expect(spikes.map(\.term) == ["ganggu", "lambat"], "macet is in 8 conversations")
    }

    @Test func aBusyHourDoesNotMakeEveryTermRise() {
        // Three times the usual traffic, every term in its usual share: nothing rises.
        let busy = [
            RisingTerms.Counts(term: "paket", window: 18, baseline: 1008, conversations: Self.ids(18)),
            RisingTerms.Counts(term: "refund", window: 30, baseline: 1680, conversations: Self.ids(30)),
        ]
        #expect(RisingTerms.rising(busy, windowMessages: 600, baselineMessages: Self.baselineMessages).isEmpty)
    }

    @Test func aThousandTermsAtChanceRaiseNothing() {
        // Each 12 against 3.8 expected: p < 0.001 alone (score 12.3), but one such among a thousand terms is chance.
        let chance = (0..<1000).map { index in
            RisingTerms.Counts(
                term: "t\(index)", window: index == 0 ? 12 : 5, baseline: 637, conversations: Self.ids(12))
        }
        #expect(RisingTerms.pValue(score: RisingTerms.score(count: 12, expected: 3.8)) < 0.001)
        #expect(RisingTerms.rising(chance, windowMessages: 200, baselineMessages: Self.baselineMessages).isEmpty)
        #expect(abs(RisingTerms.criticalScore(p: 0.001) - 10.8276) < 1e-3)
        #expect(abs(RisingTerms.criticalScore(p: 0.000_001) - 23.9281) < 1e-3)
        #expect(abs(RisingTerms.pValue(score: 3.841_458_820_694_124) - 0.05) < 1e-9)
    }

    @Test func theScoreIsThePoissonLikelihoodRatio() {
        // 2 × (10 ln(10/2) − 8) = 16.188758…
        #expect(abs(RisingTerms.score(count: 10, expected: 2) - 16.188_758_248_682_007) < 1e-9)
        #expect(RisingTerms.score(count: 2, expected: 2) == 0)
        #expect(RisingTerms.score(count: 0, expected: 3) == -6, "a fall scores below zero")
        #expect(RisingTerms.score(count: 5, expected: 0) == 0)
    }

    @Test func aTermIsTheAnalysedWordAndPairsAreOfWrittenWords() {
        let terms = TrendTerms.terms("@Brand1Care sinyal LEMOTTT bgt dr pagi, order 12345 #gangguan")
        let names = terms.map(\.term)
        #expect(names.contains("lambat"), "slang made standard: \(names)")
        #expect(terms.first { $0.term == "lambat" }?.written == "lemottt")
        #expect(names.contains("sinyal lambat"))
        #expect(!names.contains { $0.contains("12345") || $0.contains("brand1care") }, "\(names)")
        #expect(Set(names).count == names.count, "each once")
        #expect(
            Set(TrendTerms.terms("lemot").map(\.term)) == Set(TrendTerms.terms("lambat").map(\.term)),
            "lemot and lambat count together")
        let clauses = TrendTerms.terms("rumah di jakarta selatan, internet mati. Tolong!").map(\.term)
        #expect(clauses.contains("jakarta selatan") && clauses.contains("internet mati"), "\(clauses)")
        #expect(!clauses.contains("selatan internet") && !clauses.contains("mati tolong"), "\(clauses)")
        #expect(TrendTerms.hour(ofMilliseconds: -1) == -1 && TrendTerms.hour(ofMilliseconds: 3_600_000) == 1)
    }

    @Test func hourlyCountsCountEachMessageOnceAndTheHoursMessages() {
        var hours = TermHours()
        hours.add(["paket", "lambat"], atMilliseconds: 10)
        hours.add(["paket"], atMilliseconds: 3_599_999)
        hours.add(["paket"], atMilliseconds: 3_600_000)
        #expect(
            hours.rows == [
                TermHours.Row(term: "", hour: 0, count: 2), TermHours.Row(term: "lambat", hour: 0, count: 1),
                TermHours.Row(term: "paket", hour: 0, count: 2), TermHours.Row(term: "", hour: 1, count: 1),
                TermHours.Row(term: "paket", hour: 1, count: 1),
            ])
    }
}
