import Foundation
import Testing

@testable import ConversationStore
@testable import SQLiteStore

/// The outbox as a dispatcher uses it: one sender per reply, waits after passing failures, interrupted attempts
/// found again, and the platform's own reports.
@Suite struct OutboxTests {
    let lease = Duration.seconds(30)
    let brand = Account(channel: .twitter, handle: "BRAND")  // handles match without regard to case

    func queuedReply(_ test: TestStore, channel: Channel = .twitter) async throws -> Message {
        try await test.store.ingest([Make.inbound("1", at: 0, text: "refund kapan ya?", channel: channel)])
        let id = try #require(try await test.store.conversation(holding: "1")).id
        try await test.store.perform(.reply(text: "Halo kak, dibantu cek ya", isPrivate: false), on: id, by: "ani")
        return try #require(try await test.store.queuedReplies().first)
    }

    @Test(arguments: Backend.tested) func onlyOneSenderBeginsAReply(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let reply = try await queuedReply(test)
        let other = try await test.reopen()
        #expect(try await test.store.dueDeliveries(accounts: [brand], lease: lease).map(\.message.id) == [reply.id])
        let elsewhere = [Account(channel: .whatsapp, handle: "brand"), Account(channel: .twitter, handle: "other")]
        #expect(try await test.store.dueDeliveries(accounts: elsewhere, lease: lease).isEmpty)
        #expect(try await test.store.beginDelivery(of: reply.id, lease: lease))
        #expect(try await !other.beginDelivery(of: reply.id, lease: lease))
        // While the attempt runs, nobody sees it as due.
        #expect(try await other.dueDeliveries(accounts: [brand], lease: lease).isEmpty)
    }

    @Test(arguments: Backend.tested) func anAttemptThatNeverEndedIsDueAgainAsInterruptedAfterTheLease(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        let reply = try await queuedReply(test)
        #expect(try await test.store.beginDelivery(of: reply.id, lease: lease))
        test.clock.advance(by: 31)
        let due = try #require(try await test.store.dueDeliveries(accounts: [brand], lease: lease).first)
        #expect(due.interrupted)
        #expect(due.attempts == 1)
        #expect(try await test.store.beginDelivery(of: reply.id, lease: lease))
    }

    @Test(arguments: Backend.tested) func aDeferredReplyWaitsUntilItsRetryTime(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let reply = try await queuedReply(test)
        #expect(try await test.store.beginDelivery(of: reply.id, lease: lease))
        try await test.store.deferDelivery(
            of: reply.id, until: test.clock.now.addingTimeInterval(10), error: "HTTP 503")
        #expect(try await test.store.dueDeliveries(accounts: [brand], lease: lease).isEmpty)
        test.clock.advance(by: 10)
        let due = try #require(try await test.store.dueDeliveries(accounts: [brand], lease: lease).first)
        #expect(!due.interrupted)
        #expect(due.attempts == 1)
        #expect(due.message.deliveryError == "HTTP 503")
        #expect(due.message.delivery == .queued)
    }

    @Test(arguments: Backend.tested) func theEchoOfOurOwnReplyIsFoldedIntoIt(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let reply = try await queuedReply(test)
        // The platform's webhook brings our reply back before its answer to the send reaches us.
        try await test.store.ingest([Make.outbound("555", replyTo: "1", at: 1)])
        #expect(try await test.store.thread(reply.conversation)?.messages.count == 3)
        try await test.store.recordDelivery(of: reply.id, state: .sent, externalID: "555")
        let messages = try #require(try await test.store.thread(reply.conversation)?.messages)
        #expect(messages.count == 2)
        #expect(messages.last?.id == reply.id)
        #expect(messages.last?.externalID == "555")
        #expect(messages.last?.delivery == .sent)
    }

    @Test(arguments: Backend.tested) func aFailureReportIsFinalAndLaterReportsDoNotUndoIt(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        let reply = try await queuedReply(test, channel: .whatsapp)
        try await test.store.recordDelivery(of: reply.id, state: .sent, externalID: "wamid.A")
        #expect(try await test.store.recordDeliveryReport(channel: .whatsapp, externalID: "wamid.A", state: .sent))
        #expect(
            try await test.store.recordDeliveryReport(
                channel: .whatsapp, externalID: "wamid.A", state: .failed, error: "131047 Re-engagement message"))
        #expect(try await test.store.recordDeliveryReport(channel: .whatsapp, externalID: "wamid.A", state: .sent))
        let message = try #require(try await test.store.thread(reply.conversation)?.messages.last)
        #expect(message.delivery == .failed)
        #expect(message.deliveryError == "131047 Re-engagement message")
        // A failed reply no longer counts: the conversation waits for an answer again.
        #expect(try await test.store.thread(reply.conversation)?.conversation.firstResponseAt == nil)
        #expect(try await !test.store.recordDeliveryReport(channel: .whatsapp, externalID: "wamid.Z", state: .sent))
    }
}
