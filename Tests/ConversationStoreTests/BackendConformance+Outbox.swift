import Foundation
import Testing

@testable import ConversationStore

extension BackendConformance {
    /// Two replies through the outbox as a dispatcher takes them: both due, each begun by one sender only, one sent
    /// and one deferred after a passing failure, the deferred one due again after its wait, and the platform's
    /// reports on the sent one (a failure is final). What the store showed at each stage comes back as text lines.
    func repliesGoThroughTheOutbox() async throws -> [String] {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let backend = fresh.backend
        let messages = [Make.inbound("1", at: 0, from: "budi"), Make.inbound("2", at: 1, from: "sari")]
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        for id in Int64(1)...2 {
            _ = try await backend.apply(
                .reply(text: "Halo Kak \(id)", isPrivate: false), on: ConversationID(id), by: "ani", at: Make.at(5),
                entry: nil)
        }
        var log: [String] = []
        let brand = [Account(channel: .twitter, handle: "BRAND")]
        #expect(try await backend.outboxDepth() == 2)
        let due = try await backend.dueDeliveries(accounts: brand, now: Make.at(6), lease: .seconds(30), limit: 10)
        log.append(due.map { "\($0.message.text) \($0.attempts) \($0.interrupted)" }.joined(separator: ", "))
        let first = try #require(due.first?.message.id)
        let second = try #require(due.last?.message.id)
        #expect(try await backend.beginDelivery(of: first, at: Make.at(6), lease: .seconds(30)))
        #expect(try await !backend.beginDelivery(of: first, at: Make.at(6), lease: .seconds(30)))
        try await backend.recordDelivery(of: first, state: .sent, externalID: "x-1", error: nil)
        #expect(try await backend.beginDelivery(of: second, at: Make.at(6), lease: .seconds(30)))
        try await backend.deferDelivery(of: second, until: Make.at(10), error: "503 from the platform")
        log.append(
            try await backend.dueDeliveries(accounts: brand, now: Make.at(7), lease: .seconds(30), limit: 10)
                .map(\.message.text).joined(separator: ", "))
        let retry = try await backend.dueDeliveries(accounts: brand, now: Make.at(11), lease: .seconds(30), limit: 10)
        log.append(retry.map { "\($0.message.text) \($0.attempts) \($0.interrupted)" }.joined(separator: ", "))
        #expect(
            try await backend.recordDeliveryReport(channel: .twitter, externalID: "x-1", state: .failed, error: "gone"))
        #expect(try await backend.recordDeliveryReport(channel: .twitter, externalID: "x-1", state: .sent, error: nil))
        #expect(
            try await !backend.recordDeliveryReport(channel: .twitter, externalID: "nope", state: .sent, error: nil))
        let thread = try #require(try await backend.thread(ConversationID(1)))
        log.append(
            thread.messages.map { "\($0.externalID) \($0.delivery?.rawValue ?? "-") \($0.deliveryError ?? "-")" }
                .joined(separator: ", "))
        log.append("\(thread.conversation.needsReply) \(thread.conversation.firstResponseAt.map { "\($0)" } ?? "-")")
        log.append("\(try await backend.outboxDepth()) \(try await backend.queuedReplies(limit: 10).map(\.text))")
        #expect(log[3].contains("x-1 failed gone"))
        #expect(
            log == [
                "Halo Kak 1 0 false, Halo Kak 2 0 false",
                // The first sent, the second waiting out its deferral.
                "",
                "Halo Kak 2 1 false",
                // The failure report is final: the later "sent" does not undo it.
                "1 - -, x-1 failed gone",
                // A failed reply is no response: the customer waits for one again.
                "true -",
                "1 [\"Halo Kak 2\"]",
            ])
        return log
    }
}
