import Foundation
import GRDB
import TextAnalysis

/// The conversation columns derived from its messages: first and last times, the first response, who is waiting,
/// the SLA due time. They are recomputed from the messages after every change rather than patched, so they are
/// the same whatever order the messages arrived in.
extension SQLiteBackend {
    /// A response, by the published formula: outbound, by a person, not finally refused.
    static let isResponse = "direction = 'outbound' AND automatic = 0 AND COALESCE(delivery, '') != 'failed'"

    /// Recomputes the derived columns of the given conversations (ids merged away are followed to their survivor).
    /// Their messages are read in a few queries for the whole set, and everything is derived from them here.
    @discardableResult
    static func refreshDerived(
        _ ids: [Int64], db: Database, policy: SLAPolicy, facts: TextFacts = TextFacts()
    ) throws -> Refreshed {
        var done = Set<Int64>()
        var order: [Int64] = []
        for requested in ids {
            guard let id = try resolve(requested, db: db), done.insert(id).inserted else { continue }
            order.append(id)
        }
        var customers = Set<Int64>()
        for start in stride(from: 0, to: order.count, by: 500) {
            let chunk = Array(order[start..<min(order.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let states = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, channel, status, priority, account_id, customer_id, no_reply_at
                        FROM conversation WHERE id IN (\(marks))
                        """, arguments: StatementArguments(chunk)
                ).map { ($0["id"] as Int64, $0) })
            var messages: [Int64: [DerivedMessage]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT \(DerivedMessage.columns) FROM message WHERE conversation_id IN (\(marks))",
                arguments: StatementArguments(chunk))
            {
                messages[row["conversation_id"], default: []].append(DerivedMessage(row))
            }
            for id in chunk {
                guard let state = states[id] else { continue }
                customers.formUnion(
                    try refreshOne(
                        id, state: state, messages: messages[id] ?? [], db: db, policy: policy, facts: facts))
            }
        }
        return Refreshed(conversations: done.sorted(), customers: customers)
    }

    /// The conversation's sentiment: the customer's last three messages, the latest counting most.
    static func refreshSentiment(_ id: Int64, db: Database) throws {
        let texts = try String.fetchAll(
            db,
            cached: """
                SELECT text FROM message WHERE conversation_id = ? AND direction = 'inbound'
                ORDER BY created_at DESC, id DESC LIMIT 3
                """, arguments: [id])
        try storeSentiment(of: texts, for: id, db: db)
    }

    /// Stores the sentiment of the customer's latest texts (newest first).
    static func storeSentiment(of texts: [String], for id: Int64, db: Database) throws {
        try db.execute(
            cached: "UPDATE conversation SET sentiment = ? WHERE id = ?",
            arguments: [Derivation.sentiment(of: texts), id])
    }

    /// Follows merge aliases; `nil` when the id names nothing.
    static func resolve(_ id: Int64, db: Database) throws -> Int64? {
        if try Bool.fetchOne(db, cached: "SELECT EXISTS (SELECT 1 FROM conversation WHERE id = ?)", arguments: [id])
            ?? false
        {
            return id
        }
        return try Int64.fetchOne(
            db, cached: "SELECT conversation_id FROM conversation_alias WHERE merged_id = ?", arguments: [id])
    }

    /// Derives one conversation's columns from its messages (see `Derivation`) and stores them; returns the
    /// customers whose conversation count may have changed.
    static func refreshOne(
        _ id: Int64, state row: Row, messages: [DerivedMessage], db: Database, policy: SLAPolicy,
        facts: TextFacts = TextFacts()
    ) throws -> Set<Int64> {
        let state = Derivation.State(
            channel: row["channel"], status: ConversationStatus(rawValue: row["status"]) ?? .open,
            priority: Priority(rank: row["priority"]) ?? .normal, accountID: row["account_id"],
            customerID: row["customer_id"], noReplyAt: row["no_reply_at"])
        guard var derived = Derivation(state: state, messages: messages, policy: policy, facts: facts) else {
            return []
        }
        if derived.accountID == nil, let text = derived.earliestInboundText {
            derived.accountID = try mentionedAccount(in: text, channel: state.channel, db: db)
        }
        try db.execute(
            cached: """
                UPDATE conversation SET
                    account_id = :account, customer_id = :customer, external_id = :external,
                    snippet = :snippet, message_count = :count,
                    first_message_at = :firstMessage, first_message_inbound = :firstIsInbound, first_inbound_at = :firstInbound,
                    first_response_at = :firstResponse, first_responder = :responder,
                    last_inbound_at = :lastInbound, last_outbound_at = :lastOutbound, last_message_at = :lastMessage,
                    awaiting_since = :awaiting, needs_reply = :needsReply, due_at = :due, sentiment = :sentiment
                WHERE id = :id
                """,
            arguments: [
                "account": derived.accountID, "customer": derived.customerID, "external": derived.externalID,
                "snippet": derived.snippet, "count": derived.messageCount,
                "firstMessage": derived.firstMessageAt, "firstIsInbound": derived.firstMessageInbound,
                "firstInbound": derived.firstInboundAt,
                "firstResponse": derived.firstResponseAt, "responder": derived.firstResponder,
                "lastInbound": derived.lastInboundAt, "lastOutbound": derived.lastOutboundAt,
                "lastMessage": derived.lastMessageAt, "awaiting": derived.awaitingSince,
                "needsReply": derived.needsReply, "due": derived.dueAt, "sentiment": derived.sentiment, "id": id,
            ])
        if derived.firstResponseAt != nil { try recordAnswer(id, messages: messages, db: db, facts: facts) }
        return derived.changedCustomers
    }
}

/// Reading the derivation's messages from SQLite rows.
extension DerivedMessage {
    init(_ row: Row) {
        self.init(
            id: row["id"], externalID: row["external_id"], direction: row["direction"], createdAt: row["created_at"],
            automatic: row["automatic"], delivery: row["delivery"], agent: row["agent"],
            authorHandle: row["author_handle"], authorID: row["author_id"], text: row["text"],
            customerID: row["customer_id"], accountID: row["account_id"])
    }
}
