import Foundation
import Presentation
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct ActionTests {
    func waitingConversation(_ test: TestStore) async throws -> ConversationID {
        try await test.store.ingest([Make.inbound("1", at: 0, text: "refund kapan ya?")])
        return try #require(try await test.store.conversation(holding: "1")).id
    }

    @Test(arguments: Backend.tested) func replyIsQueuedAndCountsAsTheFirstResponse(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        test.clock.advance(by: 12 * 60)
        let conversation = try await test.store.perform(
            .reply(text: "Halo kak, dibantu cek ya", isPrivate: false), on: id, by: "ani")
        #expect(conversation.firstResponseAt == Make.at(12))
        #expect(conversation.firstResponder == "ani")
        #expect(!conversation.needsReply)
        #expect(conversation.slaDueAt == nil)
        #expect(conversation.assignee == "ani")
        let reply = try #require(try await test.store.thread(id)?.messages.last)
        #expect(reply.direction == .outbound)
        #expect(reply.delivery == .queued)
        #expect(reply.inReplyTo == "1")
        #expect(reply.authorHandle == "brand")
        #expect(try await test.store.queuedReplies().map(\.id) == [reply.id])
    }

    @Test(arguments: Backend.tested) func privateReplyMovesTheConversationToPrivate(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        let conversation = try await test.store.perform(
            .reply(text: "Kami DM ya kak", isPrivate: true), on: id, by: "ani")
        #expect(conversation.visibility == .private)
        #expect(try await test.store.thread(id)?.messages.last?.visibility == .private)
    }

    @Test(arguments: Backend.tested) func failedDeliveryNoLongerCountsAsAResponse(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        try await test.store.perform(.reply(text: "Halo", isPrivate: false), on: id, by: "ani")
        let reply = try #require(try await test.store.queuedReplies().first)
        try await test.store.recordDelivery(of: reply.id, state: .failed, error: "rate limited")
        let conversation = try #require(try await test.store.thread(id)?.conversation)
        #expect(conversation.firstResponseAt == nil)
        #expect(conversation.needsReply)
        #expect(try await test.store.queuedReplies().isEmpty)
    }

    @Test(arguments: Backend.tested) func sentDeliveryTakesThePlatformsID(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        try await test.store.perform(.reply(text: "Halo", isPrivate: false), on: id, by: "ani")
        let reply = try #require(try await test.store.queuedReplies().first)
        try await test.store.recordDelivery(of: reply.id, state: .sent, externalID: "99")
        let stored = try #require(try await test.store.thread(id)?.messages.last)
        #expect(stored.delivery == .sent)
        #expect(stored.externalID == "99")
    }

    @Test(arguments: Backend.tested) func noteIsNeverAResponse(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        let conversation = try await test.store.perform(.note(text: "pelanggan VIP"), on: id, by: "ani")
        #expect(conversation.firstResponseAt == nil)
        #expect(conversation.needsReply)
        #expect(try await test.store.thread(id)?.messages.last?.direction == .note)
    }

    @Test(arguments: Backend.tested) func automaticMessagesAreNeverAResponse(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("1", at: 0), Make.outbound("2", replyTo: "1", at: 0.1, automatic: true),
        ])
        let conversation = try #require(try await test.store.conversation(holding: "1"))
        #expect(conversation.firstResponseAt == nil)
        #expect(conversation.needsReply)
    }

    @Test(arguments: Backend.tested) func customerWritingAgainReopensAResolvedConversation(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        try await test.store.perform(.reply(text: "Sudah ya kak", isPrivate: false), on: id, by: "ani")
        let resolved = try await test.store.perform(.setStatus(.resolved), on: id, by: "ani")
        #expect(resolved.status == .resolved)
        #expect(resolved.resolvedAt == test.clock.now)
        #expect(resolved.assignee == nil)

        try await test.store.ingest([Make.inbound("2", replyTo: "1", at: 60, text: "masih error")])
        let reopened = try #require(try await test.store.thread(id)?.conversation)
        #expect(reopened.status == .open)
        #expect(reopened.resolvedAt == nil)
        #expect(reopened.needsReply)
        #expect(reopened.awaitingReplySince == Make.at(60))
    }

    @Test(arguments: Backend.tested) func snoozedConversationWakesAtItsTime(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        let snoozed = try await test.store.perform(.snooze(until: Make.at(60)), on: id, by: "ani")
        #expect(snoozed.status == .snoozed)
        #expect(!snoozed.needsReply)
        test.clock.advance(by: 61 * 60)
        let page = try await test.store.page(.needsReply, agent: "ani")
        #expect(page.conversations.map(\.id) == [id])
        #expect(page.conversations.first?.status == .open)
    }

    @Test(arguments: Backend.tested) func noReplyNeededTakesItOutOfTheQueueUntilTheCustomerWritesAgain(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        let marked = try await test.store.perform(.markNoReplyNeeded(reason: "spam"), on: id, by: "ani")
        #expect(!marked.needsReply)
        #expect(!marked.needsResponse)
        #expect(marked.noReplyReason == "spam")
        try await test.store.ingest([Make.inbound("2", replyTo: "1", at: 5)])
        #expect(try await test.store.thread(id)?.conversation.needsReply == true)
    }

    @Test(arguments: Backend.tested) func tagsAreNormalisedAndRemovable(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        var conversation = try await test.store.perform(.tag(["Refund", "billing:late", "refund"]), on: id, by: "ani")
        #expect(conversation.tags == ["billing:late", "refund"])
        conversation = try await test.store.perform(.untag(["REFUND"]), on: id, by: "ani")
        #expect(conversation.tags == ["billing:late"])
    }

    static let refused: [(AgentAction, String)] = [
        (.reply(text: "  \n", isPrivate: false), "the reply is empty"),
        (
            .reply(text: "Nomor order {{?ask:Nomor order}} sudah kami cek", isPrivate: false),
            "the reply still has an unfilled field '{{?ask:Nomor order}}'; fill it in before sending"
        ),
        (.note(text: ""), "the note is empty"),
        (
            .tag(["no spaces"]),
            "tag 'no spaces' must be 1–64 letters, digits, '-', '_', ':' or '/', starting with a letter or digit"
        ),
        (.tag([]), "name at least one tag"),
        (.setStatus(.snoozed), "status can be set to open, pending or resolved; use snooze with a time"),
        (.snooze(until: Make.at(-1)), "snooze until a time in the future"),
        (.markNoReplyNeeded(reason: " "), "say why no reply is needed, in at most 500 characters"),
        (.claim(leaseSeconds: 0), "a claim lasts between 1 second and 12 hours"),
    ]

    @Test(arguments: refused)
    func invalidActionsAreRefusedWithAClearMessage(_ action: AgentAction, _ message: String) async throws {
        let test = try TestStore()
        let id = try await waitingConversation(test)
        let error = await #expect(throws: StoreError.self) { try await test.store.perform(action, on: id, by: "ani") }
        #expect(error?.message == message)
        #expect(try await test.store.thread(id)?.messages.count == 1)
    }

    @Test(arguments: Backend.tested) func agentNamesMustBeLoginNames(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        await #expect(throws: StoreError.self) {
            try await test.store.perform(.claim(leaseSeconds: 60), on: id, by: "ani\u{1B}[2J")
        }
    }

    @Test(arguments: Backend.tested) func changesAreSeenFromThisProcessAndOthers(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let id = try await waitingConversation(test)
        let changes = test.store.changes(pollInterval: .milliseconds(20))
        var iterator = changes.makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(100))

        try await test.store.perform(.tag(["own"]), on: id, by: "ani")
        let own = await iterator.next()
        #expect(own == StoreChange(external: false))

        let other = try await test.reopen()
        try await other.perform(.tag(["theirs"]), on: id, by: "budi")
        let external = await iterator.next()
        #expect(external == StoreChange(external: true))
    }
}

@Suite struct SentimentInStoreTests {
    @Test(arguments: Backend.tested) func conversationsCarryTheCustomersMood(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "angry", text: "sinyal lemot banget dari pagi, kecewa 😡"),
            Make.inbound("2", at: 0, from: "happy", text: "makasih min, sudah lancar lagi 🙏"),
        ])
        let angry = try #require(try await test.store.conversation(holding: "1"))
        let happy = try #require(try await test.store.conversation(holding: "2"))
        #expect((angry.sentiment ?? 0) < -0.3)
        #expect((happy.sentiment ?? 0) > 0.3)
        // Public, unhappy and past its SLA: move it to a private message.
        #expect(!angry.isHighRisk(now: Make.at(10)))
        #expect(angry.isHighRisk(now: Make.at(31)))
        guard case .object(let fields) = angry.json else { return }
        #expect(fields["sentiment"] != nil && fields["sentiment"] != .null)
    }
}
