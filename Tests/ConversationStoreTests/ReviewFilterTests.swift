import Foundation
import Testing

@testable import ConversationStore

/// Handled conversations for review, on the report's hand-computed fixture: A (ani, met, resolved), B (budi, late),
/// C (ani, met), G (budi marked it spam); D and E are unanswered, F is the brand's own post.
@Suite struct ReviewFilterTests {
    func externalIDs(_ conversations: [Conversation]) -> Set<String> { Set(conversations.map(\.externalID)) }

    @Test func handledConversationsByAgentAndBreach() async throws {
        let test = try await ReportTests().fixture()
        let store = test.store
        #expect(externalIDs(try await store.handled()) == ["A1", "B1", "C1", "G1"])
        #expect(externalIDs(try await store.handled(ReviewFilter(agent: "ani"))) == ["A1", "C1"])
        #expect(externalIDs(try await store.handled(ReviewFilter(agent: "budi"))) == ["B1", "G1"])
        #expect(externalIDs(try await store.handled(ReviewFilter(breachedOnly: true))) == ["B1"])
        #expect(externalIDs(try await store.handled(ReviewFilter(channel: .whatsapp))).isEmpty)
        #expect(externalIDs(try await store.handled(ReviewFilter(since: Make.at(10)))) == ["C1", "G1"])
        #expect(try await store.handled(limit: 2).count == 2)
    }

    @Test func aSupervisorsReviewDoesNotMakeTheConversationTheirs() async throws {
        let test = try await ReportTests().fixture()
        let a = try #require(try await test.store.conversation(holding: "A1")).id
        try await test.store.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        try await test.store.record(.reviewNote(text: "bagus"), on: a, by: "sari")
        #expect(try await test.store.handled(ReviewFilter(agent: "sari")).isEmpty)
        try await test.store.perform(.tag(["vip"]), on: a, by: "sari")
        #expect(externalIDs(try await test.store.handled(ReviewFilter(agent: "sari"))) == ["A1"])
        #expect(externalIDs(try await test.store.handled(ReviewFilter(tag: "vip"))) == ["A1"])
    }

    @Test func parsesWhatASupervisorTypes() throws {
        let now = Make.at(0)
        let filter = try ReviewFilter(
            parsing: "agent:ani channel:WhatsApp tag:Refund since:7d until:2027-01-15 sentiment:negative breached",
            now: now, timeZone: .gmt)
        #expect(filter.agent == "ani")
        #expect(filter.channel == .whatsapp)
        #expect(filter.tag == "refund")
        #expect(filter.since == now.addingTimeInterval(-7 * 86_400))
        #expect(filter.until == Timestamp.parseRFC3339("2027-01-16T00:00:00Z"))
        #expect(filter.mood == "negative")
        #expect(filter.breachedOnly)
        #expect(filter.description.contains("since:7d"))
        for bad in ["owner:x", "agent:a/b", "sentiment:angry", "since:soon", "words"] {
            #expect(throws: StoreError.self) { try ReviewFilter(parsing: bad, now: now, timeZone: .gmt) }
        }
    }
}
