import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Handled conversations for the supervisor's review, newest activity first.
extension PostgresBackend {
    public func handled(_ filter: ReviewFilter, limit: Int, now: Date) async throws -> [Conversation] {
        let policy = try await currentPolicy()
        let logger = logger
        // Newest first, a hundred at a time; the filter's own test (`ReviewFilter.admits`: handled, mood, breached)
        // decides each row, and the conditions only narrow what is read.
        @Sendable func page(after skipped: Int) -> PostgresQuery {
            var builder = QueryBuilder()
            var conditions = [
                "(c.first_response_at IS NOT NULL OR c.status = 'resolved' OR c.no_reply_at IS NOT NULL)",
                "c.first_message_at >= \(builder.bind(filter.since?.milliseconds ?? Int64.min))",
                "c.first_message_at < \(builder.bind(filter.until?.milliseconds ?? Int64.max))",
            ]
            if let agent = filter.agent {
                conditions.append(
                    """
                    c.id IN (SELECT conversation_id FROM event
                        WHERE agent = \(builder.bind(agent)) AND conversation_id IS NOT NULL
                          AND action NOT LIKE 'review-%')
                    """)
            }
            if let channel = filter.channel { conditions.append("c.channel = \(builder.bind(channel.rawValue))") }
            if let tag = filter.tag {
                conditions.append(
                    """
                    EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = \(builder.bind(tag)))
                    """)
            }
            builder.sql = """
                SELECT c.id FROM conversation c WHERE \(conditions.joined(separator: " AND "))
                ORDER BY c.last_message_at DESC, c.id DESC OFFSET \(builder.bind(skipped)) LIMIT 100
                """
            return builder.query
        }
        return try await read { connection in
            var found: [Conversation] = []
            var skipped = 0
            while found.count < limit {
                let ids = try await connection.all(page(after: skipped), as: Int64.self, logger: logger)
                skipped += ids.count
                for conversation in try await Self.conversations(ids, on: connection, logger: logger) {
                    guard found.count < limit else { break }
                    guard filter.admits(conversation, policy: policy, now: now) else { continue }
                    found.append(conversation)
                }
                if ids.count < 100 { break }
            }
            return found
        }
    }
}
