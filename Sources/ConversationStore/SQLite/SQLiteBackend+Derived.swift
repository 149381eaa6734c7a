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

    /// The columns of a message that the derived columns read.
    struct DerivedMessage {
        static let columns = """
            conversation_id, id, external_id, direction, created_at, automatic, delivery, agent, author_handle,
            author_id, text, customer_id, account_id
            """

        var id: Int64
        var externalID: String
        var direction: String
        var createdAt: Int64
        var automatic: Bool
        var delivery: String?
        var agent: String?
        var authorHandle: String?
        var authorID: String
        var text: String
        var customerID: Int64?
        var accountID: Int64?

        init(_ row: Row) {
            id = row["id"]
            externalID = row["external_id"]
            direction = row["direction"]
            createdAt = row["created_at"]
            automatic = row["automatic"]
            delivery = row["delivery"]
            agent = row["agent"]
            authorHandle = row["author_handle"]
            authorID = row["author_id"]
            text = row["text"]
            customerID = row["customer_id"]
            accountID = row["account_id"]
        }

        var isInbound: Bool { direction == "inbound" }
        var isNote: Bool { direction == "note" }
        /// A response, by the published formula (see `isResponse`).
        var isResponse: Bool { direction == "outbound" && !automatic && delivery != "failed" }

        /// Earlier first; at the same time, by external id (as the SQL orders them).
        static func earlier(_ a: DerivedMessage, _ b: DerivedMessage) -> Bool {
            (a.createdAt, a.externalID) < (b.createdAt, b.externalID)
        }
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
            cached: "UPDATE conversation SET sentiment = ? WHERE id = ?", arguments: [sentimentScore(of: texts), id])
    }

    /// The sentiment of the customer's latest texts (newest first, up to three, the latest counting most), to two
    /// decimals; `nil` without texts.
    static func sentimentScore(of texts: [String], facts: TextFacts = TextFacts()) -> Double? {
        var total = 0.0
        var weights = 0.0
        for (index, text) in texts.prefix(3).enumerated() {
            let weight = 1.0 / Double(index + 1)
            total += weight * facts.sentiment(of: text)
            weights += weight
        }
        return weights > 0 ? (total / weights * 100).rounded() / 100 : nil
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

    /// Derives one conversation's columns from its messages; returns the customers whose conversation count may have
    /// changed.
    static func refreshOne(
        _ id: Int64, state: Row, messages all: [DerivedMessage], db: Database, policy: SLAPolicy,
        facts: TextFacts = TextFacts()
    ) throws -> Set<Int64> {
        let messages = all.filter { !$0.isNote }
        guard let first = messages.min(by: DerivedMessage.earlier) else { return [] }
        let count = all.count
        let inbound = messages.filter(\.isInbound)
        let responses = messages.filter(\.isResponse)
        let firstInbound = inbound.map(\.createdAt).min()
        let lastInbound = inbound.map(\.createdAt).max()
        let lastOutbound = messages.filter { $0.direction == "outbound" && $0.delivery != "failed" }.map(\.createdAt)
            .max()
        let lastResponse = responses.map(\.createdAt).max()
        let lastMessage = messages.map(\.createdAt).max()
        // A response answers the customer: brand posts before the customer's first message are not responses.
        var firstResponse: Int64?
        if let firstInbound {
            firstResponse = responses.filter { $0.createdAt >= firstInbound }.map(\.createdAt).min()
        }
        var firstResponder: String?
        if let firstResponse {
            let responder = responses.filter { $0.createdAt >= firstResponse }.min(by: DerivedMessage.earlier)
            firstResponder = responder.map { $0.agent ?? $0.authorHandle ?? $0.authorID }
        }
        let awaiting = inbound.filter { $0.createdAt > (lastResponse ?? Int64.min) }.map(\.createdAt).min()
        let latestInbound = inbound.max(by: DerivedMessage.earlier)
        let earliestInbound = inbound.min(by: DerivedMessage.earlier)
        let snippetSource =
            latestInbound?.text
            ?? messages.max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }?.text

        let channelName: String = state["channel"]
        var accountID: Int64? = state["account_id"]
        if accountID == nil {
            accountID = all.filter { $0.accountID != nil }.min(by: DerivedMessage.earlier)?.accountID
        }
        if accountID == nil, let text = earliestInbound?.text {
            accountID = try mentionedAccount(in: text, channel: channelName, db: db)
        }
        let previousCustomer: Int64? = state["customer_id"]
        let customer: Int64? = earliestInbound?.customerID ?? previousCustomer

        let status = ConversationStatus(rawValue: state["status"]) ?? .open
        let priority = Priority(rank: state["priority"]) ?? .normal
        let noReplyAt: Int64? = state["no_reply_at"]
        let latestTexts = inbound.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.prefix(3).map(\.text)
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
                    awaiting_since = :awaiting, needs_reply = :needsReply, due_at = :due, sentiment = :sentiment
                WHERE id = :id
                """,
            arguments: [
                "account": accountID, "customer": customer, "external": first.externalID,
                "snippet": Snippet.make(snippetSource ?? ""), "count": count,
                "firstMessage": first.createdAt, "firstIsInbound": first.isInbound,
                "firstInbound": firstInbound,
                "firstResponse": firstResponse, "responder": firstResponder,
                "lastInbound": lastInbound, "lastOutbound": lastOutbound,
                "lastMessage": lastMessage, "awaiting": awaiting, "needsReply": needsReply,
                "due": due, "sentiment": sentimentScore(of: Array(latestTexts), facts: facts), "id": id,
            ])
        if firstResponse != nil { try recordAnswer(id, messages: messages, db: db, facts: facts) }
        return previousCustomer == customer ? [] : Set([previousCustomer, customer].compactMap { $0 })
    }
}
