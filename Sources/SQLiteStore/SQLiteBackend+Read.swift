import ConversationStore
import Foundation
import GRDB
import TextAnalysis

/// Reading conversations and messages back into the public model.
extension SQLiteBackend {
    static let conversationColumns = """
        c.*, a.handle AS account_handle,
        cu.external_id AS customer_external_id, cu.handle AS customer_handle, cu.name AS customer_name,
        cu.first_seen_at AS customer_first_seen_at, cu.conversation_count AS customer_conversation_count,
        cu.followers AS customer_followers
        """
    static let conversationJoins = """
        FROM conversation c
        LEFT JOIN account a ON a.id = c.account_id
        LEFT JOIN customer cu ON cu.id = c.customer_id
        """

    static func conversation(from row: Row, tags: [String]) -> Conversation {
        let channel = Channel(rawValue: row["channel"]) ?? .web
        var customer: Customer?
        if let externalID: String = row["customer_external_id"] {
            customer = Customer(
                channel: channel, externalID: externalID, handle: row["customer_handle"], name: row["customer_name"],
                firstSeenAt: Date(milliseconds: row["customer_first_seen_at"]),
                conversationCount: row["customer_conversation_count"], followers: row["customer_followers"])
        }
        let due: Int64 = row["due_at"]
        let needsReply: Bool = row["needs_reply"]
        return Conversation(
            id: ConversationID(row["id"]), channel: channel, account: row["account_handle"], customer: customer,
            status: ConversationStatus(rawValue: row["status"]) ?? .open,
            priority: Priority(rank: row["priority"]) ?? .normal,
            assignee: row["assignee"], claimExpiresAt: date(row["claim_expires_at"]),
            visibility: Visibility(rawValue: row["visibility"]) ?? .public, tags: tags,
            externalID: row["external_id"], snippet: row["snippet"], messageCount: row["message_count"],
            firstMessageAt: Date(milliseconds: row["first_message_at"]), firstInboundAt: date(row["first_inbound_at"]),
            firstResponseAt: date(row["first_response_at"]), firstResponder: row["first_responder"],
            lastInboundAt: date(row["last_inbound_at"]), lastOutboundAt: date(row["last_outbound_at"]),
            lastMessageAt: Date(milliseconds: row["last_message_at"]), awaitingReplySince: date(row["awaiting_since"]),
            needsReply: needsReply, slaDueAt: needsReply && due != SQLiteSchema.notDue ? Date(milliseconds: due) : nil,
            snoozedUntil: date(row["snoozed_until"]), resolvedAt: date(row["resolved_at"]),
            noReplyReason: row["no_reply_reason"],
            needsResponse: NeedsResponse.test(
                firstMessageInbound: row["first_message_inbound"], noReplyReason: row["no_reply_reason"],
                answered: (row["first_response_at"] as Int64?) != nil),
            sentiment: row["sentiment"], revision: row["revision"],
            personalData: PersonalDataRules.kinds(bits: row["personal_data"]),
            intent: (row["intent"] as String?).flatMap(Intent.init(rawValue:)),
            replyExpected: (row["reply_expected"] as Bool?) ?? true)
    }

    static func date(_ milliseconds: Int64?) -> Date? { milliseconds.map(Date.init(milliseconds:)) }

    /// Conversations by id, in the order given, with their tags (one query for the rows, one for the tags).
    static func conversations(sql: String, arguments: StatementArguments, db: Database) throws -> [Conversation] {
        let rows = try Row.fetchAll(db, cached: sql, arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids: [Int64] = rows.map { $0["id"] }
        var tags: [Int64: [String]] = [:]
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        for row in try Row.fetchAll(
            db,
            cached:
                "SELECT conversation_id, tag FROM conversation_tag WHERE conversation_id IN (\(placeholders)) ORDER BY tag",
            arguments: StatementArguments(ids))
        {
            tags[row["conversation_id"], default: []].append(row["tag"])
        }
        return rows.map { conversation(from: $0, tags: tags[$0["id"]] ?? []) }
    }

    static func conversation(_ id: Int64, db: Database) throws -> Conversation? {
        try conversations(
            sql: "SELECT \(conversationColumns) \(conversationJoins) WHERE c.id = ?", arguments: [id], db: db
        ).first
    }

    static func message(from row: Row) -> Message {
        Message(
            id: row["id"], conversation: ConversationID(row["conversation_id"]),
            channel: Channel(rawValue: row["channel"]) ?? .web, externalID: row["external_id"],
            inReplyTo: row["in_reply_to"], direction: MessageDirection(rawValue: row["direction"]) ?? .note,
            authorID: row["author_id"], authorHandle: row["author_handle"], authorName: row["author_name"],
            agent: row["agent"], text: row["text"], createdAt: Date(milliseconds: row["created_at"]),
            visibility: Visibility(rawValue: row["visibility"]) ?? .public,
            delivery: (row["delivery"] as String?).flatMap(DeliveryState.init(rawValue:)),
            deliveryError: row["delivery_error"], automatic: row["automatic"])
    }

    public func thread(_ id: ConversationID) async throws -> ConversationThread? {
        try await read { db in
            guard let resolved = try Self.resolve(id.rawValue, db: db),
                let conversation = try Self.conversation(resolved, db: db)
            else { return nil }
            let messages = try Row.fetchAll(
                db, cached: "SELECT * FROM message WHERE conversation_id = ? ORDER BY created_at, id",
                arguments: [resolved]
            ).map(Self.message(from:))
            return ConversationThread(conversation: conversation, messages: messages)
        }
    }

    public func conversation(containing externalID: String) async throws -> ConversationID? {
        try await read { db in
            // The message's channel is not known: the channels are walked through the (channel, external_id) index,
            // a probe each, rather than every message read (a full scan of the table at 100k took tens of ms).
            try Int64.fetchOne(
                db,
                cached: """
                    WITH RECURSIVE channels (channel) AS (
                        SELECT MIN(channel) FROM message
                        UNION ALL
                        SELECT (SELECT MIN(m.channel) FROM message m WHERE m.channel > channels.channel)
                        FROM channels WHERE channels.channel IS NOT NULL
                    )
                    SELECT m.conversation_id FROM channels
                    JOIN message m ON m.channel = channels.channel AND m.external_id = ?
                    LIMIT 1
                    """, arguments: [externalID]
            ).map { ConversationID($0) }
        }
    }

    public func counts(agent: String, now: Date) async throws -> QueueCounts {
        try await sweepIfNeeded(now: now)
        return try await read { db in
            let row = try Row.fetchOne(
                db,
                cached: """
                    SELECT
                        (SELECT COUNT(*) FROM conversation WHERE needs_reply = 1) AS needs_reply,
                        (SELECT COUNT(*) FROM conversation WHERE needs_reply = 1 AND due_at < ?) AS breaching,
                        (SELECT COUNT(*) FROM conversation WHERE assignee = ? AND status != 'resolved') AS mine
                    """, arguments: [now.milliseconds, agent])
            return QueueCounts(
                needsReply: row?["needs_reply"] ?? 0, breaching: row?["breaching"] ?? 0, mine: row?["mine"] ?? 0)
        }
    }

}
