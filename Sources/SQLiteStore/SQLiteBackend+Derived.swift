import ConversationStore
import Foundation
import GRDB
import TextAnalysis

/// The conversation columns derived from its messages: first and last times, the first response, who is waiting,
/// the SLA due time. They are recomputed from the messages after every change rather than patched, so they are
/// the same whatever order the messages arrived in.
extension SQLiteBackend {
    /// Recomputes the derived columns of the given conversations (ids merged away are followed to their survivor).
    /// Their messages are read in a few queries for the whole set, and everything is derived from them here. An
    /// import's conversations not yet written (`unwritten`) are written here, once, with their derived columns.
    @discardableResult
    static func refreshDerived(
        _ ids: [Int64], db: Database, policy: SLAPolicy, facts: TextFacts = TextFacts(),
        unwritten batch: IngestCache? = nil
    ) throws -> Refreshed {
        var done = Set<Int64>()
        var order: [Int64] = []
        for requested in ids {
            let resolved = batch?.unwritten[requested] != nil ? requested : try resolve(requested, db: db)
            guard let id = resolved, done.insert(id).inserted else { continue }
            order.append(id)
        }
        // In id order: rows, their messages and answers then go into each table's b-tree in key order, and FTS5
        // starts a new segment whenever a row id comes below the last one it was given (in hash order every other
        // answer did, and writing its index took a tenth of the import).
        order.sort()
        var customers = Set<Int64>()
        for start in stride(from: 0, to: order.count, by: 500) {
            let chunk = Array(order[start..<min(order.count, start + 500)])
            // An import's conversations not yet written hold their state and messages; only the others are read.
            let stored = chunk.filter { batch?.unwritten[$0] == nil }
            var states: [Int64: Derivation.State] = [:]
            var messages: [Int64: [DerivedMessage]] = [:]
            if !stored.isEmpty {
                let marks = Array(repeating: "?", count: stored.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, channel, status, priority, account_id, customer_id, no_reply_at
                        FROM conversation WHERE id IN (\(marks))
                        """, arguments: StatementArguments(stored))
                {
                    states[row["id"]] = Derivation.State(
                        channel: row["channel"], status: ConversationStatus(rawValue: row["status"]) ?? .open,
                        priority: Priority(rank: row["priority"]) ?? .normal, accountID: row["account_id"],
                        customerID: row["customer_id"], noReplyAt: row["no_reply_at"])
                }
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT \(DerivedMessage.columns) FROM message WHERE conversation_id IN (\(marks))",
                    arguments: StatementArguments(stored))
                {
                    messages[row["conversation_id"], default: []].append(DerivedMessage(row))
                }
            }
            for id in chunk {
                guard let new = batch?.unwritten[id] else { continue }
                states[id] = new.state
                messages[id] = new.messages.map(\.derived)
            }
            for id in chunk {
                guard let state = states[id] else { continue }
                customers.formUnion(
                    try refreshOne(
                        id, state: state, messages: messages[id] ?? [], db: db, policy: policy, facts: facts,
                        new: batch?.unwritten.removeValue(forKey: id), customers: batch?.customerNames ?? [:]))
            }
        }
        // Every conversation the batch started has its row by now; this only guards the rule.
        if let batch { for id in Array(batch.unwritten.keys) { try batch.write(id, db: db) } }
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

    /// Derives one conversation's columns from its messages (see `Derivation`) and stores them: in the row, or for a
    /// conversation an import has yet to write (`new`), as a new row; returns the customers whose conversation count
    /// may have changed. `customers` are the names and handles the import has written to customer rows.
    static func refreshOne(
        _ id: Int64, state: Derivation.State, messages: [DerivedMessage], db: Database, policy: SLAPolicy,
        facts: TextFacts = TextFacts(), new: IngestCache.NewConversation? = nil,
        customers: [Int64: CustomerNames] = [:]
    ) throws -> Set<Int64> {
        guard var derived = Derivation(state: state, messages: messages, policy: policy, facts: facts) else {
            if let new { try insert(id, new, derived: nil, db: db) }
            return []
        }
        if derived.accountID == nil, let text = derived.earliestInboundText {
            derived.accountID = try mentionedAccount(in: text, channel: state.channel, db: db)
        }
        if let new {
            try insert(id, new, derived: derived, db: db)
            if derived.firstResponseAt != nil {
                let names = derived.customerID.map { customers[$0] } ?? CustomerNames()
                try recordAnswer(id, messages: messages, db: db, facts: facts, written: names)
            }
            return derived.changedCustomers
        }
        try db.execute(
            cached: """
                UPDATE conversation SET
                    account_id = :account, customer_id = :customer, external_id = :external,
                    snippet = :snippet, message_count = :count,
                    first_message_at = :firstMessage, first_message_inbound = :firstIsInbound, first_inbound_at = :firstInbound,
                    first_response_at = :firstResponse, first_responder = :responder,
                    last_inbound_at = :lastInbound, last_outbound_at = :lastOutbound, last_message_at = :lastMessage,
                    awaiting_since = :awaiting, needs_reply = :needsReply, due_at = :due, sentiment = :sentiment,
                    personal_data = :personalData, intent = :intent, reply_expected = :replyExpected,
                    first_intent = :firstIntent, \(Revision.bump)
                WHERE id = :id
                """,
            arguments: StatementArguments(derived.columnArguments.merging(["id": id]) { $1 }))
        if derived.firstResponseAt != nil { try recordAnswer(id, messages: messages, db: db, facts: facts) }
        return derived.changedCustomers
    }
}

extension SQLiteBackend {
    /// Writes a conversation an import started, then its messages: with its derived columns, or without (`nil`)
    /// as its first message gave them.
    static func insert(
        _ id: Int64, _ new: IngestCache.NewConversation, derived: Derivation?, db: Database
    ) throws {
        try insertRow(id, new, derived: derived, db: db)
        for message in new.messages { try message.write(into: id, db: db) }
    }

    /// A conversation's first write is its revision 1 (``Revision``).
    private static func insertRow(
        _ id: Int64, _ new: IngestCache.NewConversation, derived: Derivation?, db: Database
    ) throws {
        guard let derived else {
            try db.execute(
                cached: """
                    INSERT INTO conversation (id, channel, account_id, customer_id, status_changed_at, visibility,
                        external_id, first_message_at, last_message_at, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(Revision.first))
                    """,
                arguments: [
                    id, new.channel, new.accountID, new.customerID, new.createdAt, new.visibility, new.externalID,
                    new.createdAt, new.createdAt,
                ])
            return
        }
        try RowStatement(
            db,
            """
            INSERT INTO conversation (id, channel, status_changed_at, visibility,
                account_id, customer_id, external_id, snippet, message_count,
                first_message_at, first_message_inbound, first_inbound_at, first_response_at, first_responder,
                last_inbound_at, last_outbound_at, last_message_at, awaiting_since, needs_reply, due_at, sentiment,
                personal_data, intent, reply_expected, first_intent, revision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(Revision.first))
            """
        ).run(
            .integer(id), .text(new.channel), .integer(new.createdAt), .text(new.visibility),
            .integer(derived.accountID), .integer(derived.customerID), .text(derived.externalID),
            .text(derived.snippet), .integer(derived.messageCount), .integer(derived.firstMessageAt),
            .integer(derived.firstMessageInbound), .integer(derived.firstInboundAt),
            .integer(derived.firstResponseAt), .text(derived.firstResponder), .integer(derived.lastInboundAt),
            .integer(derived.lastOutboundAt), .integer(derived.lastMessageAt), .integer(derived.awaitingSince),
            .integer(derived.needsReply), .integer(derived.dueAt), .real(derived.sentiment),
            .integer(derived.personalData), .text(derived.intent?.rawValue), .integer(derived.replyExpected),
            .text(derived.firstIntent?.rawValue))
    }
}

extension Derivation {
    /// The derived columns as named statement arguments, for writing a row again.
    var columnArguments: [String: (any DatabaseValueConvertible)?] {
        [
            "account": accountID, "customer": customerID, "external": externalID, "snippet": snippet,
            "count": messageCount, "firstMessage": firstMessageAt, "firstIsInbound": firstMessageInbound,
            "firstInbound": firstInboundAt, "firstResponse": firstResponseAt, "responder": firstResponder,
            "lastInbound": lastInboundAt, "lastOutbound": lastOutboundAt, "lastMessage": lastMessageAt,
            "awaiting": awaitingSince, "needsReply": needsReply, "due": dueAt, "sentiment": sentiment,
            "personalData": personalData, "intent": intent?.rawValue, "replyExpected": replyExpected,
            "firstIntent": firstIntent?.rawValue,
        ]
    }
}

/// Reading the derivation's messages from SQLite rows.
extension DerivedMessage {
    init(_ row: Row) {
        self.init(
            id: row["id"], externalID: row["external_id"], direction: row["direction"], createdAt: row["created_at"],
            automatic: row["automatic"], delivery: row["delivery"], agent: row["agent"],
            authorHandle: row["author_handle"], authorID: row["author_id"], text: row["text"],
            customerID: row["customer_id"], accountID: row["account_id"], visibility: row["visibility"],
            maskedPersonalData: row["masked_personal_data"])
    }
}
