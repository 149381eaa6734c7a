import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Rewriting stored texts, for retention (`Store.redact`): the rows only; what to mask is the core's.
extension PostgresBackend {
    public func messageTexts(before: Date, after: Int64, limit: Int) async throws -> [StoredText] {
        let logger = logger
        return try await read { connection in
            var texts: [StoredText] = []
            for try await (id, conversation, text, masked) in try await connection.query(
                """
                SELECT id, conversation_id, text, masked_personal_data FROM message
                WHERE id > \(after) AND created_at < \(before.milliseconds) ORDER BY id LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, Int64, String, Int64).self) {
                texts.append(StoredText(id: id, conversation: conversation, text: text, masked: Int(masked)))
            }
            return texts
        }
    }

    public func replaceTexts(_ texts: [StoredText]) async throws {
        guard !texts.isEmpty else { return }
        let logger = logger
        let stored = storedPolicy
        try await write { connection in
            let policy = try await Self.policy(on: connection, logger: logger, stored)
            try await connection.query(
                """
                UPDATE message m SET text = n.text, masked_personal_data = n.masked
                FROM unnest(\(texts.map(\.id)), \(texts.map(\.text)), \(texts.map { Int64($0.masked) }))
                    AS n (id, text, masked)
                WHERE m.id = n.id
                """, logger: logger)
            let conversations = Array(Set(texts.map(\.conversation))).sorted()
            // What "replies that worked before" remembers is recorded again from the new texts.
            try await connection.query(
                "DELETE FROM answered WHERE conversation_id = ANY(\(conversations))", logger: logger)
            _ = try await Self.refreshDerived(conversations, on: connection, logger: logger, policy: policy)
        }
    }
}
