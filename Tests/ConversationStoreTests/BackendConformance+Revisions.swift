import Foundation
import Testing

@testable import ConversationStore

extension BackendConformance {
    /// Two agents read one conversation; the first answers it. The second's reply, claim and resolution, sent with
    /// the revision it read, are refused naming who answered and when, and are mirrored as refused; sent with the
    /// revision the refusal names (the agent chose to send anyway) they go through. Every write bumps the revision.
    func answersOvertakenSinceTheReadAreRefused() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(30) })
        let messages = [Make.inbound("r1", at: 0, from: "budi", text: "paket belum sampai")]
        _ = try await fresh.backend.ingest(messages, facts: TextFacts(messages))
        let id = try #require(try await store.page(.all, agent: "ani").conversations.first?.id)
        let read = try #require(try await store.thread(id)).conversation.revision

        let answered = try await store.perform(
            .reply(text: "Halo Kak, kami cek ya", isPrivate: false), on: id, by: "ani", seen: read)
        #expect(answered.revision > read)
        // The one who answered is never refused by their own answer.
        let tagged = try await store.perform(.setStatus(.pending), on: id, by: "ani", seen: read)
        #expect(tagged.revision > answered.revision)
        _ = try await store.perform(.release, on: id, by: "ani")

        for action in [AgentAction.reply(text: "Halo juga", isPrivate: false), .claim(leaseSeconds: 60)] {
            let refusal = await #expect(throws: StoreError.self) {
                try await store.perform(action, on: id, by: "rudi", seen: read)
            }
            #expect(refusal?.code == .changedSinceRead, "\(String(describing: refusal))")
            #expect(refusal?.holder == "ani" && refusal?.changedAt == Make.at(30))
            #expect(refusal?.message.hasPrefix("ani answered conversation \(id) at ") == true)
        }
        let thread = try #require(try await store.thread(id))
        #expect(thread.messages.filter { $0.direction == .outbound }.count == 1)
        let events = try await store.events(conversation: id)
        #expect(events.suffix(2).allSatisfy { $0.outcome == .refused })

        // Read again (or told the revision by the refusal): the claim goes through, and the entry keeps the revision.
        let now = thread.conversation.revision
        let claimed = try await store.perform(.claim(leaseSeconds: 60), on: id, by: "rudi", seen: now)
        #expect(claimed.assignee == "rudi")
        #expect(try await store.events(conversation: id).last?.entry.seen == now)

        // A resolution is checked the same way, and counts as handling it.
        let resolved = try await store.perform(.setStatus(.resolved), on: id, by: "rudi", seen: claimed.revision)
        let late = await #expect(throws: StoreError.self) {
            try await store.perform(.setStatus(.resolved), on: id, by: "ani", seen: claimed.revision - 1)
        }
        #expect(late?.code == .changedSinceRead && late?.message.hasPrefix("rudi resolved conversation") == true)
        #expect(late?.revision == resolved.revision)

        // A message from the customer bumps the revision too.
        let more = [Make.inbound("r2", replyTo: "r1", at: 40, from: "budi", text: "halo?")]
        _ = try await fresh.backend.ingest(more, facts: TextFacts(more))
        #expect(try #require(try await store.thread(id)).conversation.revision > resolved.revision)
    }
}

extension BackendConformance {
    /// Every kind of write to a conversation bumps its revision by exactly one, on every store: its first write is
    /// revision 1; each agent action, a message threaded into it, and a claim the sweep gives back add one.
    /// (How each store renders the rule is its own; what the rule makes of a row is the same.)
    func everyWriteBumpsTheRevisionByOne() async throws -> [String] {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let clock = Clock(Make.at(30))
        let store = Store(backend: fresh.backend, now: { clock.now })
        let first = [Make.inbound("v1", at: 0, from: "budi", text: "paket belum sampai")]
        _ = try await fresh.backend.ingest(first, facts: TextFacts(first))
        let id = try #require(try await store.page(.all, agent: "ani").conversations.first?.id)
        var revision = try #require(try await store.thread(id)).conversation.revision
        var wrong: [String] = []
        if revision != Revision.first { wrong.append("first write: \(revision)") }
        func expectBump(_ what: String) async throws {
            let now = try #require(try await store.thread(id)).conversation.revision
            if now != revision + 1 { wrong.append("\(what): \(revision) → \(now)") }
            revision = now
        }
        let actions: [AgentAction] = [
            .claim(leaseSeconds: 60), .note(text: "cek resi"), .tag(["refund"]), .untag(["refund"]),
            .setPriority(.high), .reply(text: "Halo Kak, kami cek ya", isPrivate: false), .setStatus(.pending),
            .snooze(until: Make.at(50)), .setStatus(.open), .markNoReplyNeeded(reason: "sudah dijawab di DM"),
            .release, .setStatus(.resolved),
        ]
        for action in actions {
            _ = try await store.perform(action, on: id, by: "ani")
            try await expectBump(action.name)
        }
        let more = [Make.inbound("v2", replyTo: "v1", at: 40, from: "budi", text: "halo? masih belum")]
        _ = try await fresh.backend.ingest(more, facts: TextFacts(more))
        try await expectBump("a customer's message")
        // A claim whose lease runs out is given back by the next read that sweeps.
        clock.now = Make.at(41)
        _ = try await store.perform(.claim(leaseSeconds: 60), on: id, by: "ani")
        try await expectBump("claim")
        clock.now = Make.at(43)
        _ = try await store.page(.needsReply, agent: "rudi")
        try await expectBump("claim given back by the sweep")
        return wrong
    }
}

/// A clock a test moves by hand.
final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date
    init(_ time: Date) { self.time = time }
    var now: Date {
        get { lock.withLock { time } }
        set { lock.withLock { time = newValue } }
    }
}
