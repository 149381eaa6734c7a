import ConversationStore
import Foundation
import GRDB

/// A customer's history beside the thread: reads only (the counts and lists are the customer's rows as stored).
extension SQLiteBackend {
    public func customerHistory(of id: ConversationID, limit: Int) async throws -> CustomerHistory? {
        try await read { db in
            guard let resolved = try Self.resolve(id.rawValue, db: db),
                let conversation = try Self.conversation(resolved, db: db), let customer = conversation.customer,
                let customerID = try Int64.fetchOne(
                    db, cached: "SELECT customer_id FROM conversation WHERE id = ?", arguments: [resolved])
            else { return nil }
            let conversations = try Self.conversations(
                sql: """
                    SELECT \(Self.conversationColumns) \(Self.conversationJoins)
                    WHERE c.customer_id = ? ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?
                    """, arguments: [customerID, limit], db: db)
            let total =
                try Int.fetchOne(
                    db, cached: "SELECT COUNT(*) FROM conversation WHERE customer_id = ?", arguments: [customerID]) ?? 0
            let written =
                try Int.fetchOne(
                    db,
                    cached: """
                        SELECT COUNT(*) FROM message
                        WHERE conversation_id IN (SELECT id FROM conversation WHERE customer_id = ?)
                            AND direction = 'inbound'
                        """, arguments: [customerID]) ?? 0
            let notes = try Row.fetchAll(
                db,
                cached: """
                    SELECT conversation_id, agent, text, created_at FROM message
                    WHERE conversation_id IN (SELECT id FROM conversation WHERE customer_id = ?) AND direction = 'note'
                    ORDER BY created_at DESC, id DESC LIMIT ?
                    """, arguments: [customerID, limit]
            ).map { row in
                CustomerHistory.Note(
                    conversation: ConversationID(row["conversation_id"]), agent: row["agent"], text: row["text"],
                    at: Date(milliseconds: row["created_at"]))
            }
            return CustomerHistory(
                conversation: conversation.id, customer: customer, conversations: conversations,
                conversationTotal: total, messagesWritten: written, notes: notes)
        }
    }
}
