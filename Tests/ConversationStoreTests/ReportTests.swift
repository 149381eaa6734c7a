import Foundation
import Presentation
import Testing
import TextAnalysis

@testable import ConversationStore
@testable import SQLiteStore

/// A fixture computed by hand. Times are minutes after Make.start (2027-01-15 08:00:00 UTC).
///
/// | conversation | first message | response after | resolved after | notes                      |
/// |--------------|---------------|----------------|----------------|----------------------------|
/// | A (ani)      | inbound 0     | 10 min         | 60 min         | met                        |
/// | B (budi)     | inbound 5     | 50 min         | —              | breached (late)            |
/// | C (ani)      | inbound 20    | 20 min         | —              | met                        |
/// | D            | inbound 100   | —              | —              | unanswered, 20 min old     |
/// | E            | inbound 30    | —              | —              | unanswered, 90 min old     |
/// | F            | outbound 40   | —              | —              | brand post: no need, and   |
/// |              |               |                |                | its post is no response    |
/// | G            | inbound 50    | —              | —              | marked spam: no need       |
///
/// The report runs at minute 120. Needing a response: A B C D E = 5; responded 3; rate 0.6.
/// First response times 600, 3000, 1200 s: p50 = 2nd smallest = 1200, p90 = ⌈2.7⌉ = 3rd = 3000, mean 1600.
/// SLA 30 min: met A C = 2; breached B (late) and E (90 > 30) = 2; pending D = 1; attainment 2/5 = 0.4.
/// Resolution: A only, 3600 s.
@Suite struct ReportTests {
    func fixture() async throws -> TestStore {
        let test = try TestStore()
        try await test.store.ingest([
            Make.inbound("A1", at: 0, from: "ca"),
            Make.inbound("B1", at: 5, from: "cb"),
            Make.inbound("C1", at: 20, from: "cc"),
            Make.inbound("D1", at: 100, from: "cd"),
            Make.inbound("E1", at: 30, from: "ce"),
            Make.outbound("F1", at: 40),
            Make.inbound("G1", at: 50, from: "cg"),
        ])
        func id(_ external: String) async throws -> ConversationID {
            try #require(try await test.store.conversation(holding: external)).id
        }
        let a = try await id("A1")
        let b = try await id("B1")
        let c = try await id("C1")
        let g = try await id("G1")
        test.clock.advance(by: 10 * 60)
        try await test.store.perform(.reply(text: "Halo A", isPrivate: false), on: a, by: "ani")
        test.clock.advance(by: 30 * 60)  // 40
        try await test.store.perform(.reply(text: "Halo C", isPrivate: false), on: c, by: "ani")
        test.clock.advance(by: 15 * 60)  // 55
        try await test.store.perform(.reply(text: "Halo B", isPrivate: false), on: b, by: "budi")
        try await test.store.perform(.markNoReplyNeeded(reason: "spam"), on: g, by: "budi")
        test.clock.advance(by: 5 * 60)  // 60
        try await test.store.perform(.setStatus(.resolved), on: a, by: "ani")
        test.clock.advance(by: 60 * 60)  // 120
        return test
    }

    @Test func totalsFollowThePublishedFormulas() async throws {
        let test = try await fixture()
        let report = try await test.store.report(ReportQuery(timeZone: .gmt))
        let totals = report.totals
        #expect(totals.conversations == 7)
        #expect(totals.needsResponse == 5)
        #expect(totals.responded == 3)
        #expect(totals.responseRate == 0.6)
        #expect(totals.firstResponse == DurationSummary([600, 3000, 1200]))
        #expect(totals.firstResponse.p50 == 1200)
        #expect(totals.firstResponse.p90 == 3000)
        #expect(totals.firstResponse.mean == 1600)
        #expect(totals.slaMet == 2)
        #expect(totals.slaBreached == 2)
        #expect(totals.slaPending == 1)
        #expect(totals.slaAttainment == 0.4)
        #expect(totals.resolution.count == 1)
        #expect(totals.resolution.p50 == 3600)
        #expect(report.slaTargetSeconds == 1800)
    }

    @Test func aLooserTargetChangesOnlyTheSLAFigures() async throws {
        let test = try await fixture()
        let report = try await test.store.report(ReportQuery(slaTargetSeconds: 60 * 60))
        #expect(report.totals.slaMet == 3)
        #expect(report.totals.slaBreached == 1)
        #expect(report.totals.slaPending == 1)
        #expect(report.totals.responseRate == 0.6)
    }

    @Test func groupsByTheAgentWhoSentTheFirstResponse() async throws {
        let test = try await fixture()
        let report = try await test.store.report(ReportQuery(grouping: .agent))
        let groups = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key, $0.figures) })
        #expect(report.groups.map(\.key) == ["(none)", "ani", "budi"])
        #expect(groups["ani"]?.responded == 2)
        #expect(groups["ani"]?.firstResponse.mean == 900)
        #expect(groups["budi"]?.slaBreached == 1)
        #expect(groups["(none)"]?.conversations == 4)
        #expect(groups["(none)"]?.needsResponse == 2)
    }

    @Test func groupsByHourInTheReportsTimeZone() async throws {
        let test = try await fixture()
        let jakarta = try #require(TimeZone(identifier: "Asia/Jakarta"))
        let report = try await test.store.report(ReportQuery(grouping: .hour, timeZone: jakarta))
        // Make.start is 08:00 UTC = 15:00 in Jakarta; D at +100 min falls in 16:00.
        #expect(report.groups.map(\.key) == ["15", "16"])
        #expect(report.groups.last?.figures.conversations == 1)
        let days = try await test.store.report(ReportQuery(grouping: .day, timeZone: jakarta))
        #expect(days.groups.map(\.key) == ["2027-01-15"])
    }

    @Test func periodSelectsConversationsByTheirEarliestMessage() async throws {
        let test = try await fixture()
        let report = try await test.store.report(ReportQuery(since: Make.at(20), until: Make.at(100)))
        // C (20), E (30), F (40), G (50); D at 100 is outside.
        #expect(report.totals.conversations == 4)
        #expect(report.totals.needsResponse == 2)
    }

    @Test func jsonHasTheDocumentedShape() async throws {
        let test = try await fixture()
        let report = try await test.store.report(ReportQuery(grouping: .channel))
        let data = Data(report.json.serialized().utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["conversations"] as? Int == 7)
        #expect(object["needs_response"] as? Int == 5)
        #expect(object["responded"] as? Int == 3)
        #expect(object["response_rate"] as? Double == 0.6)
        let frt = try #require(object["first_response_seconds"] as? [String: Any])
        #expect(frt["p50"] as? Int == 1200 && frt["p90"] as? Int == 3000 && frt["mean"] as? Int == 1600)
        let sla = try #require(object["sla"] as? [String: Any])
        #expect(sla["target_seconds"] as? Int == 1800 && sla["met"] as? Int == 2 && sla["breached"] as? Int == 2)
        #expect(sla["attainment"] as? Double == 0.4)
        #expect(object["resolution_seconds"] is [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.map { $0["key"] as? String } == ["twitter"])
    }

    /// Make.start is a Friday; in UTC, A B C E arrive in the 08:00 hour and D (09:40) in the 09:00 hour; A and C were
    /// answered within 30 minutes. At minute 120, D (20 min) and E (90 min) wait. A second conversation from A's
    /// customer at minute 110 (09:50) makes one repeat customer and a third waiting conversation (10 min).
    @Test func heatmapBacklogAndRepeatCustomersByHand() async throws {
        let test = try await fixture()
        try await test.store.ingest([Make.inbound("A2", at: 110, from: "ca")])
        let report = try await test.store.report(ReportQuery(timeZone: .gmt))
        let friday = 4
        #expect(report.heatmap[friday][8] == 4)
        #expect(report.heatmap[friday][9] == 2)
        #expect(report.heatmap[friday][10] == 0)
        #expect(report.heatmap.joined().reduce(0, +) == 6)
        #expect(report.heatmapMet[friday][8] == 2)
        #expect(report.heatmapMet.joined().reduce(0, +) == 2)
        #expect(report.backlog.map(\.label) == ["<30m", "30m-1h", "1h-4h", "4h-1d", "1d-3d", ">3d"])
        #expect(report.backlog.map(\.count) == [2, 0, 1, 0, 0, 0])
        // F is the brand's own post: neither new nor repeat.
        #expect(report.newCustomers == 6)
        #expect(report.repeatCustomers == 1)
        #expect(report.sentiment.values.reduce(0, +) == 8)
        let byCustomer = try await test.store.report(ReportQuery(grouping: .customer, timeZone: .gmt))
        #expect(byCustomer.groups.map(\.key) == ["(none)", "new", "repeat"])
        #expect(byCustomer.groups.last?.figures.needsResponse == 1)
        let byWeekday = try await test.store.report(ReportQuery(grouping: .weekday, timeZone: .gmt))
        #expect(byWeekday.groups.map(\.key) == ["5-fri"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json.serialized().utf8)) as? [String: Any])
        let heatmap = try #require(object["heatmap"] as? [String: Any])
        #expect((heatmap["needs_response"] as? [[Int]])?[friday][8] == 4)
        #expect((object["backlog"] as? [[String: Any]])?.first?["count"] as? Int == 2)
        #expect(object["customers"] as? [String: Int] == ["new": 6, "repeat": 1])
    }

    @Test func angryCustomersCountAsNegative() async throws {
        let test = try TestStore()
        try await test.store.ingest([
            Make.inbound("x1", at: 0, from: "c1", text: "parah bgt, kecewa banget sama pelayanannya, payah!!"),
            Make.inbound("x2", at: 1, from: "c2", text: "makasih banyak ya, mantap pelayanannya"),
        ])
        let report = try await test.store.report(ReportQuery())
        #expect(report.sentiment["negative"] == 1)
        #expect(report.sentiment["positive"] == 1)
    }

    @Test(arguments: [
        ([Double](), nil as Double?, nil as Double?),
        ([5], 5, 5),
        ([4, 1, 3, 2], 2, 4),
        ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 50, 90),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10),
    ])
    func percentilesAreNearestRank(_ values: [Double], _ p50: Double?, _ p90: Double?) {
        let summary = DurationSummary(values)
        #expect(summary.p50 == p50)
        #expect(summary.p90 == p90)
    }

    /// Only an agent's mark takes a conversation out of the denominator; the estimate stands beside it, counted
    /// among the unanswered only, with the rate were it confirmed; conversations group by their first intent.
    @Test func theEstimateStandsBesideTheAgentsMarksAndConversationsGroupByIntent() {
        let start = Make.start
        func fact(
            _ id: Int64, _ intent: Intent?, inbound: Bool = true, answered: Bool = false, replyExpected: Bool = true,
            marked: Bool = false
        ) -> ConversationFacts {
            ConversationFacts(
                id: ConversationID(id), channel: .twitter, account: nil, priority: .normal, firstResponder: nil,
                firstMessageAt: start, firstInboundAt: inbound ? start : nil,
                firstResponseAt: answered ? start.addingTimeInterval(60) : nil, resolvedAt: nil,
                needsResponse: NeedsResponse.test(
                    firstMessageInbound: inbound, noReplyReason: marked ? "marked" : nil, answered: answered),
                firstIntent: intent, replyExpected: replyExpected,
                markedNoReply: NeedsResponse.markedNone(
                    firstMessageInbound: inbound, noReplyReason: marked ? "marked" : nil, answered: answered))
        }
        let facts = [
            fact(1, .complaint),
            fact(2, .thanks, replyExpected: false),
            fact(3, .thanks, answered: true, replyExpected: false),
            fact(4, .praise, replyExpected: false, marked: true),
            fact(5, nil, inbound: false),
            fact(6, nil),
            // Answered, then its closing thanks marked: it still counts, answered.
            fact(7, .thanks, answered: true, replyExpected: false, marked: true),
        ]
        let report = Report(
            facts: facts, query: ReportQuery(grouping: .intent, timeZone: .gmt), policy: SLAPolicy(),
            now: start.addingTimeInterval(3600))
        #expect(report.totals.needsResponse == 5)
        #expect(report.totals.responded == 2)
        #expect(report.totals.responseRate == 0.4)
        #expect(report.totals.noReplyMarked == 1, "the answered one's mark takes nothing out")
        #expect(report.totals.noReplyEstimated == 1, "the answered thanks is no estimate: it was answered")
        #expect(report.totals.responseRateIfConfirmed == 0.5)
        #expect(report.intents == ["complaint": 1, "thanks": 3, "praise": 1, "unknown": 1])
        #expect(report.groups.map(\.key) == ["(none)", "complaint", "praise", "thanks", "unknown"])
        let thanks = report.groups.first { $0.key == "thanks" }?.figures
        #expect(thanks?.needsResponse == 3 && thanks?.noReplyEstimated == 1 && thanks?.responseRateIfConfirmed == 1)
        #expect(report.groups.first { $0.key == "praise" }?.figures.noReplyMarked == 1)
    }
}
