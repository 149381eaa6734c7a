import Foundation
import Logging
import TextAnalysis

/// The conversation store: threaded customer conversations, the queue, agent actions and the numbers.
///
/// Open one with `Store.open(_:policy:now:logger:)` from the `Stores` module. Every change an agent makes goes through
/// ``perform(_:on:by:seen:)``: that is the one place the journal wraps.
///
/// ```swift
/// let store = try await Store.open(.sqlite(path: "store.sqlite"))
/// let page = try await store.page(.needsReply, agent: "budi")
/// _ = try await store.perform(.claim(leaseSeconds: 600), on: page.conversations[0].id, by: "budi")
/// ```
public struct Store: Sendable {
    package let backend: any StoreBackend
    /// The clock; tests pass a fixed one.
    public let now: @Sendable () -> Date
    /// The agent's journal, when actions are journaled (see ``journaled(by:)``).
    public private(set) var journal: Journal?
    /// Faults a test puts around applying an action, to play a store that fails or goes away mid-commit.
    package var faults = StoreFaults()
    /// A small knowledge base, kept in memory between searches (see ``KnowledgeIndex``).
    package let knowledgeIndex = KnowledgeIndexCache()

    package init(backend: any StoreBackend, now: @escaping @Sendable () -> Date = Date.init) {
        self.backend = backend
        self.now = now
    }

    /// This store with every agent action journaled: appended to `journal` and flushed before it is applied.
    public func journaled(by journal: Journal) -> Store {
        var copy = self
        copy.journal = journal
        return copy
    }

    /// The SLA policy due times are derived with.
    public var policy: SLAPolicy { backend.policy }

    /// Threads and stores incoming messages and applies delivery reports, all in one transaction; see
    /// ``StoreBackend/ingest(_:facts:reports:)``. `facts`, when given, are the batch's text facts worked out ahead
    /// (see ``TextFacts``).
    @discardableResult
    public func ingest(
        _ messages: [IncomingMessage], facts: TextFacts? = nil, reports: [DeliveryReport] = []
    ) async throws -> IngestResult {
        // Card numbers and one-time codes never reach the store (`PersonalDataRules`). A text masked here misses the
        // facts worked out ahead for it, and is analysed again in the transaction: rare, and right either way.
        var messages = messages
        for index in messages.indices {
            let (kept, masked) = PersonalDataRules.arrivingWithKinds(messages[index].text)
            if kept != messages[index].text {
                messages[index].text = kept
                messages[index].maskedPersonalData = PersonalDataRules.masking(
                    masked, into: messages[index].maskedPersonalData ?? 0)
            }
        }
        let facts = facts ?? TextFacts(messages)
        // The dictionaries load before the transaction, even for a batch of brand posts only.
        AnalysisFence.prepare()
        return try await backend.ingest(messages, facts: facts, reports: reports)
    }

    /// Applies one agent action, and says truthfully what became of it: it returns once the action is stored; it
    /// throws a refusal (``StoreError/isRefusal``: a held claim, ``StoreError/Code/changedSinceRead``, an action
    /// that makes no sense) or a failure when it is not stored and never will be (a journaled one is withdrawn); and
    /// it throws ``StoreError/Code/keptForLater`` when the store could not be reached: the action is in the agent's
    /// journal and is stored once the store answers.
    ///
    /// `seen` is the conversation's revision the agent read (``Conversation/revision``): a claim, reply or
    /// resolution is refused with ``StoreError/Code/changedSinceRead`` when another agent answered or resolved the
    /// conversation since. Pass the revision the refusal names to act anyway; `nil` checks nothing.
    ///
    /// Card numbers and one-time codes in a reply or note are masked before it is journaled. A public reply holding
    /// other personal data is refused (``StoreError/Code/personalData``) unless its kinds are in `allowing`; an
    /// allowed one is journaled as such first (see ``PersonalDataRules``).
    @discardableResult
    public func perform(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, seen: Int64? = nil,
        allowing allowed: Set<PersonalDataKind> = []
    ) async throws
        -> Conversation
    {
        let action = PersonalDataRules.arriving(action)
        try ActionRules.validate(action, agent: agent, now: now())
        if case .reply(let text, false) = action, case let kinds = PersonalData.kinds(in: text), !kinds.isEmpty {
            // A conversation only ever moves from public to private, so what this read finds public may have moved
            // since (the refusal is then merely cautious) but what it finds private stays so.
            guard let visibility = try await backend.thread(conversation)?.conversation.visibility else {
                throw StoreError.noConversation(conversation)
            }
            try PersonalDataRules.checkReply(action, visibility: visibility, allowing: allowed)
            if visibility == .public {
                try await record(
                    .personalDataAllowed(kinds: kinds.sorted().map(\.rawValue)), on: conversation, by: agent)
            }
        }
        // Taken after the allowing is journaled, so the review reads the two in the order they happened.
        let time = now()
        guard let journal else {
            let entry = try await journalEntry(for: .agent(action), on: conversation, by: agent, at: time, seen: seen)
            return try await apply(action, on: conversation, by: agent, entry: entry)
        }
        return try await journal.whileActing {
            let entry = try await journalEntry(for: .agent(action), on: conversation, by: agent, at: time, seen: seen)
            do {
                try faults.beforeApplying?()
                let applied = try await apply(action, on: conversation, by: agent, entry: entry)
                try faults.afterApplying?()
                return applied
            } catch let error as StoreError where error.isRefusal {
                // Mirrored as refused in the store, so recovery never applies it.
                throw error
            } catch let error as StoreError where error.code == .unavailable {
                // Nothing was committed and the store is away: accepted for later, as the agent is told.
                throw StoreError(
                    .keptForLater,
                    "\(error.message): the \(action.name) is kept in your journal and stored once the store answers")
            } catch {
                return try await settle(entry, of: action, on: conversation, after: error, journal: journal)
            }
        }
    }

    /// Applies a journaled action, its conversation's customer texts analysed first: nothing is analysed while the
    /// transaction holds the write lock.
    private func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, entry: JournalEntry
    ) async throws -> Conversation {
        let facts = TextFacts(texts: try await backend.customerTexts(of: conversation))
        return try await backend.apply(action, on: conversation, by: agent, at: entry.time, entry: entry, facts: facts)
    }

    /// Finds out what became of an entry whose apply failed without a refusal (a storage error, or a commit the
    /// connection broke during): applied, it succeeded; not applied, it is withdrawn and fails; and while the store
    /// cannot be asked, it is kept for later.
    private func settle(
        _ entry: JournalEntry, of action: AgentAction, on conversation: ConversationID, after error: any Error,
        journal: Journal
    ) async throws -> Conversation {
        let failure = error as? StoreError ?? StoreError(.storage, "\(error)")
        for attempt in 0..<4 {
            do {
                if try await backend.appliedEntryIDs([entry.id]).contains(entry.id) {
                    guard let thread = try await backend.thread(conversation) else {
                        throw StoreError.noConversation(conversation)
                    }
                    return thread.conversation
                }
                break
            } catch let asking as StoreError where !asking.isRefusal && attempt < 3 {
                try? await Task.sleep(for: .seconds(1))
            } catch let asking as StoreError where !asking.isRefusal {
                throw StoreError(
                    .keptForLater,
                    "\(failure.message): the \(action.name) is kept in your journal and stored once the store answers")
            }
        }
        try journal.withdraw(entry, reason: failure.message, at: now())
        throw StoreError(
            failure.code == .outcomeUnknown ? .unavailable : failure.code,
            "\(failure.message): the \(action.name) was not stored"
                + (failure.code == .readOnly || failure.code == .notPermitted ? "" : "; try again"))
    }

    /// The entry for an action: appended to the journal and flushed when there is one; otherwise made (unchained)
    /// only for the store's mirror, so the review sees every action either way.
    private func journalEntry(
        for action: JournalAction, on conversation: ConversationID?, by agent: String, at time: Date,
        seen: Int64? = nil
    ) async throws -> JournalEntry {
        let storeID = try await backend.storeID()
        guard let journal else {
            return JournalEntry.make(
                time: time, agent: agent, host: Journal.hostName(), store: storeID, journal: nil, action: action,
                conversation: conversation, previousHash: JournalEntry.genesisHash, seen: seen
            ).entry
        }
        // The key this process signs with is one the agent acts with (JournalTrust): registered once a process,
        // before the first entry it signs, so an entry the process flushed but could not apply is taken later.
        let key = try journal.key(of: agent).publicKey
        if journal.firstUse(of: key, by: agent, in: storeID) {
            do {
                try await backend.registerKey(key, of: agent, at: time)
            } catch {
                journal.forgetUse(of: key, by: agent, in: storeID)
            }
        }
        let entry = try journal.append(
            action, conversation: conversation, agent: agent, store: storeID, at: time, seen: seen)
        try JournalFault.afterJournaling()
        return entry
    }

    /// Journals and applies an action that leaves a trace for review but changes no conversation (a suggestion
    /// shown or taken, an article inserted, a review note or score, a role given); agent actions go to
    /// ``perform(_:on:by:seen:)``. Without a journal, the action is mirrored in the store only.
    public func record(_ action: JournalAction, on conversation: ConversationID?, by agent: String) async throws {
        if case .agent(let change) = action, let conversation {
            _ = try await perform(change, on: conversation, by: agent)
            return
        }
        try Self.validate(action)
        if case .mapLogin = action, case .connection = try await backend.identitySource(login: "") {
            throw StoreError.invalid(
                "on PostgreSQL each agent connects as a role of their own, so logins are not mapped; the server's "
                    + "administrator makes a role for each agent (CREATE ROLE name LOGIN)")
        }
        let entry = try await journalEntry(for: action, on: conversation, by: agent, at: now())
        try await backend.record(entry)
    }

    private static func validate(_ action: JournalAction) throws {
        switch action {
        case .reviewScore(let score) where !(1...5).contains(score):
            throw StoreError.invalid("a review score is 1 to 5, not \(score)")
        case .reviewNote(let text) where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            throw StoreError.invalid("a review note needs some text")
        case .setPolicy(let toml):
            _ = try SLAPolicy(toml: toml)
        case .setRole(let agent, _) where !ActionRules.isValidAgentName(agent):
            throw StoreError.invalid("'\(agent)' is not an agent name: 1–64 letters, digits, '.', '_' or '-'")
        case .mapLogin(let login, let agents):
            try AgentIdentity.checkMapping(login: login, agents: agents)
        case .agent:
            throw StoreError.invalid("an agent action needs a conversation")
        case .withdraw:
            throw StoreError.invalid("only the store withdraws journal entries")
        default: break
        }
    }

    /// Applies journal entries for this store that it has not applied yet (the process stopped between journaling
    /// and applying, or the store was unreachable and the agent was told the action is kept for later), in journal
    /// order, each exactly once, with the same checks as when they were made (an entry's `seen` revision included).
    /// Withdrawn entries (the agent was told they failed) are never applied. Entries the store refuses are mirrored
    /// as refused and not tried again. Runs while no action of the journal is in flight, and one recovery at a time,
    /// so of several processes recovering at once only the one that applied an entry counts it.
    ///
    /// `agent` is who this process acts as: it holds their key, which is registered first (an action journaled while
    /// the store could not be reached may be the first that key signed).
    ///
    /// `permitted`: the agents this process may act as (``AgentIdentity``); an entry written as anyone else is left
    /// in the journal, unapplied and unmarked, for a process acting as its agent (counted in `waiting`). `nil`
    /// applies every agent's entries.
    @discardableResult
    public func recoverJournal(
        actingAs agent: String? = nil, permitted: Set<String>? = nil
    ) async throws -> JournalRecovery {
        guard let journal else { return JournalRecovery() }
        let identity = try await backend.storeID()
        if let agent, let key = try? journal.key(of: agent).publicKey,
            journal.firstUse(of: key, by: agent, in: identity)
        {
            do {
                try await backend.registerKey(key, of: agent, at: now())
            } catch {
                journal.forgetUse(of: key, by: agent, in: identity)
            }
        }
        return try await journal.whileRecovering {
            let (entries, end) = try journal.pendingEntries(store: identity)
            var withdrawn = Set<String>()
            for entry in entries {
                if case .withdraw(let id, _)? = entry.journalAction { withdrawn.insert(id) }
            }
            let candidates = entries.filter { !withdrawn.contains($0.id) && $0.action != "withdraw" }
            let done = candidates.isEmpty ? [] : try await backend.appliedEntryIDs(candidates.map(\.id))
            let unapplied = candidates.filter { !done.contains($0.id) }
            let mine = unapplied.filter { permitted?.contains($0.agent) ?? true }
            let keys = mine.isEmpty ? [:] : try await backend.agentKeys()
            var lastApplied = try await backend.lastAppliedTimes(journals: mine.map(\.journal))
            var applied = 0
            var refused = 0
            for entry in mine {
                guard let action = entry.journalAction else { continue }
                // A line the agent's process did not write (JournalTrust) is not applied: mirrored as refused, with
                // why, so the review sees it and it is not tried again.
                if let why = JournalTrust.problem(entry, keys: keys, lastApplied: lastApplied[entry.journal]) {
                    try await backend.recordRefusal(
                        entry, error: StoreError(.invalidAction, "journal entry refused: \(why)"))
                    refused += 1
                    continue
                }
                do {
                    if case .agent(let change) = action, let conversation = entry.conversation {
                        _ = try await apply(change, on: conversation, by: entry.agent, entry: entry)
                    } else {
                        try await backend.record(entry)
                    }
                    applied += 1
                    lastApplied[entry.journal] = max(lastApplied[entry.journal] ?? entry.time, entry.time)
                } catch let error as StoreError where error.isRefusal {
                    refused += 1
                }
            }
            // Entries left for another agent keep the journal's mark where it is: they are read again (and the
            // applied ones skipped) until a process acting as their agent applies them. They are dated against the
            // journal's last applied entry like any other (``JournalTrust``), so one left long behind others' is
            // refused then, with why.
            var left: [String: Int] = [:]
            for entry in unapplied where !(permitted?.contains(entry.agent) ?? true) {
                left[entry.agent, default: 0] += 1
            }
            if left.isEmpty { try journal.markApplied(store: identity, upTo: end) }
            return JournalRecovery(applied: applied, refused: refused, waiting: left)
        }
    }

    /// The keys each agent acts with, and when the store last applied an entry from each of these journals: what
    /// ``JournalTrust`` checks an entry not yet applied against.
    public func journalTrust(
        journals: [String]
    ) async throws -> (keys: [String: Set<String>], lastApplied: [String: Date]) {
        (try await backend.agentKeys(), try await backend.lastAppliedTimes(journals: journals))
    }

    /// Which of these journal entries the store has mirrored, applied or refused.
    public func mirroredEntryIDs(_ ids: [String]) async throws -> Set<String> {
        try await backend.appliedEntryIDs(ids)
    }

    /// The store's own id, which journal entries name and pseudonyms are keyed by (``Redaction``).
    public func storeID() async throws -> String { try await backend.storeID() }

    /// What the store mirrors of the journals about one conversation, oldest first.
    public func events(conversation: ConversationID) async throws -> [StoreEvent] {
        try await backend.events(conversation: conversation)
    }

    /// Mirrored journal entries in a period, of one agent and host when given, oldest first.
    public func events(
        since: Date? = nil, until: Date? = nil, agent: String? = nil, host: String? = nil, limit: Int = 100_000
    ) async throws -> [StoreEvent] {
        try await backend.events(since: since, until: until, agent: agent, host: host, limit: limit)
    }

    /// Handled conversations for review, newest activity first.
    public func handled(_ filter: ReviewFilter = ReviewFilter(), limit: Int = 500) async throws -> [Conversation] {
        try await backend.handled(filter, limit: max(1, min(limit, 10_000)), now: now())
    }

    /// The agents with roles.
    public func agents() async throws -> [AgentRecord] {
        try await backend.agents()
    }

    /// Who this process acts as (``AgentIdentity``): the agent named with `--agent` (`requested`) when the login, or
    /// the connection's role, may act as it; otherwise the one it may act as. Throws `notPermitted`, saying why, for
    /// anyone else.
    public func actingAgent(login: String, requested: String?) async throws -> String {
        try AgentIdentity.resolve(
            login: login, requested: requested, source: try await backend.identitySource(login: login))
    }

    /// The agents this login, or the connection, may act as.
    public func permittedAgents(login: String) async throws -> [String] {
        AgentIdentity.permitted(login: login, source: try await backend.identitySource(login: login))
    }

    /// Both at once, from one read: who acts (`nil` with the reason, when nobody can be worked out without
    /// `--agent`), and whom the login or connection may act as.
    public func identity(
        login: String, requested: String?
    ) async throws -> (agent: Result<String, StoreError>, permitted: [String]) {
        let source = try await backend.identitySource(login: login)
        let agent = Result { try AgentIdentity.resolve(login: login, requested: requested, source: source) }
            .mapError { $0 as? StoreError ?? StoreError(.notPermitted, "\($0)") }
        return (agent, AgentIdentity.permitted(login: login, source: source))
    }

    /// The logins supervisors mapped to agents.
    public func loginMappings() async throws -> [LoginMapping] {
        try await backend.loginMappings()
    }

    /// An agent's role; agents nobody gave a role work as `agent`.
    public func role(of agent: String) async throws -> AgentRole {
        try await agents().first { $0.name == agent }?.role ?? .agent
    }

    /// One page of a queue view, at most `limit` conversations.
    public func page(
        _ view: QueueView, filter: QueueFilter = QueueFilter(), agent: String, after cursor: QueueCursor? = nil,
        limit: Int = 50
    ) async throws -> QueuePage {
        if let cursor, cursor.view != view {
            throw StoreError.invalid("that cursor belongs to the \(cursor.view.rawValue) view, not \(view.rawValue)")
        }
        return try await backend.page(
            view, filter: filter, agent: agent, after: cursor, limit: max(1, min(limit, 10_000)), now: now())
    }

    /// A conversation with its messages; `nil` when there is no such conversation.
    public func thread(_ id: ConversationID) async throws -> ConversationThread? {
        try await backend.thread(id)
    }

    /// The conversation holding the message with this external id (on any channel), if any.
    /// The customer of a conversation, with their other conversations, notes and tags (``CustomerHistory``).
    public func customerHistory(of id: ConversationID, limit: Int = 20) async throws -> CustomerHistory? {
        guard (1...500).contains(limit) else { throw StoreError.invalid("a history lists 1 to 500 conversations") }
        return try await backend.customerHistory(of: id, limit: limit)
    }

    /// Sets the store's service policy from its file (``SLAPolicy/init(toml:)``), journaled; a supervisor's to set.
    /// Every process of the store works by it from its next write or read; the due times of the conversations
    /// waiting now are worked out again by it.
    public func setPolicy(toml: String, by agent: String) async throws -> SLAPolicy {
        let policy = try SLAPolicy(toml: toml)
        try await record(.setPolicy(toml: policy.toml), on: nil, by: agent)
        return policy
    }

    /// The policy the store works by: the one a supervisor set, else the one it was opened with.
    public func currentPolicy() async throws -> SLAPolicy {
        try await backend.currentPolicy()
    }

    /// Says which conversation this console session has open and whether the agent is typing in it (`nil`:
    /// nothing open, or the console closing).
    public func announce(session: String, agent: String, conversation: ConversationID?, typing: Bool) async throws {
        guard !session.isEmpty, session.count <= 64, ActionRules.isValidAgentName(agent) else {
            throw StoreError.invalid("a presence needs a session of 1–64 characters and an agent's name")
        }
        let now = now()
        try await backend.setPresence(
            session: session,
            conversation.map { Presence(session: session, agent: agent, conversation: $0, typing: typing, at: now) },
            staleBefore: PresenceRules.keptSince(now))
    }

    /// The other sessions that have the conversation open now (``PresenceRules/current(_:now:excluding:)``).
    public func presence(in conversation: ConversationID, excluding session: String) async throws -> [Presence] {
        PresenceRules.current(try await backend.presence(in: conversation), now: now(), excluding: session)
    }

    public func conversation(containing externalID: String) async throws -> ConversationID? {
        try await backend.conversation(containing: externalID)
    }

    public func counts(agent: String) async throws -> QueueCounts {
        try await backend.counts(agent: agent, now: now())
    }

    public func conversationCount() async throws -> Int {
        try await backend.conversationCount()
    }

    /// Computes the report by the published formulas (see ``Report``).
    public func report(_ query: ReportQuery) async throws -> Report {
        let time = now()
        let facts = try await backend.reportFacts(since: query.since, until: query.until)
        let replies =
            query.grouping == .agent
            ? AgentReplies.count(try await backend.agentMessages(since: query.since, until: query.until)) : []
        let outbound = OutboundCount.counts(try await backend.outboundGroups(since: query.since, until: query.until))
        return Report(
            facts: facts, query: query, policy: try await currentPolicy(), now: time, agentReplies: replies,
            outbound: outbound)
    }

    public func queuedReplies(limit: Int = 100) async throws -> [Message] {
        try await backend.queuedReplies(limit: limit)
    }

    public func recordDelivery(
        of message: Int64, state: DeliveryState, externalID: String? = nil, error: String? = nil
    )
        async throws
    {
        try await backend.recordDelivery(of: message, state: state, externalID: externalID, error: error)
    }

    /// Queued replies of these brand accounts due for an attempt now (see
    /// ``StoreBackend/dueDeliveries(accounts:now:lease:limit:)``).
    public func dueDeliveries(accounts: [Account], lease: Duration, limit: Int = 50) async throws -> [OutboxItem] {
        try await backend.dueDeliveries(accounts: accounts, now: now(), lease: lease, limit: limit)
    }

    /// Recounts what ranking leans on, after a bulk import (``Importer`` does it at the end of each file).
    public func refreshStatistics() async throws {
        try await backend.refreshStatistics()
    }

    /// How many replies wait in the outbox.
    public func outboxDepth() async throws -> Int {
        try await backend.outboxDepth()
    }

    /// Claims a queued reply for one attempt; false when another sender holds it or it is no longer queued.
    public func beginDelivery(of message: Int64, lease: Duration) async throws -> Bool {
        try await backend.beginDelivery(of: message, at: now(), lease: lease)
    }

    /// Ends an attempt with a passing failure; the reply is tried again from `retryAt`.
    public func deferDelivery(of message: Int64, until retryAt: Date, error: String) async throws {
        try await backend.deferDelivery(of: message, until: retryAt, error: error)
    }

    /// Applies a platform's delivery report to the outbound message it names; false when there is none.
    @discardableResult
    public func recordDeliveryReport(
        channel: Channel, externalID: String, state: DeliveryState, error: String? = nil
    ) async throws -> Bool {
        try await backend.recordDeliveryReport(channel: channel, externalID: externalID, state: state, error: error)
    }

    /// Changes from this process and others, noticed within `pollInterval`.
    public func changes(pollInterval: Duration = .milliseconds(250)) -> AsyncStream<StoreChange> {
        backend.changes(pollInterval: pollInterval)
    }
}

/// Faults around applying an action, for tests: each throws what the test wants the store to have said.
package struct StoreFaults: Sendable {
    /// Thrown before the action reaches the store: it is not applied.
    package var beforeApplying: (@Sendable () throws -> Void)?
    /// Thrown after the store applied the action: as if the answer were lost on the way back.
    package var afterApplying: (@Sendable () throws -> Void)?

    package init() {}
}
