import ConversationStore
import Foundation
import Logging
import PostgresNIO
import TextAnalysis

/// Reading conversations and messages back into the public model.
extension PostgresBackend {
    static let conversationColumns = """
        c.id, c.channel, a.handle, cu.external_id, cu.handle, cu.name, cu.first_seen_at, cu.conversation_count,
        cu.followers, c.status, c.priority, c.assignee, c.claim_expires_at, c.visibility, c.external_id, c.snippet,
        c.message_count, c.first_message_at, c.first_inbound_at, c.first_response_at, c.first_responder,
        c.last_inbound_at, c.last_outbound_at, c.last_message_at, c.awaiting_since, c.needs_reply, c.due_at,
        c.snoozed_until, c.resolved_at, c.no_reply_reason, c.first_message_inbound, c.sentiment, c.revision,
        c.personal_data, c.intent, c.reply_expected
        """
    static let conversationJoins = """
        FROM conversation c
        LEFT JOIN account a ON a.id = c.account_id
        LEFT JOIN customer cu ON cu.id = c.customer_id
        """

    static func conversation(from row: PostgresRow, tags: [String]) throws -> Conversation {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _: T.Type = T.self) throws -> T {
            try cells[index].decode(T.self)
        }
        let channel = Channel(rawValue: try value(1)) ?? .web
        var customer: Customer?
        if let externalID: String = try value(3) {
            customer = Customer(
                channel: channel, externalID: externalID, handle: try value(4), name: try value(5),
                firstSeenAt: Date(milliseconds: try value(6)), conversationCount: try value(7),
                followers: (try value(8, Int64?.self)).map(Int.init))
        }
        let needsReply: Bool = try value(25)
        let due: Int64 = try value(26)
        let noReplyReason: String? = try value(29)
        return Conversation(
            id: ConversationID(try value(0)), channel: channel, account: try value(2), customer: customer,
            status: ConversationStatus(rawValue: try value(9)) ?? .open,
            priority: Priority(rank: try value(10)) ?? .normal, assignee: try value(11),
            claimExpiresAt: date(try value(12)), visibility: Visibility(rawValue: try value(13)) ?? .public,
            tags: tags, externalID: try value(14), snippet: try value(15), messageCount: try value(16),
            firstMessageAt: Date(milliseconds: try value(17)), firstInboundAt: date(try value(18)),
            firstResponseAt: date(try value(19)), firstResponder: try value(20), lastInboundAt: date(try value(21)),
            lastOutboundAt: date(try value(22)), lastMessageAt: Date(milliseconds: try value(23)),
            awaitingReplySince: date(try value(24)), needsReply: needsReply,
            slaDueAt: needsReply && due != Derivation.notDue ? Date(milliseconds: due) : nil,
            snoozedUntil: date(try value(27)), resolvedAt: date(try value(28)), noReplyReason: noReplyReason,
            needsResponse: NeedsResponse.test(
                firstMessageInbound: try value(30), noReplyReason: noReplyReason,
                answered: (try value(19, Int64?.self)) != nil),
            sentiment: try value(31), revision: try value(32),
            personalData: PersonalDataRules.kinds(bits: Int(try value(33, Int64.self))),
            intent: (try value(34, String?.self)).flatMap(Intent.init(rawValue:)), replyExpected: try value(35))
    }

    static func date(_ milliseconds: Int64?) -> Date? { milliseconds.map(Date.init(milliseconds:)) }

    static let messageColumns = """
        id, conversation_id, channel, external_id, in_reply_to, direction, author_id, author_handle, author_name, agent,
        text, created_at, visibility, delivery, delivery_error, automatic
        """

    static func message(from row: PostgresRow) throws -> Message {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _: T.Type = T.self) throws -> T {
            try cells[index].decode(T.self)
        }
        return Message(
            id: try value(0), conversation: ConversationID(try value(1)),
            channel: Channel(rawValue: try value(2)) ?? .web, externalID: try value(3), inReplyTo: try value(4),
            direction: MessageDirection(rawValue: try value(5)) ?? .note, authorID: try value(6),
            authorHandle: try value(7), authorName: try value(8), agent: try value(9), text: try value(10),
            createdAt: Date(milliseconds: try value(11)), visibility: Visibility(rawValue: try value(12)) ?? .public,
            delivery: (try value(13, String?.self)).flatMap(DeliveryState.init(rawValue:)),
            deliveryError: try value(14), automatic: try value(15))
    }

    /// Follows merge aliases; `nil` when the id names nothing.
    static func resolve(_ id: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        try await connection.first(
            """
            SELECT id FROM conversation WHERE id = \(id)
            UNION ALL SELECT conversation_id FROM conversation_alias WHERE merged_id = \(id)
            LIMIT 1
            """, as: Int64.self, logger: logger)
    }

    static func conversation(
        _ id: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> Conversation?
    {
        try await conversation(where: "c.id = \(id)", on: connection, logger: logger)
    }

    /// The conversation an id names, following merge aliases, with its tags: one round trip.
    static func conversation(
        resolving id: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> Conversation?
    {
        try await conversation(
            where: """
                c.id = (SELECT id FROM conversation WHERE id = \(id)
                    UNION ALL SELECT conversation_id FROM conversation_alias WHERE merged_id = \(id) LIMIT 1)
                """, on: connection, logger: logger)
    }

    private static func conversation(
        where condition: PostgresQuery, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> Conversation?
    {
        var query: PostgresQuery = """
            SELECT \(unescaped: conversationColumns),
                ARRAY(SELECT t.tag FROM conversation_tag t WHERE t.conversation_id = c.id ORDER BY t.tag)
            \(unescaped: conversationJoins) WHERE
            """
        query.sql += " " + condition.sql
        query.binds = condition.binds
        for try await row in try await connection.query(query, logger: logger) {
            let tags = try row.makeRandomAccess()[conversationColumnCount].decode([String].self)
            return try conversation(from: row, tags: tags)
        }
        return nil
    }

    /// How many columns ``conversationColumns`` names.
    static let conversationColumnCount = conversationColumns.split(separator: ",").count

    public func thread(_ id: ConversationID) async throws -> ConversationThread? {
        let logger = logger
        return try await read { connection in
            guard let conversation = try await Self.conversation(resolving: id.rawValue, on: connection, logger: logger)
            else { return nil }
            var messages: [Message] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.messageColumns) FROM message WHERE conversation_id = \(conversation.id.rawValue)
                ORDER BY created_at, id
                """, logger: logger)
            {
                messages.append(try Self.message(from: row))
            }
            return ConversationThread(conversation: conversation, messages: messages)
        }
    }

    public func conversation(containing externalID: String) async throws -> ConversationID? {
        let logger = logger
        return try await read { connection in
            // The message's channel is not known, and PostgreSQL does not skip through an index's leading column on
            // its own: the channels are walked through the (channel, external_id) index, a probe each, rather than
            // every message read.
            try await connection.first(
                """
                WITH RECURSIVE channels (channel) AS (
                    (SELECT channel FROM message ORDER BY channel LIMIT 1)
                    UNION ALL
                    SELECT (SELECT m.channel FROM message m WHERE m.channel > channels.channel ORDER BY m.channel LIMIT 1)
                    FROM channels WHERE channels.channel IS NOT NULL
                )
                SELECT m.conversation_id FROM channels
                JOIN message m ON m.channel = channels.channel AND m.external_id = \(externalID)
                LIMIT 1
                """, as: Int64.self, logger: logger
            ).map { ConversationID($0) }
        }
    }

    public func conversationCount() async throws -> Int {
        let logger = logger
        return try await read { connection in
            Int(try await connection.first("SELECT COUNT(*) FROM conversation", as: Int64.self, logger: logger) ?? 0)
        }
    }
}
