import Foundation
import Logging

/// The conversation store: threaded customer conversations, the queue, agent actions and the numbers.
///
/// Open one with ``open(_:policy:now:logger:)``. Every change an agent makes goes through
/// ``perform(_:on:by:)``: that is the one place the journal wraps.
///
/// ```swift
/// let store = try await Store.open(.sqlite(path: "store.sqlite"))
/// let page = try await store.page(.needsReply, agent: "budi")
/// _ = try await store.perform(.claim(leaseSeconds: 600), on: page.conversations[0].id, by: "budi")
/// ```
public struct Store: Sendable {
    public let backend: any StoreBackend
    /// The clock; tests pass a fixed one.
    public let now: @Sendable () -> Date

    public init(backend: any StoreBackend, now: @escaping @Sendable () -> Date = Date.init) {
        self.backend = backend
        self.now = now
    }

    /// The SLA policy due times are derived with.
    public var policy: SLAPolicy { backend.policy }

    /// Opens (and creates or migrates) the store at a location.
    public static func open(
        _ location: StoreLocation, policy: SLAPolicy = SLAPolicy(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "tanggap.store")
    ) async throws -> Store {
        switch location {
        case .sqlite(let path):
            let backend = try SQLiteBackend(path: path, policy: policy, logger: logger)
            return Store(backend: backend, now: now)
        case .postgres:
            throw StoreError(
                .unsupportedBackend,
                "this build of tanggap stores conversations in SQLite only; use a path or sqlite:PATH for --store")
        }
    }

    /// Threads and stores incoming messages; see ``StoreBackend/ingest(_:)``.
    @discardableResult
    public func ingest(_ messages: [IncomingMessage]) async throws -> IngestResult {
        try await backend.ingest(messages)
    }

    /// Applies one agent action. Fails with ``StoreError/Code/claimHeld`` when another agent holds the claim and the
    /// action needs it, and with ``StoreError/Code/invalidAction`` for an action that makes no sense (an empty reply,
    /// a snooze into the past).
    @discardableResult
    public func perform(
        _ action: AgentAction, on conversation: ConversationID, by agent: String
    ) async throws
        -> Conversation
    {
        try await backend.apply(action, on: conversation, by: agent, at: now())
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
        let facts = try await backend.reportFacts(since: query.since, until: query.until)
        return Report(facts: facts, query: query, policy: policy, now: now())
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

    /// Changes from this process and others, noticed within `pollInterval`.
    public func changes(pollInterval: Duration = .milliseconds(250)) -> AsyncStream<StoreChange> {
        backend.changes(pollInterval: pollInterval)
    }
}
