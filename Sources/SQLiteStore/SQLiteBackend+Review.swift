import ConversationStore
import Foundation
import GRDB

/// Handled conversations for the supervisor's review, newest activity first.
extension SQLiteBackend {
    public func handled(_ filter: ReviewFilter, limit: Int, now: Date) async throws -> [Conversation] {
        let stored = storedPolicy
        return try await read { db in
            let policy = try Self.policy(in: db, stored)
            var conditions = [
                "(c.first_response_at IS NOT NULL OR c.status = 'resolved' OR c.no_reply_at IS NOT NULL)",
                "c.first_message_at >= :since", "c.first_message_at < :until",
            ]
            if filter.agent != nil {
                // Starts from the agent's own journaled actions (index event_by_agent), so filtering by an agent
                // reads their conversations rather than every handled one.
                conditions.append(
                    """
                    c.id IN (SELECT conversation_id FROM event INDEXED BY event_by_agent
                        WHERE agent = :agent AND conversation_id IS NOT NULL AND action NOT LIKE 'review-%')
                    """)
            }
            if filter.channel != nil { conditions.append("c.channel = :channel") }
            if filter.tag != nil {
                conditions.append(
                    "EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = :tag)")
            }
            let arguments: StatementArguments = [
                "since": filter.since?.milliseconds ?? Int64.min, "until": filter.until?.milliseconds ?? Int64.max,
                "agent": filter.agent, "channel": filter.channel?.rawValue, "tag": filter.tag,
            ]
            // Walk newest first; the filter's own test (`ReviewFilter.admits`: handled, mood, breached) decides each
            // row, and the conditions above only narrow what is read.
            let ids = try Int64.fetchCursor(
                db,
                sql: """
                    SELECT c.id FROM conversation c \(filter.agent == nil ? "INDEXED BY conversation_activity" : "")
                    WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY c.last_message_at DESC, c.id DESC
                    """, arguments: arguments)
            var found: [Conversation] = []
            var batch: [Int64] = []
            func flush() throws {
                guard !batch.isEmpty else { return }
                let marks = Array(repeating: "?", count: batch.count).joined(separator: ",")
                let rows = try Self.conversations(
                    sql: "SELECT \(Self.conversationColumns) \(Self.conversationJoins) WHERE c.id IN (\(marks))",
                    arguments: StatementArguments(batch), db: db)
                let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id.rawValue, $0) })
                for id in batch {
                    guard let conversation = byID[id], found.count < limit else { continue }
                    guard filter.admits(conversation, policy: policy, now: now) else { continue }
                    found.append(conversation)
                }
                batch.removeAll()
            }
            while found.count < limit, let id = try ids.next() {
                batch.append(id)
                if batch.count == 100 { try flush() }
            }
            try flush()
            return found
        }
    }
}
