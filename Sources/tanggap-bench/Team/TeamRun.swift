import ConversationStore
import Foundation
import Synchronization

/// A team at work on one store: N agents in this process, each with its own journal over one shared backend, the
/// real `tanggap serve` taking a stream of messages in, and the real console watched in a pseudo-terminal; then the
/// exactly-once checks, queried from the store.
struct TeamRun {
    var agents: Int
    var seconds: Double
    var intakeRate: Double
    /// The mean pause between two of an agent's actions (zero: flat out).
    var think: Duration
    var seed: UInt64
    /// The workload's size, for follow-ups to its conversations.
    var workloadConversations: Int
    var binary: String
    var location: StoreLocation
    var folder: String
    var console = true

    static func agentName(_ number: Int) -> String { String(format: "team%03d", number) }

    func run(store base: Store) async throws -> TeamResults {
        var results = TeamResults(
            backend: location.isPostgres ? "postgresql" : "sqlite", location: location.description, agents: agents,
            seconds: seconds, intakeRate: intakeRate, thinkMilliseconds: think.milliseconds)
        results.conversations = try await base.conversationCount()
        let journals = folder + "/team-journals-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: journals, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: journals) }
        let names = (1...agents).map(Self.agentName)
        let stores = try names.map { base.journaled(by: try Journal(path: "\(journals)/\($0).jsonl")) }

        log("starting tanggap serve…")
        let intake = try IntakeStream(binary: binary, store: location, folder: folder)
        var watch: LiveWatch?
        if console {
            log("starting the console in a pseudo-terminal…")
            let started = try LiveWatch(binary: binary, store: location, folder: folder)
            do {
                try await started.ready()
            } catch {
                started.stop()
                await intake.stop()
                throw error
            }
            watch = started
        }

        log("\(agents) agents for \(seconds) s, intake \(intakeRate) messages/s…")
        let ledger = ClaimLedger()
        let runStart = Date().addingTimeInterval(-1)
        let cpu = CPUUse.mark()
        let started = ContinuousClock.now
        let deadline = started + .seconds(seconds)
        let streaming = Task {
            await intake.stream(
                rate: intakeRate, workloadConversations: workloadConversations, seed: seed &+ 7, until: deadline)
        }
        let watching = Task { [watch] in await watch?.measure(intake: intake, store: base, until: deadline) }
        let sampling = Task { await Self.sample(base, ledger: ledger, seed: seed, until: deadline) }
        var tally = TeamAgent.Tally()
        await withTaskGroup(of: TeamAgent.Tally.self) { group in
            for (index, name) in names.enumerated() {
                let agentStore = stores[index]
                let think = think
                let seed = seed
                group.addTask {
                    await TeamAgent(
                        name: name, store: agentStore, ledger: ledger, think: think,
                        seed: seed &* 1_000 &+ UInt64(index)
                    ).run(until: deadline)
                }
            }
            for await one in group { tally.merge(one) }
        }
        results.elapsed = (ContinuousClock.now - started).seconds
        results.cpu = CPUUse.since(cpu, elapsed: results.elapsed)
        await streaming.value
        await watching.value
        results.claimSamples = await sampling.value
        watch?.stop()
        await intake.stop()

        results.tally = tally
        results.intake = intake.figures
        results.live = watch?.results
        log("checking: claims, replies and messages against the store…")
        try await check(base, ledger: ledger, tally: tally, team: Set(names), since: runStart, into: &results)
        try await checkMessages(base, intake: intake.figures, since: runStart, into: &results)
        return results
    }

    /// Now and then during the run: conversations the ledger says an agent holds are read from the store, which must
    /// show that agent as the holder. How many were compared.
    static func sample(
        _ store: Store, ledger: ClaimLedger, seed: UInt64, until deadline: ContinuousClock.Instant
    ) async
        -> Int
    {
        var random = SeededRandom(seed: seed &+ 3)
        var samples = 0
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(500))
            let steady = ledger.steady()
            for _ in 0..<min(10, steady.count) {
                let (id, holding) = steady[random.below(steady.count)]
                guard let conversation = try? await store.thread(id)?.conversation else { continue }
                let read = ContinuousClock.now
                // Only a holding that lasted from before the read until after it is a fair comparison.
                guard ledger.heldThroughout(id, by: holding.agent, since: holding.since, until: read) else { continue }
                samples += 1
                if conversation.assignee != holding.agent {
                    ledger.record(
                        "during the run, conversation \(id) showed \(conversation.assignee ?? "nobody") as its holder "
                            + "while \(holding.agent) held it")
                }
            }
        }
        return samples
    }

    /// Claims at the end and replies, conversation by conversation, against what the agents were told.
    func check(
        _ store: Store, ledger: ClaimLedger, tally: TeamAgent.Tally, team: Set<String>, since: Date,
        into results: inout TeamResults
    ) async throws {
        results.claimViolations = ledger.violations
        // Claims another agent won first, from the store's record of every action.
        results.tally.claimsRefused = try await store.events(
            since: since, until: nil, agent: nil, host: nil, limit: 10_000_000
        ).filter { $0.entry.action == "claim" && $0.outcome == .refused && team.contains($0.entry.agent) }.count
        let holdings = ledger.holdings
        let now = store.now()
        for id in tally.claimed.sorted() {
            guard let thread = try await store.thread(id) else {
                results.claimViolations.append("conversation \(id) is gone from the store")
                continue
            }
            let conversation = thread.conversation
            let holder = (conversation.claimExpiresAt ?? .distantPast) > now ? conversation.assignee : nil
            if let expected = holdings[id] {
                if holder != expected {
                    results.claimViolations.append(
                        "at the end, \(expected) holds conversation \(id) but the store shows \(holder ?? "nobody")")
                }
            } else if let holder, team.contains(holder) {
                results.claimViolations.append(
                    "at the end, the store shows \(holder) holding conversation \(id), which it gave up")
            }
            let replies = thread.messages.filter {
                $0.direction == .outbound && $0.createdAt >= since && team.contains($0.agent ?? "")
            }
            let told = tally.repliesSent[id] ?? 0
            results.repliesToldSent += told
            results.repliesStored += replies.count
            results.repliesLost += max(0, told - replies.count)
            results.repliesExtra += max(0, replies.count - told)
            if Set(replies.compactMap(\.agent)).count > 1 { results.doubleAnswers += 1 }
        }
    }

    /// Every message posted to serve, looked for in the store: those accepted are there once each, those refused
    /// are not, and none is there twice.
    ///
    /// Looking a message up by its id (`conversation(containing:)`) reads the whole message table on SQLite, so the
    /// conversations with a message since the run began are read instead, newest first through the `all` view; the
    /// console's markers, dated 2001, are looked up one by one.
    func checkMessages(
        _ store: Store, intake: IntakeStream.Tally, since: Date, into results: inout TeamResults
    ) async throws {
        let posted = Set(intake.accepted + intake.refused + intake.unanswered)
        var copies: [String: Int] = [:]
        func count(_ conversation: ConversationID) async throws {
            for message in try await store.thread(conversation)?.messages ?? []
            where posted.contains(message.externalID) {
                copies[message.externalID, default: 0] += 1
            }
        }
        var seen: Set<ConversationID> = []
        var cursor: QueueCursor?
        scan: while true {
            let page = try await store.page(.all, agent: LiveWatch.agent, after: cursor, limit: 500)
            for conversation in page.conversations {
                guard conversation.lastMessageAt >= since else { break scan }
                seen.insert(conversation.id)
                try await count(conversation.id)
            }
            guard let next = page.next else { break }
            cursor = next
        }
        for id in posted where id.hasPrefix("l") {
            if let conversation = try await store.conversation(containing: id), !seen.contains(conversation) {
                seen.insert(conversation)
                try await count(conversation)
            }
        }
        for id in intake.accepted {
            let stored = copies[id] ?? 0
            results.messagesStored += stored
            if stored == 0 { results.messagesLost += 1 }
            results.messagesDoubled += max(0, stored - 1)
        }
        for id in intake.refused where copies[id] != nil { results.messagesExtra += 1 }
        // Without an answer either outcome is right; what happened is reported.
        for id in intake.unanswered where copies[id] != nil { results.messagesInDoubtStored += 1 }
    }
}

extension StoreLocation {
    var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }
}
