import ConversationStore
import Foundation
import PostgresNIO

/// A customer's history beside the thread: reads only (the counts and lists are the customer's rows as stored).
extension PostgresBackend {
    public func customerHistory(of id: ConversationID, limit: Int) async throws -> CustomerHistory? {
        let logger = logger
        return try await read { connection in
            guard
                let conversation = try await Self.conversation(resolving: id.rawValue, on: connection, logger: logger),
                let customer = conversation.customer,
                let customerID = try await connection.first(
                    "SELECT customer_id FROM conversation WHERE id = \(conversation.id.rawValue)", as: Int64?.self,
                    logger: logger) ?? nil
            else { return nil }
            var ids: [Int64] = []
            for try await id in try await connection.query(
                """
                SELECT id FROM conversation WHERE customer_id = \(customerID)
                ORDER BY last_message_at DESC, id DESC LIMIT \(limit)
                """, logger: logger
            ).decode(Int64.self) {
                ids.append(id)
            }
            let conversations = try await Self.conversations(ids, on: connection, logger: logger)
            let total =
                try await connection.first(
                    "SELECT COUNT(*) FROM conversation WHERE customer_id = \(customerID)", as: Int64.self,
                    logger: logger) ?? 0
            let written =
                try await connection.first(
                    """
                    SELECT COUNT(*) FROM message
                    WHERE conversation_id IN (SELECT id FROM conversation WHERE customer_id = \(customerID))
                        AND direction = 'inbound'
                    """, as: Int64.self, logger: logger) ?? 0
            var notes: [CustomerHistory.Note] = []
            for try await (conversation, agent, text, at) in try await connection.query(
                """
                SELECT conversation_id, agent, text, created_at FROM message
                WHERE conversation_id IN (SELECT id FROM conversation WHERE customer_id = \(customerID))
                    AND direction = 'note'
                ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, String?, String, Int64).self) {
                notes.append(
                    CustomerHistory.Note(
                        conversation: ConversationID(conversation), agent: agent, text: text,
                        at: Date(milliseconds: at)))
            }
            return CustomerHistory(
                conversation: conversation.id, customer: customer, conversations: conversations,
                conversationTotal: Int(total), messagesWritten: Int(written), notes: notes)
        }
    }
}
