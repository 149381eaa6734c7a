import ConversationStore
import Foundation
import GRDB

/// Rewriting stored texts, for retention (`Store.redact`): the rows only; what to mask is the core's.
extension SQLiteBackend {
    public func messageTexts(before: Date, after: Int64, limit: Int) async throws -> [StoredText] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, conversation_id, text, masked_personal_data FROM message
                    WHERE id > ? AND created_at < ? ORDER BY id LIMIT ?
                    """, arguments: [after, before.milliseconds, limit]
            ).map {
                StoredText(
                    id: $0["id"], conversation: $0["conversation_id"], text: $0["text"],
                    masked: $0["masked_personal_data"])
            }
        }
    }

    public func replaceTexts(_ texts: [StoredText]) async throws {
        guard !texts.isEmpty else { return }
        let stored = storedPolicy
        try await write { db in
            let policy = try Self.policy(in: db, stored)
            for text in texts {
                try db.execute(
                    cached: """
                        UPDATE message SET text = ?, masked_personal_data = ? WHERE id = ?
                        """, arguments: [text.text, text.masked, text.id])
            }
            let conversations = Array(Set(texts.map(\.conversation))).sorted()
            // What "replies that worked before" remembers is recorded again from the new texts.
            for id in conversations {
                if let terms = try String.fetchOne(
                    db, cached: "SELECT terms FROM answered WHERE conversation_id = ?", arguments: [id])
                {
                    try db.execute(
                        cached: "INSERT INTO answered_search (answered_search, rowid, terms) VALUES ('delete', ?, ?)",
                        arguments: [id, terms])
                    try db.execute(cached: "DELETE FROM answered WHERE conversation_id = ?", arguments: [id])
                }
            }
            try Self.refreshDerived(conversations, db: db, policy: policy)
        }
    }
}
