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
