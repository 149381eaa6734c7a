import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// The derived columns on PostgreSQL: the conversations' messages are read in one query, `Derivation` works the
/// columns out, and each conversation is updated once.
extension PostgresBackend {
    static func refreshDerived(
        _ ids: [Int64], on connection: PostgresConnection, logger: Logger, policy: SLAPolicy,
        facts: TextFacts = TextFacts()
    ) async throws -> Refreshed {
        guard !ids.isEmpty else { return Refreshed(conversations: [], customers: []) }
        // Ids merged away are followed to their survivor.
        let resolved = try await connection.all(
            """
            SELECT DISTINCT COALESCE(c.id, al.conversation_id)
            FROM unnest(\(ids)) AS requested (id)
            LEFT JOIN conversation c ON c.id = requested.id
            LEFT JOIN conversation_alias al ON al.merged_id = requested.id
            WHERE c.id IS NOT NULL OR al.conversation_id IS NOT NULL
            """, as: Int64.self, logger: logger
        ).sorted()
        var states: [Int64: Derivation.State] = [:]
        for try await (id, channel, status, priority, account, customer, noReplyAt) in try await connection.query(
            """
            SELECT id, channel, status, priority, account_id, customer_id, no_reply_at
            FROM conversation WHERE id = ANY(\(resolved))
            """, logger: logger
        ).decode((Int64, String, String, Int, Int64?, Int64?, Int64?).self) {
            states[id] = Derivation.State(
                channel: channel, status: ConversationStatus(rawValue: status) ?? .open,
                priority: Priority(rank: priority) ?? .normal, accountID: account, customerID: customer,
                noReplyAt: noReplyAt)
        }
        var messages: [Int64: [DerivedMessage]] = [:]
        for try await row in try await connection.query(
            "SELECT \(unescaped: DerivedMessage.columns) FROM message WHERE conversation_id = ANY(\(resolved))",
            logger: logger)
        {
            let (conversation, message) = try DerivedMessage.decode(row)
            messages[conversation, default: []].append(message)
        }
        var customers = Set<Int64>()
        for id in resolved {
            guard let state = states[id],
                var derived = Derivation(state: state, messages: messages[id] ?? [], policy: policy, facts: facts)
            else { continue }
            if derived.accountID == nil, let text = derived.earliestInboundText {
                derived.accountID = try await mentionedAccount(
                    in: text, channel: state.channel, on: connection, logger: logger)
            }
            try await connection.query(
                """
                UPDATE conversation SET
                    account_id = \(derived.accountID), customer_id = \(derived.customerID),
                    external_id = \(derived.externalID), snippet = \(derived.snippet),
                    message_count = \(derived.messageCount), first_message_at = \(derived.firstMessageAt),
                    first_message_inbound = \(derived.firstMessageInbound), first_inbound_at = \(derived.firstInboundAt),
                    first_response_at = \(derived.firstResponseAt), first_responder = \(derived.firstResponder),
                    last_inbound_at = \(derived.lastInboundAt), last_outbound_at = \(derived.lastOutboundAt),
                    last_message_at = \(derived.lastMessageAt), awaiting_since = \(derived.awaitingSince),
                    needs_reply = \(derived.needsReply), due_at = \(derived.dueAt), sentiment = \(derived.sentiment),
                    personal_data = \(Int64(derived.personalData)), intent = \(derived.intent?.rawValue),
                    reply_expected = \(derived.replyExpected), first_intent = \(derived.firstIntent?.rawValue),
                    \(unescaped: Revision.bump)
                WHERE id = \(id)
                """, logger: logger)
            if derived.firstResponseAt != nil {
                try await recordAnswer(id, messages: messages[id] ?? [], on: connection, logger: logger, facts: facts)
            }
            customers.formUnion(derived.changedCustomers)
        }
        return Refreshed(conversations: resolved, customers: customers)
    }

    /// Remembers an answered conversation, once (see `Derivation.answer`).
    static func recordAnswer(
        _ id: Int64, messages: [DerivedMessage], on connection: PostgresConnection, logger: Logger, facts: TextFacts
    ) async throws {
        guard let (terms, reply) = Derivation.answer(of: messages, facts: facts) else { return }
        try await connection.query(
            """
            INSERT INTO answered (conversation_id, terms, reply, customer_name, customer_handle)
            SELECT c.id, \(terms), \(reply), cu.name, cu.handle
            FROM conversation c LEFT JOIN customer cu ON cu.id = c.customer_id WHERE c.id = \(id)
            ON CONFLICT (conversation_id) DO NOTHING
            """, logger: logger)
    }
}

extension DerivedMessage {
    /// A message row of `columns`, with its conversation.
    static func decode(_ row: PostgresRow) throws -> (conversation: Int64, message: DerivedMessage) {
        let (
            conversation, id, externalID, direction, createdAt, automatic, delivery, agent, authorHandle, authorID,
            text, customerID, accountID, visibility, masked
        ) = try row.decode(
            (
                Int64, Int64, String, String, Int64, Bool, String?, String?, String?, String, String, Int64?,
                Int64?, String, Int64
            ).self)
        return (
            conversation,
            DerivedMessage(
                id: id, externalID: externalID, direction: direction, createdAt: createdAt, automatic: automatic,
                delivery: delivery, agent: agent, authorHandle: authorHandle, authorID: authorID, text: text,
                customerID: customerID, accountID: accountID, visibility: visibility,
                maskedPersonalData: Int(masked))
        )
    }
}
