import ConversationStore
import Foundation
import GRDB
import TextAnalysis

/// The facts reports are summed from (see ``Report``): one row a conversation of the period.
extension SQLiteBackend {
    public func reportFacts(since: Date?, until: Date?) async throws -> [ConversationFacts] {
        try await read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT c.id, c.channel, a.handle AS account, c.priority, c.first_responder, c.first_message_at,
                        c.first_inbound_at, c.first_response_at, c.resolved_at, c.no_reply_reason, c.first_message_inbound,
                        c.sentiment, c.personal_data, c.visibility, c.first_intent, c.reply_expected,
                        CASE WHEN c.customer_id IS NOT NULL THEN
                            EXISTS (SELECT 1 FROM conversation o INDEXED BY conversation_customer
                                WHERE o.customer_id = c.customer_id AND o.channel = c.channel
                                    AND (o.first_message_at < c.first_message_at
                                        OR (o.first_message_at = c.first_message_at AND o.id < c.id)))
                        END AS repeat_customer
                    FROM conversation c LEFT JOIN account a ON a.id = c.account_id
                    WHERE c.first_message_at >= ? AND c.first_message_at < ?
                    """, arguments: [since?.milliseconds ?? Int64.min, until?.milliseconds ?? Int64.max])
            var facts: [ConversationFacts] = []
            while let row = try rows.next() {
                let firstMessage: Int64 = row["first_message_at"]
                let firstInbound: Int64? = row["first_inbound_at"]
                let noReply: String? = row["no_reply_reason"]
                facts.append(
                    ConversationFacts(
                        id: ConversationID(row["id"]), channel: Channel(rawValue: row["channel"]) ?? .web,
                        account: row["account"], priority: Priority(rank: row["priority"]) ?? .normal,
                        firstResponder: row["first_responder"], firstMessageAt: Date(milliseconds: firstMessage),
                        firstInboundAt: Self.date(firstInbound), firstResponseAt: Self.date(row["first_response_at"]),
                        resolvedAt: Self.date(row["resolved_at"]),
                        needsResponse: NeedsResponse.test(
                            firstMessageInbound: row["first_message_inbound"], noReplyReason: noReply,
                            answered: (row["first_response_at"] as Int64?) != nil),
                        repeatCustomer: row["repeat_customer"], sentiment: row["sentiment"],
                        personalDataInPublic: (row["personal_data"] as Int) != 0,
                        isPrivate: row["visibility"] == Visibility.private.rawValue,
                        firstIntent: (row["first_intent"] as String?).flatMap(Intent.init(rawValue:)),
                        replyExpected: row["reply_expected"],
                        markedNoReply: NeedsResponse.markedNone(
                            firstMessageInbound: row["first_message_inbound"], noReplyReason: noReply,
                            answered: (row["first_response_at"] as Int64?) != nil)))
            }
            return facts
        }
    }
}

extension SQLiteBackend {
    public func arrivalTimes(since: Date, until: Date) async throws -> [Date] {
        try await read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT first_inbound_at, first_message_inbound, no_reply_reason, first_response_at FROM conversation
                    WHERE first_message_at >= ? AND first_message_at < ? AND first_inbound_at IS NOT NULL
                    """, arguments: [since.milliseconds, until.milliseconds])
            var times: [Date] = []
            while let row = try rows.next() {
                guard
                    NeedsResponse.test(
                        firstMessageInbound: row[1], noReplyReason: row[2], answered: (row[3] as Int64?) != nil)
                else { continue }
                times.append(Date(milliseconds: row[0]))
            }
            return times
        }
    }

    public func agentMessages(since: Date?, until: Date?) async throws -> [AgentMessage] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.agent, m.conversation_id, m.automatic, m.delivery
                    FROM conversation c JOIN message m ON m.conversation_id = c.id
                    WHERE c.first_message_at >= ? AND c.first_message_at < ?
                        AND m.direction = 'outbound' AND m.agent IS NOT NULL
                    """, arguments: [since?.milliseconds ?? Int64.min, until?.milliseconds ?? Int64.max]
            ).map {
                AgentMessage(
                    agent: $0["agent"], conversation: $0["conversation_id"], automatic: $0["automatic"],
                    delivery: $0["delivery"])
            }
        }
    }

    public func outboundGroups(
        since: Date?, until: Date?
    ) async throws -> [(
        account: String?, answering: Bool, count: Int
    )] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.handle AS account, m.in_reply_to IS NOT NULL AS answering, COUNT(*) AS count
                    FROM message m LEFT JOIN account a ON a.id = m.account_id
                    WHERE m.direction = 'outbound' AND m.created_at >= ? AND m.created_at < ?
                    GROUP BY a.handle, m.in_reply_to IS NOT NULL
                    """, arguments: [since?.milliseconds ?? Int64.min, until?.milliseconds ?? Int64.max]
            ).map { (account: $0["account"], answering: $0["answering"], count: $0["count"]) }
        }
    }
}
