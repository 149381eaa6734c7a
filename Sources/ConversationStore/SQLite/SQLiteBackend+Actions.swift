import Foundation
import GRDB

/// Agent actions, each in one write transaction: expired claims are swept first, then the claim is checked, then
/// the change is made and the derived columns recomputed. SQLite serialises write transactions, so of two agents
/// claiming at once exactly one finds the conversation free.
extension SQLiteBackend {
    public func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?
    )
        async throws -> Conversation
    {
        try ActionRules.validate(action, agent: agent, now: now)
        let policy = policy
        do {
            return try await write { db in
                try Self.apply(action, on: conversation, by: agent, at: now, entry: entry, policy: policy, db: db)
            }
        } catch let error as StoreError where entry != nil && error.isRefusal {
            if let entry { try await recordRefusal(entry, error: error) }
            throw error
        }
    }

    private static func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        policy: SLAPolicy, db: Database
    ) throws -> Conversation {
        let at = now.milliseconds
        if let entry, try alreadyApplied(entry, db: db) {
            guard let id = try resolve(conversation.rawValue, db: db), let current = try Self.conversation(id, db: db)
            else { throw StoreError.noConversation(conversation) }
            return current
        }
        try Self.sweep(now: at, db: db, policy: policy)
        guard let id = try Self.resolve(conversation.rawValue, db: db),
            let row = try Row.fetchOne(
                db, cached: "SELECT status, assignee, account_id, visibility FROM conversation WHERE id = ?",
                arguments: [id])
        else { throw StoreError.noConversation(conversation) }
        let holder: String? = row["assignee"]
        if action.needsClaim, let holder, holder != agent {
            throw StoreError(
                .claimHeld, "conversation \(conversation) is claimed by \(holder)", holder: holder)
        }
        let status = ConversationStatus(rawValue: row["status"]) ?? .open
        try Self.perform(action, on: id, status: status, agent: agent, at: at, db: db)
        try Self.refreshDerived([id], db: db, policy: policy)
        if let entry { try insertEvent(entry, conversation: id, outcome: .applied, error: nil, db: db) }
        guard let updated = try Self.conversation(id, db: db) else { throw StoreError.noConversation(conversation) }
        return updated
    }

    private static func perform(
        _ action: AgentAction, on id: Int64, status: ConversationStatus, agent: String, at: Int64, db: Database
    ) throws {
        let touched = status == .new ? "status = 'open', status_changed_at = :at," : ""
        switch action {
        case .claim(let leaseSeconds):
            try db.execute(
                cached:
                    "UPDATE conversation SET \(touched) assignee = :agent, claim_expires_at = :expires WHERE id = :id",
                arguments: ["agent": agent, "expires": at + Int64(leaseSeconds) * 1000, "at": at, "id": id])
        case .release:
            try db.execute(
                cached:
                    "UPDATE conversation SET assignee = NULL, claim_expires_at = NULL WHERE id = ? AND assignee = ?",
                arguments: [id, agent])
        case .reply(let text, let isPrivate):
            try insertReply(text, isPrivate: isPrivate, on: id, agent: agent, at: at, db: db)
            try db.execute(
                cached: """
                    UPDATE conversation SET \(touched) assignee = :agent,
                        claim_expires_at = MAX(COALESCE(claim_expires_at, 0), :expires)
                        \(isPrivate ? ", visibility = 'private'" : "")
                    WHERE id = :id
                    """,
                arguments: [
                    "agent": agent, "expires": at + Int64(AgentAction.defaultLeaseSeconds) * 1000, "at": at, "id": id,
                ])
        case .note(let text):
            try db.execute(
                cached: """
                    INSERT INTO message (conversation_id, channel, external_id, direction, author_id, author_handle,
                        agent, text, created_at, visibility)
                    SELECT id, channel, :external, 'note', :agent, :agent, :agent, :text, :at, 'private'
                    FROM conversation WHERE id = :id
                    """,
                arguments: [
                    "external": "tanggap-note:" + UUID().uuidString.lowercased(), "agent": agent, "text": text,
                    "at": at, "id": id,
                ])
        case .tag(let tags):
            for tag in ActionRules.normalisedTags(tags) {
                try db.execute(
                    cached: "INSERT OR IGNORE INTO conversation_tag (conversation_id, tag) VALUES (?, ?)",
                    arguments: [id, tag])
            }
        case .untag(let tags):
            for tag in ActionRules.normalisedTags(tags) {
                try db.execute(
                    cached: "DELETE FROM conversation_tag WHERE conversation_id = ? AND tag = ?", arguments: [id, tag])
            }
        case .setStatus(let newStatus):
            switch newStatus {
            case .resolved:
                try db.execute(
                    cached: """
                        UPDATE conversation SET status = 'resolved', status_changed_at = :at, resolved_at = :at,
                            resolved_by = :agent, snoozed_until = NULL, assignee = NULL, claim_expires_at = NULL
                        WHERE id = :id
                        """, arguments: ["at": at, "agent": agent, "id": id])
            default:
                try db.execute(
                    cached: """
                        UPDATE conversation SET status = :status, status_changed_at = :at, resolved_at = NULL,
                            resolved_by = NULL, snoozed_until = NULL
                        WHERE id = :id
                        """, arguments: ["status": newStatus.rawValue, "at": at, "id": id])
            }
        case .setPriority(let priority):
            try db.execute(
                cached: "UPDATE conversation SET priority = ?, urgency = ? WHERE id = ?",
                arguments: [priority.rank, 3 - priority.rank, id])
        case .snooze(let until):
            try db.execute(
                cached: """
                    UPDATE conversation SET status = 'snoozed', status_changed_at = :at, snoozed_until = :until,
                        assignee = NULL, claim_expires_at = NULL
                    WHERE id = :id
                    """, arguments: ["at": at, "until": until.milliseconds, "id": id])
        case .markNoReplyNeeded(let reason):
            try db.execute(
                cached: "UPDATE conversation SET no_reply_reason = ?, no_reply_at = ? WHERE id = ?",
                arguments: [reason.trimmingCharacters(in: .whitespacesAndNewlines), at, id])
        }
    }

    /// Queues a reply in the outbox, in answer to the customer's latest message.
    private static func insertReply(
        _ text: String, isPrivate: Bool, on id: Int64, agent: String, at: Int64, db: Database
    )
        throws
    {
        let key = UUID().uuidString.lowercased()
        try db.execute(
            cached: """
                INSERT INTO message (conversation_id, channel, external_id, in_reply_to, direction, account_id,
                    author_id, author_handle, agent, text, created_at, visibility, delivery, idempotency_key)
                SELECT c.id, c.channel, :external,
                    (SELECT external_id FROM message WHERE conversation_id = c.id AND direction = 'inbound'
                        ORDER BY created_at DESC, id DESC LIMIT 1),
                    'outbound', c.account_id, COALESCE(a.handle, :agent), a.handle, :agent, :text, :at,
                    CASE WHEN :private THEN 'private' ELSE c.visibility END, 'queued', :key
                FROM conversation c LEFT JOIN account a ON a.id = c.account_id
                WHERE c.id = :id
                """,
            arguments: [
                "external": Message.localIDPrefix + key, "agent": agent, "text": text, "at": at, "private": isPrivate,
                "key": key,
                "id": id,
            ])
    }

    public func queuedReplies(limit: Int) async throws -> [Message] {
        try await read { db in
            try Row.fetchAll(
                db, cached: "SELECT * FROM message WHERE delivery = 'queued' ORDER BY id LIMIT ?", arguments: [limit]
            ).map(Self.message(from:))
        }
    }

    public func recordDelivery(
        of message: Int64, state: DeliveryState, externalID: String?, error: String?
    )
        async throws
    {
        let policy = policy
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, cached: "SELECT conversation_id, channel FROM message WHERE id = ? AND direction = 'outbound'",
                    arguments: [message])
            else { throw StoreError(.notFound, "no outbound message with id \(message)") }
            let conversation: Int64 = row["conversation_id"]
            var touched: Set<Int64> = [conversation]
            if let externalID,
                let echo = try Row.fetchOne(
                    db,
                    cached: "SELECT id, conversation_id, direction FROM message WHERE channel = ? AND external_id = ?",
                    arguments: [row["channel"] as String, externalID]),
                echo["id"] as Int64 != message
            {
                // The platform echoed our own reply to the webhook before its answer to the send reached us: the
                // echo is this message, so it goes and this one takes the platform's id.
                guard echo["direction"] as String == MessageDirection.outbound.rawValue else {
                    throw StoreError.invalid("the platform's id \(externalID) already names a customer message")
                }
                try db.execute(cached: "DELETE FROM message WHERE id = ?", arguments: [echo["id"] as Int64])
                touched.insert(echo["conversation_id"])
            }
            try db.execute(
                cached: """
                    UPDATE message SET delivery = ?, delivery_error = ?, external_id = COALESCE(?, external_id),
                        delivery_started_at = NULL, delivery_retry_at = NULL
                    WHERE id = ?
                    """, arguments: [state.rawValue, error, externalID, message])
            try Self.refreshDerived(Array(touched), db: db, policy: policy)
        }
    }

    public func dueDeliveries(
        accounts: [Account], now: Date, lease: Duration, limit: Int
    ) async throws
        -> [OutboxItem]
    {
        guard !accounts.isEmpty else { return [] }
        let at = now.milliseconds
        let stale = at - lease.milliseconds
        let pairs = Array(repeating: "(channel = ? AND lower(handle) = lower(?))", count: accounts.count)
            .joined(separator: " OR ")
        var values: [(any DatabaseValueConvertible)?] = []
        for account in accounts { values += [account.channel.rawValue, account.handle] }
        let arguments = StatementArguments(values + [stale, at, limit])
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM message
                    WHERE delivery = 'queued'
                      AND account_id IN (SELECT id FROM account WHERE \(pairs))
                      AND (delivery_started_at IS NULL OR delivery_started_at <= ?)
                      AND (delivery_retry_at IS NULL OR delivery_retry_at <= ?)
                    ORDER BY id LIMIT ?
                    """, arguments: arguments
            ).map { row in
                OutboxItem(
                    message: Self.message(from: row), attempts: row["delivery_attempts"],
                    interrupted: (row["delivery_started_at"] as Int64?) != nil)
            }
        }
    }

    public func outboxDepth() async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, cached: "SELECT count(*) FROM message WHERE delivery = 'queued'") ?? 0
        }
    }

    public func beginDelivery(of message: Int64, at now: Date, lease: Duration) async throws -> Bool {
        let at = now.milliseconds
        return try await write { db in
            try db.execute(
                cached: """
                    UPDATE message SET delivery_started_at = ?, delivery_attempts = delivery_attempts + 1
                    WHERE id = ? AND delivery = 'queued' AND (delivery_started_at IS NULL OR delivery_started_at <= ?)
                    """, arguments: [at, message, at - lease.milliseconds])
            return db.changesCount == 1
        }
    }

    public func deferDelivery(of message: Int64, until retryAt: Date, error: String) async throws {
        try await write { db in
            try db.execute(
                cached: """
                    UPDATE message SET delivery_started_at = NULL, delivery_retry_at = ?, delivery_error = ?
                    WHERE id = ? AND delivery = 'queued'
                    """, arguments: [retryAt.milliseconds, error, message])
        }
    }

    public func recordDeliveryReport(
        channel: Channel, externalID: String, state: DeliveryState, error: String?
    ) async throws -> Bool {
        let policy = policy
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    cached: """
                        SELECT id, conversation_id, delivery FROM message
                        WHERE channel = ? AND external_id = ? AND direction = 'outbound'
                        """, arguments: [channel.rawValue, externalID])
            else { return false }
            // Reports arrive out of order ("delivered" after "read", a late "sent" after "failed"): a failure is
            // final, and nothing else undoes it.
            let current: String? = row["delivery"]
            if current == DeliveryState.failed.rawValue || current == state.rawValue { return true }
            try db.execute(
                cached: """
                    UPDATE message SET delivery = ?, delivery_error = ?, delivery_started_at = NULL,
                        delivery_retry_at = NULL
                    WHERE id = ?
                    """, arguments: [state.rawValue, error, row["id"] as Int64])
            try Self.refreshDerived([row["conversation_id"] as Int64], db: db, policy: policy)
            return true
        }
    }
}
