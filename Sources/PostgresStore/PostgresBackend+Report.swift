import ConversationStore
import Foundation
import Logging
import PostgresNIO
import TextAnalysis

/// The facts reports are summed from (see ``Report``): one row a conversation of the period.
extension PostgresBackend {
    public func arrivalTimes(since: Date, until: Date) async throws -> [Date] {
        let logger = logger
        return try await read { connection in
            var times: [Date] = []
            for try await (inbound, firstInbound, noReply, response) in try await connection.query(
                """
                SELECT first_inbound_at, first_message_inbound, no_reply_reason, first_response_at FROM conversation
                WHERE first_message_at >= \(since.milliseconds) AND first_message_at < \(until.milliseconds)
                    AND first_inbound_at IS NOT NULL
                """, logger: logger
            ).decode((Int64, Bool, String?, Int64?).self) {
                guard
                    NeedsResponse.test(
                        firstMessageInbound: firstInbound, noReplyReason: noReply, answered: response != nil)
                else { continue }
                times.append(Date(milliseconds: inbound))
            }
            return times
        }
    }

    public func reportFacts(since: Date?, until: Date?) async throws -> [ConversationFacts] {
        let logger = logger
        let from = since?.milliseconds ?? Int64.min
        let to = until?.milliseconds ?? Int64.max
        return try await read { connection in
            var facts: [ConversationFacts] = []
            for try await row in try await connection.query(
                """
                SELECT c.id, c.channel, a.handle, c.priority, c.first_responder, c.first_message_at, c.first_inbound_at,
                    c.first_response_at, c.resolved_at, c.no_reply_reason, c.first_message_inbound, c.sentiment,
                    CASE WHEN c.customer_id IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM conversation o
                            WHERE o.customer_id = c.customer_id AND o.channel = c.channel
                                AND (o.first_message_at < c.first_message_at
                                    OR (o.first_message_at = c.first_message_at AND o.id < c.id)))
                    END,
                    c.personal_data, c.visibility, c.first_intent, c.reply_expected
                FROM conversation c LEFT JOIN account a ON a.id = c.account_id
                WHERE c.first_message_at >= \(from) AND c.first_message_at < \(to)
                ORDER BY c.id
                """, logger: logger)
            {
                let cells = row.makeRandomAccess()
                let noReply = try cells[9].decode(String?.self)
                let firstMessageInbound = try cells[10].decode(Bool.self)
                let answered = try cells[7].decode(Int64?.self) != nil
                facts.append(
                    ConversationFacts(
                        id: ConversationID(try cells[0].decode(Int64.self)),
                        channel: Channel(rawValue: try cells[1].decode(String.self)) ?? .web,
                        account: try cells[2].decode(String?.self),
                        priority: Priority(rank: try cells[3].decode(Int.self)) ?? .normal,
                        firstResponder: try cells[4].decode(String?.self),
                        firstMessageAt: Date(milliseconds: try cells[5].decode(Int64.self)),
                        firstInboundAt: Self.date(try cells[6].decode(Int64?.self)),
                        firstResponseAt: Self.date(try cells[7].decode(Int64?.self)),
                        resolvedAt: Self.date(try cells[8].decode(Int64?.self)),
                        needsResponse: NeedsResponse.test(
                            firstMessageInbound: firstMessageInbound, noReplyReason: noReply, answered: answered),
                        repeatCustomer: try cells[12].decode(Bool?.self), sentiment: try cells[11].decode(Double?.self),
                        personalDataInPublic: try cells[13].decode(Int64.self) != 0,
                        isPrivate: try cells[14].decode(String.self) == Visibility.private.rawValue,
                        firstIntent: (try cells[15].decode(String?.self)).flatMap(Intent.init(rawValue:)),
                        replyExpected: try cells[16].decode(Bool.self),
                        markedNoReply: NeedsResponse.markedNone(
                            firstMessageInbound: firstMessageInbound, noReplyReason: noReply, answered: answered)))
            }
            return facts
        }
    }
}

extension PostgresBackend {
    public func agentMessages(since: Date?, until: Date?) async throws -> [AgentMessage] {
        let logger = logger
        let from = since?.milliseconds ?? Int64.min
        let to = until?.milliseconds ?? Int64.max
        return try await read { connection in
            var result: [AgentMessage] = []
            for try await (agent, conversation, automatic, delivery) in try await connection.query(
                """
                SELECT m.agent, m.conversation_id, m.automatic, m.delivery
                FROM conversation c JOIN message m ON m.conversation_id = c.id
                WHERE c.first_message_at >= \(from) AND c.first_message_at < \(to)
                    AND m.direction = 'outbound' AND m.agent IS NOT NULL
                """, logger: logger
            ).decode((String, Int64, Bool, String?).self) {
                result.append(
                    AgentMessage(agent: agent, conversation: conversation, automatic: automatic, delivery: delivery))
            }
            return result
        }
    }

    public func outboundGroups(
        since: Date?, until: Date?
    ) async throws -> [(
        account: String?, answering: Bool, count: Int
    )] {
        let logger = logger
        let from = since?.milliseconds ?? Int64.min
        let to = until?.milliseconds ?? Int64.max
        return try await read { connection in
            var result: [(account: String?, answering: Bool, count: Int)] = []
            for try await (account, answering, count) in try await connection.query(
                """
                SELECT a.handle, m.in_reply_to IS NOT NULL, COUNT(*)
                FROM message m LEFT JOIN account a ON a.id = m.account_id
                WHERE m.direction = 'outbound' AND m.created_at >= \(from) AND m.created_at < \(to)
                GROUP BY a.handle, m.in_reply_to IS NOT NULL
                """, logger: logger
            ).decode((String?, Bool, Int64).self) {
                result.append((account, answering, Int(count)))
            }
            return result
        }
    }
}
