import Foundation
import Testing
import TextAnalysis

@testable import ConversationStore

/// The behaviour every `StoreBackend` must show, written once against the protocol. Each check makes its own store
/// with `make` and asserts what any conforming store must do; what it saw comes back, so a differential test can run
/// a check on two backends and compare them whole.
struct BackendConformance: Sendable {
    let make: BackendMaker

    init(_ make: @escaping BackendMaker) { self.make = make }

    init(_ backend: Backend) { make = backend.maker }

    // MARK: Agent actions

    /// What agents working three conversations left behind.
    struct WorkedConversations: Equatable {
        /// The conversation as each of `BackendConformance.steps` left it.
        var afterEachStep: [Conversation]
        /// The three threads at the end, their local message ids masked (`masked(_:)`).
        var threads: [ConversationThread?]
        var counts: QueueCounts
        /// The first page of every conversation, as agent ani sees it.
        var queue: [Conversation]
    }

    /// A day's work on three conversations: what was done, to which conversation, by whom, at which minute.
    static let steps: [(action: AgentAction, conversation: Int64, agent: String, minute: Double)] = [
        (.claim(leaseSeconds: 600), 1, "ani", 3),
        (.reply(text: "Halo Kak, coba restart ya", isPrivate: false), 1, "ani", 4),
        (.tag(["sinyal", "Jaringan"]), 1, "ani", 5),
        (.reply(text: "Boleh DM nomornya?", isPrivate: true), 2, "rudi", 6),
        (.note(text: "cek ledger dulu"), 2, "rudi", 7),
        (.setPriority(.high), 2, "rudi", 8),
        (.snooze(until: Make.at(120)), 2, "rudi", 9),
        (.markNoReplyNeeded(reason: "thanks only"), 3, "ani", 10),
        (.untag(["sinyal"]), 1, "ani", 11),
        (.setStatus(.resolved), 1, "ani", 12),
        (.claim(leaseSeconds: 60), 3, "ani", 13),
        (.release, 3, "ani", 14),
    ]

    /// Agents claim, reply, tag, note, prioritise, snooze, mark and resolve three conversations as `steps` says;
    /// then a claim held by one agent refuses another agent's reply.
    func agentsWorkThreeConversations() async throws -> WorkedConversations {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let backend = fresh.backend
        let messages = [
            Make.inbound("1", at: 0, from: "budi", text: "sinyal lemot bgt dr pagi"),
            Make.inbound("2", at: 1, from: "sari", text: "refund kapan ya?"),
            Make.inbound("3", at: 2, from: "eko", text: "makasih min"),
        ]
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        var afterEachStep: [Conversation] = []
        for step in Self.steps {
            afterEachStep.append(
                try await backend.apply(
                    step.action, on: ConversationID(step.conversation), by: step.agent, at: Make.at(step.minute),
                    entry: nil))
        }
        // Each step left what it asked for (indices into `steps`).
        #expect(afterEachStep[0].assignee == "ani")  // claimed
        #expect(afterEachStep[5].priority == .high)  // prioritised
        #expect(afterEachStep[6].status == .snoozed && afterEachStep[6].snoozedUntil == Make.at(120))  // snoozed
        #expect(afterEachStep[7].noReplyReason == "thanks only" && !afterEachStep[7].needsReply)  // marked
        #expect(afterEachStep[8].tags == ["jaringan"])  // tagged (lowercased), then untagged
        #expect(afterEachStep[9].status == .resolved)  // resolved
        #expect(afterEachStep[10].assignee == "ani")  // claimed
        #expect(afterEachStep[11].assignee == nil)  // released

        _ = try await backend.apply(
            .claim(leaseSeconds: 600), on: ConversationID(3), by: "rudi", at: Make.at(15), entry: nil)
        let refusal = await #expect(throws: StoreError.self) {
            _ = try await backend.apply(
                .reply(text: "x", isPrivate: false), on: ConversationID(3), by: "ani", at: Make.at(16), entry: nil)
        }
        #expect(refusal?.code == .claimHeld && refusal?.holder == "rudi")

        var threads: [ConversationThread?] = []
        for id in Int64(1)...3 { threads.append(Self.masked(try await backend.thread(ConversationID(id)))) }
        let later = Make.at(200)
        return WorkedConversations(
            afterEachStep: afterEachStep, threads: threads, counts: try await backend.counts(agent: "ani", now: later),
            queue: try await backend.page(.all, filter: QueueFilter(), agent: "ani", after: nil, limit: 10, now: later)
                .conversations)
    }

    /// A thread with the random parts of local messages (their ids) masked, to compare across stores.
    static func masked(_ thread: ConversationThread?) -> ConversationThread? {
        guard var thread else { return nil }
        thread.messages = thread.messages.map { message in
            var message = message
            if message.externalID.hasPrefix(Message.localIDPrefix) || message.externalID.hasPrefix("tanggap-note:") {
                message.externalID = "local"
            }
            return message
        }
        return thread
    }

    /// Eight agents, each on a connection of its own, claim the same five conversations at once: each conversation
    /// is won exactly once.
    func racingClaimsHaveOneWinnerEach() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let messages = (1...5).map { Make.inbound("\($0)", at: Double($0), from: "c\($0)") }
        _ = try await fresh.backend.ingest(messages, facts: TextFacts(messages))
        let wins = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for agent in 0..<8 {
                group.addTask {
                    let backend = try await fresh.connect()
                    var won: [Int64] = []
                    for id in Int64(1)...5 {
                        do {
                            _ = try await backend.apply(
                                .claim(leaseSeconds: 600), on: ConversationID(id), by: "agent\(agent)",
                                at: Make.at(10), entry: nil)
                            won.append(id)
                        } catch let error as StoreError where error.code == .claimHeld {
                            continue
                        }
                    }
                    return won
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(wins.sorted() == [1, 2, 3, 4, 5])
    }

    /// A new store holding conversation 1, a console's connection to it and another process's.
    func consoleAndAnotherProcess() async throws -> (
        fresh: FreshBackend, console: any StoreBackend, other: any StoreBackend
    ) {
        let fresh = try await make(SLAPolicy())
        do {
            let other = try await fresh.connect()
            let message = [Make.inbound("1", at: 0)]
            _ = try await other.ingest(message, facts: TextFacts(message))
            return (fresh, fresh.backend, other)
        } catch {
            fresh.close()
            throw error
        }
    }

    /// Live updates between processes: another connection's claim reaches this one's change stream within a
    /// second, and this connection's own write arrives as its own.
    func anotherConnectionsClaimArrivesWithinASecond() async throws {
        let (fresh, console, other) = try await consoleAndAnotherProcess()
        defer { fresh.close() }
        var changes = console.changes(pollInterval: .milliseconds(200)).makeAsyncIterator()
        // A listener takes its connection in the background; a write before it listens would not be heard.
        try await Task.sleep(for: .milliseconds(500))
        let started = ContinuousClock.now
        _ = try await other.apply(
            .claim(leaseSeconds: 600), on: ConversationID(1), by: "rudi", at: Make.at(1), entry: nil)
        // Timed from the commit: on a loaded machine the claim's own transaction may take a while, and that is the
        // writer's time, not the delivery's.
        let committed = ContinuousClock.now
        let seen = await changes.next()
        let waited = ContinuousClock.now - committed
        print(
            "another agent's claim reached the console \(waited) after its commit (\(ContinuousClock.now - started) after the claim began)"
        )
        #expect(seen == StoreChange(external: true))
        #expect(waited < .seconds(1))
        #expect(try await console.thread(ConversationID(1))?.conversation.assignee == "rudi")
        _ = try await console.apply(.note(text: "seen"), on: ConversationID(1), by: "rudi", at: Make.at(2), entry: nil)
        #expect(await changes.next() == StoreChange(external: false))
    }

    /// A burst of writes by another process reaches the change stream gathered, about once a poll interval, not once
    /// a write: a console reloads its queue on each change it is told of.
    func aBurstOfChangesArrivesGathered() async throws {
        let (fresh, console, other) = try await consoleAndAnotherProcess()
        defer { fresh.close() }
        let changes = console.changes(pollInterval: .milliseconds(200))
        try await Task.sleep(for: .milliseconds(500))
        let counting = Task {
            var count = 0
            for await _ in changes {
                count += 1
                if Task.isCancelled { break }
            }
            return count
        }
        let started = ContinuousClock.now
        for minute in 1...40 {
            _ = try await other.apply(
                .note(text: "note \(minute)"), on: ConversationID(1), by: "rudi", at: Make.at(Double(minute)),
                entry: nil)
        }
        try await Task.sleep(for: .milliseconds(600))
        let elapsed = ContinuousClock.now - started
        counting.cancel()
        _ = try await other.apply(.note(text: "last"), on: ConversationID(1), by: "rudi", at: Make.at(41), entry: nil)
        let count = await counting.value
        // At most one a poll interval over the burst and the wait after it, with one to spare.
        let intervals = Int((elapsed / .milliseconds(200)).rounded(.up))
        #expect(count >= 1)
        #expect(count <= intervals + 2, "\(count) changes in \(elapsed)")
    }

    // MARK: The journal

    /// What the store holds of the mirrored journal entries.
    struct MirroredEntries: Equatable {
        var aboutTheConversation: [StoreEvent]
        var ofTheAgent: [StoreEvent]
        var agents: [AgentRecord]
        var applied: Set<String>
    }

    /// Two journal entries, written to a journal in a folder of their own: ani's claim on conversation 1, and the
    /// supervisor role given to ani.
    static func journalEntries() throws -> (claim: JournalEntry, role: JournalEntry) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-test-\(UUID().uuidString)")
        let journal = try Journal(path: folder.appendingPathComponent("journal.jsonl").path, host: "h")
        let claim = try journal.append(
            .agent(.claim(leaseSeconds: 600)), conversation: ConversationID(1), agent: "ani", store: "s", at: Make.at(1)
        )
        let role = try journal.append(
            .setRole(agent: "ani", role: .supervisor), conversation: nil, agent: "ani", store: "s", at: Make.at(2))
        return (claim, role)
    }

    /// Each entry mirrored twice, as a recovery after a crash may: the store holds it once.
    func journalEntriesAreMirroredOnce(claim: JournalEntry, role: JournalEntry) async throws -> MirroredEntries {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let backend = fresh.backend
        let message = [Make.inbound("1", at: 0)]
        _ = try await backend.ingest(message, facts: TextFacts(message))
        for _ in 0..<2 {
            _ = try await backend.apply(
                .claim(leaseSeconds: 600), on: ConversationID(1), by: "ani", at: Make.at(1), entry: claim)
        }
        try await backend.record(role)
        try await backend.record(role)
        let mirrored = MirroredEntries(
            aboutTheConversation: try await backend.events(conversation: ConversationID(1)),
            ofTheAgent: try await backend.events(since: nil, until: nil, agent: "ani", host: nil, limit: 10),
            agents: try await backend.agents(),
            applied: try await backend.appliedEntryIDs([claim.id, role.id, "other"]))
        #expect(mirrored.aboutTheConversation.count == 1)
        #expect(mirrored.applied == [claim.id, role.id])
        #expect(mirrored.ofTheAgent.map(\.entry.id) == [claim.id, role.id])
        #expect(mirrored.agents.map(\.name) == ["ani"] && mirrored.agents.map(\.role) == [.supervisor])
        return mirrored
    }
}

// MARK: Nothing slow under the write lock

extension BackendConformance {
    /// What the write transactions of a day's work analysed: `actions` counts the agents' actions through the store,
    /// `freshBatch` a batch of new customers, `followUps` brand answers and customer follow-ups to stored
    /// conversations (whose stored texts are analysed before the transaction, never in it).
    struct AnalysedInside: Equatable {
        var actions: Int
        var freshBatch: Int
        var followUps: Int
        var loads: [String]
    }

    /// Agents work three conversations, and customers and the brand write again, each watched by its own probe.
    func nothingIsAnalysedInsideAWriteTransaction() async throws -> AnalysedInside {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let clock = TestClock(Make.at(3))
        let store = Store(backend: fresh.backend, now: { clock.now })
        let first = [
            Make.inbound("1", at: 0, from: "budi", text: "sinyal lemot bgt dr pagi, kecewa"),
            Make.inbound("2", at: 1, from: "sari", text: "refund kapan ya? udah seminggu"),
            Make.inbound("3", at: 2, from: "eko", text: "makasih min, mantap"),
        ]
        let batch = AnalysisProbe()
        try await AnalysisFence.$probe.withValue(batch) { _ = try await store.ingest(first) }
        let actions = AnalysisProbe()
        try await AnalysisFence.$probe.withValue(actions) {
            for step in Self.steps {
                clock.advance(by: Make.at(step.minute).timeIntervalSince(clock.now))
                _ = try await store.perform(step.action, on: ConversationID(step.conversation), by: step.agent)
            }
        }
        let followUps = AnalysisProbe()
        let later = [
            Make.outbound("r2", replyTo: "2", at: 30, text: "Halo kak, refund diproses 3 hari kerja"),
            Make.inbound("4", replyTo: "r2", at: 31, from: "sari", text: "lama banget, tolong dipercepat"),
            Make.inbound("5", replyTo: "1", at: 32, from: "budi", text: "masih lemot nih"),
        ]
        try await AnalysisFence.$probe.withValue(followUps) { _ = try await store.ingest(later) }
        return AnalysedInside(
            actions: actions.analyses, freshBatch: batch.analyses, followUps: followUps.analyses,
            loads: batch.loads + actions.loads + followUps.loads)
    }
}

extension BackendConformance {
    /// Two processes ingest overlapping batches into one store at once (two `serve`s, or `serve` and an import):
    /// every message is stored once, in the conversations one ingest alone gives, and every duplicate is counted.
    func racingIngestsStoreEachMessageOnce() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        // Forty customers, each writing, answered, and writing again; the replies come before some parents.
        let messages = (0..<40).flatMap { index in
            [
                Make.outbound("r\(index)", replyTo: "q\(index)", at: Double(index) + 1),
                Make.inbound("q\(index)", at: Double(index), from: "c\(index)"),
                Make.inbound("f\(index)", replyTo: "r\(index)", at: Double(index) + 2, from: "c\(index)"),
            ]
        }
        let batches = stride(from: 0, to: messages.count, by: 7).map {
            Array(messages[$0..<min(messages.count, $0 + 7)])
        }
        let results = try await withThrowingTaskGroup(of: [IngestResult].self) { group in
            for order in [batches, batches.reversed()] {
                group.addTask {
                    let backend = try await fresh.connect()
                    var results: [IngestResult] = []
                    for batch in order { results.append(try await backend.ingest(batch, facts: TextFacts(batch))) }
                    return results
                }
            }
            return try await group.reduce(into: [IngestResult]()) { $0 += $1 }
        }
        #expect(results.map(\.inserted).reduce(0, +) == messages.count)
        #expect(results.map(\.duplicates).reduce(0, +) == messages.count)
        let backend = fresh.backend
        #expect(try await backend.conversationCount() == 40)
        for index in 0..<40 {
            let id = try #require(try await backend.conversation(containing: "q\(index)"))
            let thread = try #require(try await backend.thread(id))
            #expect(thread.messages.map(\.externalID) == ["q\(index)", "r\(index)", "f\(index)"])
        }
    }
}
