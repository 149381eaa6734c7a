import ConversationStore
import Foundation

/// One simulated agent working the real loop through the library, as a console would: the needs-reply queue, a
/// claim on the first conversation it can get, the thread, a reply, resolving it; now and then a note, a tag, a
/// suggestion taken or a priority change. It runs until `deadline`, then finishes the conversation in hand.
///
/// Everything it is told is kept: how long each action took, refusals and errors by what they said, and the
/// replies the store said it sent, for the exactly-once checks after the run.
final class TeamAgent {
    /// What an agent was told, gathered after its run.
    struct Tally: Sendable {
        var latencies: [String: [Double]] = [:]
        /// Claims refused because someone else held the conversation (counted from the store's events after the run):
        /// normal in a team.
        var claimsRefused = 0
        /// Claims, replies and resolutions refused because another agent answered or resolved the conversation after
        /// this agent read it: the double answer the store prevented, not an error.
        var overtaken = 0
        /// Anything else the store answered with an error, by action and error code.
        var errors: [String: Int] = [:]
        /// Messages of the errors, a few of each kind, for the report.
        var errorSamples: [String: String] = [:]
        /// Replies the store said it stored, by conversation.
        var repliesSent: [ConversationID: Int] = [:]
        /// Conversations the agent tried to reply to, whatever it was told.
        var replyTried: Set<ConversationID> = []
        /// Conversations the agent was given the claim on.
        var claimed: Set<ConversationID> = []
        var actions = 0

        mutating func merge(_ other: Tally) {
            latencies.merge(other.latencies) { $0 + $1 }
            claimsRefused += other.claimsRefused
            overtaken += other.overtaken
            errors.merge(other.errors, uniquingKeysWith: +)
            errorSamples.merge(other.errorSamples) { first, _ in first }
            repliesSent.merge(other.repliesSent, uniquingKeysWith: +)
            replyTried.formUnion(other.replyTried)
            claimed.formUnion(other.claimed)
            actions += other.actions
        }
    }

    let name: String
    let store: Store
    let ledger: ClaimLedger
    let think: Duration
    private var random: SeededRandom
    private var tally = Tally()

    /// Customers whose handle starts with this are the live-update watcher's markers.
    static let markerPrefix = "live"
    /// The channels the team works: the workload's but Facebook, whose conversations are left to the live-update
    /// watcher's console (its markers come there).
    static let channels: [Channel] = [.twitter, .whatsapp, .instagram]
    /// The channels the agent works, its own first.
    private let channels: [Channel]

    init(name: String, store: Store, ledger: ClaimLedger, think: Duration, seed: UInt64) {
        self.name = name
        self.store = store
        self.ledger = ledger
        self.think = think
        random = SeededRandom(seed: seed)
        let all = Self.channels
        let first = Int(seed % UInt64(all.count))
        channels = Array(all[first...] + all[..<first])
    }

    func run(until deadline: ContinuousClock.Instant) async -> Tally {
        // Agents start spread over one think time, as people sit down at different moments.
        try? await Task.sleep(for: think * Double(random.below(1000)) / 1000)
        while ContinuousClock.now < deadline {
            await work()
        }
        return tally
    }

    /// One turn: a conversation from the queue worked through to resolved, or a pause when none could be claimed.
    private func work() async {
        guard let conversation = await claimFromQueue() else { return await pause() }
        let id = conversation.id
        await pause()
        guard let read = await timed("open", { try await store.thread(id) }), let thread = read else {
            return await resolve(id, seen: conversation.revision)
        }
        if random.chance(0.2) {
            await pause()
            await act("note", .note(text: "cek dulu status pesanannya di sistem"), on: id)
        }
        if random.chance(0.2) {
            await pause()
            await act("tag", .tag([random.pick(["follow-up", "billing", "network", "refund"])]), on: id)
        }
        if random.chance(0.1) {
            await pause()
            await act("priority", .setPriority(random.pick([.high, .urgent, .normal])), on: id)
        }
        var text = random.pick(Workload.replies)
        if random.chance(0.3) {
            let reference = "kb-\(random.below(200))"
            _ = await timed("suggestion taken") {
                try await self.store.record(.suggestionTaken(source: "kb", reference: reference), on: id, by: self.name)
            }
            text = "Halo Kak, \(text.prefix(80))"
        }
        await pause()
        tally.replyTried.insert(id)
        // The thread as read above is what the agent answers: a reply to a conversation another agent answered or
        // resolved since is refused (and the agent moves on).
        let seen = thread.conversation.revision
        let sent = await timed("reply") {
            try await self.store.perform(.reply(text: text, isPrivate: false), on: id, by: self.name, seen: seen)
        }
        if sent != nil { tally.repliesSent[id, default: 0] += 1 }
        await pause()
        await resolve(id, seen: sent?.revision ?? seen)
    }

    /// The agent's screen of the needs-reply queue (one page of 40, as a console shows), then the next conversation
    /// nobody holds, claimed the way the console's `n` and `tanggap next` take it (`Store.claimNext`): agents taking
    /// the next one at the same moment are given different ones. Agents work the workload's channels as channel teams
    /// do, each its own channel first and the others when it has nothing free; the live-update watcher's markers come
    /// on a channel the team does not work.
    private func claimFromQueue() async -> Conversation? {
        guard await timed("queue page", { try await store.page(.needsReply, agent: name, limit: 40) }) != nil else {
            return nil
        }
        for channel in channels {
            let filter = QueueFilter(channel: channel)
            guard let claimed = await timed("claim", { try await store.claimNext(filter: filter, by: name) }) else {
                return nil
            }
            if let conversation = claimed {
                ledger.claimed(conversation.id, by: name)
                tally.claimed.insert(conversation.id)
                return conversation
            }
        }
        return nil
    }

    private func resolve(_ id: ConversationID, seen: Int64) async {
        ledger.lettingGo(id, by: name)
        let resolved = await timed("resolve") {
            try await self.store.perform(.setStatus(.resolved), on: id, by: self.name, seen: seen)
        }
        ledger.settled(id, by: name, released: resolved.map { $0.assignee != name } ?? false)
    }

    private func act(_ kind: String, _ action: AgentAction, on id: ConversationID) async {
        _ = await timed(kind) { try await self.store.perform(action, on: id, by: self.name) }
    }

    /// Runs one action, keeping its time when it succeeds and what the agent was told when it fails.
    private func timed<T>(_ kind: String, _ body: () async throws -> T) async -> T? {
        let started = ContinuousClock.now
        do {
            let value = try await body()
            note(kind, since: started)
            return value
        } catch {
            failed(kind, error)
            return nil
        }
    }

    private func note(_ kind: String, since started: ContinuousClock.Instant) {
        tally.latencies[kind, default: []].append((ContinuousClock.now - started).milliseconds)
        tally.actions += 1
    }

    private func failed(_ kind: String, _ error: any Error) {
        if let refusal = error as? StoreError, refusal.code == .changedSinceRead {
            tally.overtaken += 1
            return
        }
        // Others took every conversation tried (`claimNext` gives up after a few): the agent takes the next again. The
        // refused claims are counted from the store's events.
        if let refusal = error as? StoreError, refusal.code == .claimHeld { return }
        let key = "\(kind): " + ((error as? StoreError)?.code.description ?? "\(type(of: error))")
        tally.errors[key, default: 0] += 1
        if tally.errorSamples[key] == nil { tally.errorSamples[key] = "\(error)" }
    }

    /// A person's pause between two actions: half to one and a half think times.
    private func pause() async {
        guard think > .zero else { return await Task.yield() }
        try? await Task.sleep(for: think * (0.5 + Double(random.below(1000)) / 1000))
    }
}
