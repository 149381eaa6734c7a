import ConversationStore
import Foundation
import GRDB

/// Reading a conversation's row for the rules, and writing what they decided (see `Rules/`). Nothing here decides
/// anything: the rules hand over a ``ConversationPatch`` and it is written as it is.
extension SQLiteBackend {
    /// The row of conversation `id` as the rules read it.
    static func row(_ id: Int64, db: Database) throws -> ConversationRow? {
        guard
            let row = try Row.fetchOne(
                db,
                cached: """
                    SELECT c.channel, c.status, c.status_changed_at, c.priority, c.visibility, c.assignee,
                        c.claim_expires_at, c.snoozed_until, c.account_id, a.handle AS account_handle, c.customer_id,
                        c.no_reply_reason, c.no_reply_at, c.revision, c.handled_by, c.handled_at, c.handled_revision,
                        (SELECT external_id FROM message WHERE conversation_id = c.id AND direction = 'inbound'
                            ORDER BY created_at DESC, id DESC LIMIT 1) AS latest_inbound
                    FROM conversation c LEFT JOIN account a ON a.id = c.account_id
                    WHERE c.id = ?
                    """, arguments: [id])
        else { return nil }
        return ConversationRow(
            id: id, channel: row["channel"], status: ConversationStatus(rawValue: row["status"]) ?? .open,
            statusChangedAt: row["status_changed_at"], priority: Priority(rank: row["priority"]) ?? .normal,
            visibility: Visibility(rawValue: row["visibility"]) ?? .public, assignee: row["assignee"],
            claimExpiresAt: row["claim_expires_at"], snoozedUntil: row["snoozed_until"],
            accountID: row["account_id"], accountHandle: row["account_handle"], customerID: row["customer_id"],
            noReplyReason: row["no_reply_reason"], noReplyAt: row["no_reply_at"],
            latestInboundExternalID: row["latest_inbound"], revision: row["revision"], handledBy: row["handled_by"],
            handledAt: row["handled_at"], handledRevision: row["handled_revision"])
    }

    /// Writes `patch` to conversation `id`: its columns, its tags and its message.
    static func write(_ patch: ConversationPatch, to id: Int64, db: Database) throws {
        let assignments = patch.assignments
        if !assignments.isEmpty {
            try db.execute(
                cached:
                    "UPDATE conversation SET \(assignments.map { "\($0.column) = ?" }.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(assignments.map(\.value.databaseValue) + [id.databaseValue]))
        }
        for tag in patch.addedTags {
            try db.execute(
                cached: "INSERT OR IGNORE INTO conversation_tag (conversation_id, tag) VALUES (?, ?)",
                arguments: [id, tag])
        }
        for tag in patch.removedTags {
            try db.execute(
                cached: "DELETE FROM conversation_tag WHERE conversation_id = ? AND tag = ?", arguments: [id, tag])
        }
        if let message = patch.message {
            try db.execute(
                cached: """
                    INSERT INTO message (conversation_id, channel, external_id, in_reply_to, direction, account_id,
                        author_id, author_handle, agent, text, created_at, visibility, delivery, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, message.channel, message.externalID, message.inReplyTo, message.direction.rawValue,
                    message.accountID,
                    message.authorID, message.authorHandle, message.agent, message.text, message.createdAt,
                    message.visibility.rawValue, message.delivery?.rawValue, message.idempotencyKey,
                ])
        }
    }
}

extension StoreCopy.Value {
    /// The value as SQLite holds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}
