import Foundation
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct ClaimTests {
    func oneConversation(_ test: TestStore) async throws -> ConversationID {
        try await test.store.ingest([Make.inbound("1", at: 0)])
        return try #require(try await test.store.conversation(holding: "1")).id
    }

    @Test(arguments: Backend.tested) func claimHeldByAnotherAgentFailsAndNamesTheHolder(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        let claimed = try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        #expect(claimed.assignee == "ani")
        #expect(claimed.status == .open)
        #expect(claimed.claimExpiresAt == test.clock.now.addingTimeInterval(600))

        let error = await #expect(throws: StoreError.self) {
            try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "budi")
        }
        #expect(error?.code == .claimHeld)
        #expect(error?.holder == "ani")
        #expect(error?.message == "conversation \(id) is claimed by ani")
    }

    @Test(arguments: Backend.tested) func claimingAgainRenewsTheLease(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        test.clock.advance(by: 300)
        let renewed = try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        #expect(renewed.claimExpiresAt == test.clock.now.addingTimeInterval(600))
    }

    @Test(arguments: Backend.tested) func expiredLeaseReturnsTheConversationToTheQueue(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        try await test.store.perform(.claim(leaseSeconds: 60), on: id, by: "ani")
        #expect(try await test.store.page(.unassigned, agent: "budi").conversations.isEmpty)

        test.clock.advance(by: 61)
        #expect(try await test.store.page(.unassigned, agent: "budi").conversations.map(\.id) == [id])
        #expect(try await test.store.page(.mine, agent: "ani").conversations.isEmpty)
        let taken = try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "budi")
        #expect(taken.assignee == "budi")
    }

    /// Many claims running out at once (a night's worth) are all given back by the next read, each a write of its
    /// own (its revision one more), beside a snooze that ended, which wakes.
    @Test(arguments: Backend.tested) func manyExpiredClaimsAreGivenBackAtOnce(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest((0..<30).map { Make.inbound("e\($0)", at: Double($0) / 10, from: "c\($0)") })
        let ids = try await test.store.page(.all, agent: "ani", limit: 100).conversations.map(\.id)
        #expect(ids.count == 30)
        var revisions: [ConversationID: Int64] = [:]
        for (index, id) in ids.enumerated() {
            let agent = index % 2 == 0 ? "ani" : "budi"
            revisions[id] = try await test.store.perform(.claim(leaseSeconds: 60), on: id, by: agent).revision
        }
        let snoozed = try await test.store.perform(
            .snooze(until: test.clock.now.addingTimeInterval(30)), on: ids[0], by: "ani")
        revisions[ids[0]] = snoozed.revision
        test.clock.advance(by: 61)
        let free = try await test.store.page(.all, filter: QueueFilter(unclaimed: true), agent: "rudi", limit: 100)
        #expect(Set(free.conversations.map(\.id)) == Set(ids))
        for conversation in free.conversations {
            #expect(conversation.revision == (revisions[conversation.id] ?? 0) + 1, "\(conversation.id)")
            #expect(conversation.claimExpiresAt == nil)
        }
        #expect(free.conversations.first { $0.id == ids[0] }?.status == .open)
    }

    @Test(arguments: Backend.tested) func replyToAConversationClaimedBySomeoneElseFails(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        let error = await #expect(throws: StoreError.self) {
            try await test.store.perform(.reply(text: "halo", isPrivate: false), on: id, by: "budi")
        }
        #expect(error?.code == .claimHeld)
        let thread = try #require(try await test.store.thread(id))
        #expect(thread.messages.count == 1)
    }

    @Test(arguments: Backend.tested) func notesAndTagsNeedNoClaim(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        try await test.store.perform(.note(text: "cek tagihan dulu"), on: id, by: "budi")
        let tagged = try await test.store.perform(.tag(["Billing"]), on: id, by: "budi")
        #expect(tagged.tags == ["billing"])
        #expect(tagged.assignee == "ani")
    }

    @Test(arguments: Backend.tested) func releasingSomeoneElsesClaimFails(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        try await test.store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        await #expect(throws: StoreError.self) { try await test.store.perform(.release, on: id, by: "budi") }
        let released = try await test.store.perform(.release, on: id, by: "ani")
        #expect(released.assignee == nil)
    }

    /// Two connections to the same file, as two processes have: of many racing claims exactly one wins.
    @Test(arguments: Backend.tested) func racingClaimsFromTwoConnectionsHaveOneWinner(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await oneConversation(test)
        let other = try await test.reopen()
        let stores = [test.store, other]
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    do {
                        try await stores[index % 2].perform(.claim(leaseSeconds: 600), on: id, by: "agent\(index)")
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
    }

    @Test(arguments: Backend.tested) func unknownConversationIsNotFound(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let error = await #expect(throws: StoreError.self) {
            try await test.store.perform(.claim(leaseSeconds: 600), on: ConversationID(999), by: "ani")
        }
        #expect(error?.code == .notFound)
        #expect(error?.message == "no conversation with id 999")
    }
}

/// Taking the next conversation: the first free one in the view's order, held ones passed over, and agents taking
/// next at the same moment each given a different one.
@Suite struct ClaimNextTests {
    @Test(arguments: Backend.tested) func theNextIsTheMostUrgentConversationNobodyElseHolds(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "budi"), Make.inbound("2", at: 1, from: "cici"),
            Make.inbound("3", at: 2, from: "dodi"),
        ])
        let order = try await test.store.page(.needsReply, agent: "ani").conversations.map(\.id)
        #expect(order.count == 3)
        try await test.store.perform(.claim(leaseSeconds: 60), on: order[0], by: "ani")

        let budi = try #require(try await test.store.claimNext(by: "budi"))
        #expect(budi.id == order[1] && budi.assignee == "budi")
        let rudi = try #require(try await test.store.claimNext(by: "rudi", leaseSeconds: 120))
        #expect(rudi.id == order[2] && rudi.claimExpiresAt == test.clock.now.addingTimeInterval(120))
        #expect(try await test.store.claimNext(by: "sari") == nil)
        // What an agent holds already comes up in its turn (work left half-done), unless it is the one open.
        #expect(try await test.store.claimNext(by: "ani", leaseSeconds: 60)?.id == order[0])
        #expect(try await test.store.claimNext(by: "ani", excluding: [order[0]]) == nil)
        // A filter narrows what is next; an expired claim makes its conversation free again.
        #expect(try await test.store.claimNext(filter: QueueFilter(parsing: "channel:whatsapp"), by: "sari") == nil)
        test.clock.advance(by: 61)
        #expect(try await test.store.claimNext(by: "sari")?.id == order[0])
        // Each claim is an ordinary, journaled one.
        #expect(try await test.store.events(conversation: order[0]).last?.entry.agent == "sari")
    }

    @Test(arguments: Backend.tested) func agentsTakingTheNextAtOnceEachGetADifferentOne(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        try await test.store.ingest((0..<12).map { Make.inbound("\($0)", at: Double($0), from: "c\($0)") })
        let store = test.store
        let taken = try await withThrowingTaskGroup(of: (String, Conversation?).self) { group in
            for agent in (0..<8).map({ "agent\($0)" }) {
                group.addTask { (agent, try await store.claimNext(by: agent)) }
            }
            return try await group.reduce(into: [String: Conversation?]()) { $0[$1.0] = $1.1 }
        }
        let ids = taken.values.compactMap { $0?.id }
        #expect(ids.count == 8)
        #expect(Set(ids).count == 8)
        for (agent, conversation) in taken {
            let id = try #require(conversation?.id)
            #expect(try await store.thread(id)?.conversation.assignee == agent)
        }
        #expect(
            try await store.page(.needsReply, filter: QueueFilter(unclaimed: true), agent: "x").conversations.count == 4
        )
    }

    @Test func isUnclaimedIsAFilterAgentsCanType() throws {
        let filter = try QueueFilter(parsing: "is:unclaimed refund")
        #expect(filter.unclaimed && filter.text == "refund")
        #expect(filter.description == "is:unclaimed refund")
        #expect(throws: StoreError.self) { try QueueFilter(parsing: "is:mine") }
    }
}
