import Foundation
import Logging
import PostgresNIO

/// Agent actions on PostgreSQL, each in one transaction, by the same rules as the SQLite store (see
/// `SQLiteBackend+Actions`). Where SQLite serialises writers, here the conversation's row is locked
/// (`SELECT … FOR UPDATE`) before its claim is checked: of many agents on many machines claiming at once, exactly
/// one finds it free, and the others wait, then see the winner.
extension PostgresBackend {
    public func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?
    ) async throws -> Conversation {
        try ActionRules.validate(action, agent: agent, now: now)
        let policy = policy
        let logger = logger
        do {
            return try await write { connection in
                try await Self.apply(
                    action, on: conversation, by: agent, at: now, entry: entry, policy: policy, on: connection,
                    logger: logger)
            }
        } catch let error as StoreError where entry != nil && error.isRefusal {
            if let entry { try await recordRefusal(entry, error: error) }
            throw error
        }
    }

    private static func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        policy: SLAPolicy, on connection: PostgresConnection, logger: Logger
    ) async throws -> Conversation {
        let at = now.milliseconds
        if let entry, try await alreadyApplied(entry, on: connection, logger: logger) {
            guard let id = try await resolve(conversation.rawValue, on: connection, logger: logger),
                let current = try await Self.conversation(id, on: connection, logger: logger)
            else { throw StoreError.noConversation(conversation) }
            return current
        }
        try await sweep(now: at, on: connection, logger: logger, policy: policy)
        guard let id = try await resolve(conversation.rawValue, on: connection, logger: logger) else {
            throw StoreError.noConversation(conversation)
        }
        var found: (status: String, assignee: String?)?
        for try await row in try await connection.query(
            "SELECT status, assignee FROM conversation WHERE id = \(id) FOR UPDATE", logger: logger
        ).decode((String, String?).self) {
            found = row
        }
        guard let found else { throw StoreError.noConversation(conversation) }
        if action.needsClaim, let holder = found.assignee, holder != agent {
            throw StoreError(.claimHeld, "conversation \(conversation) is claimed by \(holder)", holder: holder)
        }
        let status = ConversationStatus(rawValue: found.status) ?? .open
        try await perform(action, on: id, status: status, agent: agent, at: at, on: connection, logger: logger)
        _ = try await refreshDerived([id], on: connection, logger: logger, policy: policy)
        if let entry {
            try await insertEvent(
                entry, conversation: id, outcome: .applied, error: nil, on: connection, logger: logger)
        }
        guard let updated = try await Self.conversation(id, on: connection, logger: logger) else {
            throw StoreError.noConversation(conversation)
        }
        return updated
    }

    private static func perform(
        _ action: AgentAction, on id: Int64, status: ConversationStatus, agent: String, at: Int64,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        // A new conversation an agent acts on is open from then on.
        if status == .new, action.opensANewConversation {
            try await connection.query(
                "UPDATE conversation SET status = 'open', status_changed_at = \(at) WHERE id = \(id)", logger: logger)
        }
        switch action {
        case .claim(let leaseSeconds):
            try await connection.query(
                """
                UPDATE conversation SET assignee = \(agent), claim_expires_at = \(at + Int64(leaseSeconds) * 1000)
                WHERE id = \(id)
                """, logger: logger)
        case .release:
            try await connection.query(
                """
                UPDATE conversation SET assignee = NULL, claim_expires_at = NULL WHERE id = \(id) AND assignee = \(agent)
                """, logger: logger)
        case .reply(let text, let isPrivate):
            let key = UUID().uuidString.lowercased()
            try await connection.query(
                """
                INSERT INTO message (conversation_id, channel, external_id, in_reply_to, direction, account_id,
                    author_id, author_handle, agent, text, created_at, visibility, delivery, idempotency_key)
                SELECT c.id, c.channel, \(Message.localIDPrefix + key),
                    (SELECT external_id FROM message WHERE conversation_id = c.id AND direction = 'inbound'
                        ORDER BY created_at DESC, id DESC LIMIT 1),
                    'outbound', c.account_id, COALESCE(a.handle, \(agent)), a.handle, \(agent), \(text), \(at),
                    CASE WHEN \(isPrivate) THEN 'private' ELSE c.visibility END, 'queued', \(key)
                FROM conversation c LEFT JOIN account a ON a.id = c.account_id
                WHERE c.id = \(id)
                """, logger: logger)
            let expires = at + Int64(AgentAction.defaultLeaseSeconds) * 1000
            try await connection.query(
                """
                UPDATE conversation SET assignee = \(agent),
                    claim_expires_at = GREATEST(COALESCE(claim_expires_at, 0), \(expires)),
                    visibility = CASE WHEN \(isPrivate) THEN 'private' ELSE visibility END
                WHERE id = \(id)
                """, logger: logger)
        case .note(let text):
            try await connection.query(
                """
                INSERT INTO message (conversation_id, channel, external_id, direction, author_id, author_handle, agent,
                    text, created_at, visibility)
                SELECT id, channel, \("tanggap-note:" + UUID().uuidString.lowercased()), 'note', \(agent), \(agent),
                    \(agent), \(text), \(at), 'private'
                FROM conversation WHERE id = \(id)
                """, logger: logger)
        case .tag(let tags):
            for tag in ActionRules.normalisedTags(tags) {
                try await connection.query(
                    "INSERT INTO conversation_tag (conversation_id, tag) VALUES (\(id), \(tag)) ON CONFLICT DO NOTHING",
                    logger: logger)
            }
        case .untag(let tags):
            for tag in ActionRules.normalisedTags(tags) {
                try await connection.query(
                    "DELETE FROM conversation_tag WHERE conversation_id = \(id) AND tag = \(tag)", logger: logger)
            }
        case .setStatus(let newStatus):
            if newStatus == .resolved {
                try await connection.query(
                    """
                    UPDATE conversation SET status = 'resolved', status_changed_at = \(at), resolved_at = \(at),
                        resolved_by = \(agent), snoozed_until = NULL, assignee = NULL, claim_expires_at = NULL
                    WHERE id = \(id)
                    """, logger: logger)
            } else {
                try await connection.query(
                    """
                    UPDATE conversation SET status = \(newStatus.rawValue), status_changed_at = \(at), resolved_at = NULL,
                        resolved_by = NULL, snoozed_until = NULL
                    WHERE id = \(id)
                    """, logger: logger)
            }
        case .setPriority(let priority):
            try await connection.query(
                "UPDATE conversation SET priority = \(priority.rank), urgency = \(3 - priority.rank) WHERE id = \(id)",
                logger: logger)
        case .snooze(let until):
            try await connection.query(
                """
                UPDATE conversation SET status = 'snoozed', status_changed_at = \(at),
                    snoozed_until = \(until.milliseconds), assignee = NULL, claim_expires_at = NULL
                WHERE id = \(id)
                """, logger: logger)
        case .markNoReplyNeeded(let reason):
            try await connection.query(
                """
                UPDATE conversation SET no_reply_reason = \(reason.trimmingCharacters(in: .whitespacesAndNewlines)),
                    no_reply_at = \(at)
                WHERE id = \(id)
                """, logger: logger)
        }
    }
}

extension AgentAction {
    /// Whether the action opens a `new` conversation (as the SQLite store does it: claims and replies do; the others
    /// leave the status to themselves).
    var opensANewConversation: Bool {
        switch self {
        case .claim, .reply: true
        default: false
        }
    }
}
