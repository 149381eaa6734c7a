import Foundation
import GRDB
import TextAnalysis

/// The conversation columns derived from its messages: first and last times, the first response, who is waiting,
/// the SLA due time. They are recomputed from the messages after every change rather than patched, so they are
/// the same whatever order the messages arrived in.
extension SQLiteBackend {
    /// A response, by the published formula: outbound, by a person, not finally refused.
    static let isResponse = "direction = 'outbound' AND automatic = 0 AND COALESCE(delivery, '') != 'failed'"

    struct Refreshed {
        var conversations: [Int64]
        var customers: Set<Int64>
    }

    /// Recomputes the derived columns of the given conversations (ids merged away are followed to their survivor).
    @discardableResult
    static func refreshDerived(_ ids: [Int64], db: Database, policy: SLAPolicy) throws -> Refreshed {
        var done = Set<Int64>()
        var customers = Set<Int64>()
        for requested in ids {
            guard let id = try resolve(requested, db: db), done.insert(id).inserted else { continue }
            customers.formUnion(try refreshOne(id, db: db, policy: policy))
        }
        return Refreshed(conversations: done.sorted(), customers: customers)
    }

    static let sentiment = SentimentScorer()

    /// The conversation's sentiment: the customer's last three messages, the latest counting most.
    static func refreshSentiment(_ id: Int64, db: Database) throws {
        let texts = try String.fetchAll(
            db,
            cached: """
                SELECT text FROM message WHERE conversation_id = ? AND direction = 'inbound'
                ORDER BY created_at DESC, id DESC LIMIT 3
                """, arguments: [id])
        var total = 0.0
        var weights = 0.0
        for (index, text) in texts.enumerated() {
            let weight = 1.0 / Double(index + 1)
            total += weight * sentiment.score(text)
            weights += weight
        }
        try db.execute(
            cached: "UPDATE conversation SET sentiment = ? WHERE id = ?",
            arguments: [weights > 0 ? (total / weights * 100).rounded() / 100 : nil, id])
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

    /// Returns the customers whose conversation count may have changed.
    @discardableResult
    static func refreshOne(_ id: Int64, db: Database, policy: SLAPolicy) throws -> Set<Int64> {
        guard
            let state = try Row.fetchOne(
                db,
                cached: """
                    SELECT channel, status, priority, account_id, customer_id, no_reply_at
                    FROM conversation WHERE id = ?
                    """, arguments: [id]),
            let totals = try Row.fetchOne(
                db,
                cached: """
                    SELECT COUNT(*) AS count,
                        MIN(CASE WHEN direction = 'inbound' THEN created_at END) AS first_inbound,
                        MAX(CASE WHEN direction = 'inbound' THEN created_at END) AS last_inbound,
                        MAX(CASE WHEN direction = 'outbound' AND COALESCE(delivery, '') != 'failed'
                            THEN created_at END) AS last_outbound,
                        MIN(CASE WHEN \(isResponse) THEN created_at END) AS first_response,
                        MAX(CASE WHEN \(isResponse) THEN created_at END) AS last_response,
                        MAX(created_at) AS last_message
                    FROM message WHERE conversation_id = ? AND direction != 'note'
                    """, arguments: [id]),
            let first = try Row.fetchOne(
                db,
                cached: """
                    SELECT external_id, created_at, direction FROM message WHERE conversation_id = ? AND direction != 'note'
                    ORDER BY created_at, external_id LIMIT 1
                    """, arguments: [id])
        else { return [] }
        let count: Int =
            try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM message WHERE conversation_id = ?", arguments: [id]) ?? 0
        let firstInbound: Int64? = totals["first_inbound"]
        let lastResponse: Int64? = totals["last_response"]
        // A response answers the customer: brand posts before the customer's first message are not responses.
        var firstResponse: Int64? = totals["first_response"]
        if let earliest = firstResponse, let firstInbound, earliest < firstInbound {
            firstResponse = try Int64.fetchOne(
                db,
                cached:
                    "SELECT MIN(created_at) FROM message WHERE conversation_id = ? AND \(isResponse) AND created_at >= ?",
                arguments: [id, firstInbound])
        } else if firstInbound == nil {
            firstResponse = nil
        }

        var firstResponder: String?
        if firstResponse != nil {
            firstResponder = try String.fetchOne(
                db,
                cached: """
                    SELECT COALESCE(agent, author_handle, author_id) FROM message
                    WHERE conversation_id = ? AND \(isResponse) AND created_at >= ?
                    ORDER BY created_at, external_id LIMIT 1
                    """, arguments: [id, firstResponse])
        }
        let awaiting = try Int64.fetchOne(
            db,
            cached: """
                SELECT MIN(created_at) FROM message
                WHERE conversation_id = ? AND direction = 'inbound' AND created_at > ?
                """, arguments: [id, lastResponse ?? Int64.min])
        let latestInbound = try Row.fetchOne(
            db,
            cached: """
                SELECT text, customer_id, account_id FROM message WHERE conversation_id = ? AND direction = 'inbound'
                ORDER BY created_at DESC, external_id DESC LIMIT 1
                """, arguments: [id])
        let earliestInbound = try Row.fetchOne(
            db,
            cached: """
                SELECT customer_id, text FROM message WHERE conversation_id = ? AND direction = 'inbound'
                ORDER BY created_at, external_id LIMIT 1
                """, arguments: [id])
        var snippetSource: String? = latestInbound?["text"]
        if snippetSource == nil {
            snippetSource = try String.fetchOne(
                db,
                cached: """
                    SELECT text FROM message WHERE conversation_id = ? AND direction != 'note'
                    ORDER BY created_at DESC LIMIT 1
                    """, arguments: [id])
        }

        let channelName: String = state["channel"]
        var accountID: Int64? = state["account_id"]
        if accountID == nil {
            accountID = try Int64.fetchOne(
                db,
                cached: """
                    SELECT account_id FROM message WHERE conversation_id = ? AND account_id IS NOT NULL
                    ORDER BY created_at, external_id LIMIT 1
                    """, arguments: [id])
        }
        if accountID == nil, let text: String = earliestInbound?["text"] {
            accountID = try mentionedAccount(in: text, channel: channelName, db: db)
        }
        let previousCustomer: Int64? = state["customer_id"]
        let customer: Int64? = earliestInbound?["customer_id"] ?? previousCustomer

        let status = ConversationStatus(rawValue: state["status"]) ?? .open
        let priority = Priority(rank: state["priority"]) ?? .normal
        let noReplyAt: Int64? = state["no_reply_at"]
        let lastInbound: Int64? = totals["last_inbound"]
        let waitingOnAgent = awaiting != nil && (status == .new || status == .open)
        let dismissed = noReplyAt.map { marked in (lastInbound ?? Int64.min) <= marked } ?? false
        let needsReply = waitingOnAgent && !dismissed
        let channel = Channel(rawValue: channelName) ?? .web
        let due =
            needsReply
            ? (awaiting ?? 0) + Int64(policy.targetSeconds(priority: priority, channel: channel)) * 1000
            : SQLiteSchema.notDue

        try db.execute(
            cached: """
                UPDATE conversation SET
                    account_id = :account, customer_id = :customer, external_id = :external,
                    snippet = :snippet, message_count = :count,
                    first_message_at = :firstMessage, first_message_inbound = :firstIsInbound, first_inbound_at = :firstInbound,
                    first_response_at = :firstResponse, first_responder = :responder,
                    last_inbound_at = :lastInbound, last_outbound_at = :lastOutbound, last_message_at = :lastMessage,
                    awaiting_since = :awaiting, needs_reply = :needsReply, due_at = :due
                WHERE id = :id
                """,
            arguments: [
                "account": accountID, "customer": customer, "external": first["external_id"],
                "snippet": Snippet.make(snippetSource ?? ""), "count": count,
                "firstMessage": first["created_at"], "firstIsInbound": (first["direction"] as String) == "inbound",
                "firstInbound": firstInbound,
                "firstResponse": firstResponse, "responder": firstResponder,
                "lastInbound": lastInbound, "lastOutbound": totals["last_outbound"],
                "lastMessage": totals["last_message"], "awaiting": awaiting, "needsReply": needsReply,
                "due": due, "id": id,
            ])
        try refreshSentiment(id, db: db)
        if firstResponse != nil { try recordAnswer(id, db: db) }
        return previousCustomer == customer ? [] : Set([previousCustomer, customer].compactMap { $0 })
    }
}
