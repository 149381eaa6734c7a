import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Threading on PostgreSQL, by the decisions of ``Threading``; the derived columns are then worked out by
/// `Derivation`.
///
/// Ingests hold a transaction-level advisory lock: two processes importing at once are serialised rather than
/// threading the same conversation twice.
extension PostgresBackend {
    static let ingestLockKey: Int64 = 0x74_61_6E_67_69_6E_67

    public func ingest(
        _ messages: [IncomingMessage], facts: TextFacts, reports: [DeliveryReport]
    ) async throws -> IngestResult {
        guard !messages.isEmpty || !reports.isEmpty else { return IngestResult() }
        let policy = policy
        let logger = logger
        return try await write { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLockKey))", logger: logger)
            var result = IngestResult()
            var touched = Set<Int64>()
            var customers = Set<Int64>()
            var started = Set<Int64>()
            var accounts: [String: Int64] = [:]
            var known = try await BatchKnowledge(messages, on: connection, logger: logger)
            for message in messages {
                guard
                    let placed = try await Self.insert(
                        message, accounts: &accounts, started: &started, known: &known, on: connection,
                        logger: logger)
                else {
                    result.duplicates += 1
                    continue
                }
                result.inserted += 1
                touched.insert(placed.conversation)
                touched.formUnion(placed.merged)
                customers.formUnion(placed.customers)
            }
            let survivors = try await Self.refreshDerived(
                Array(touched), on: connection, logger: logger, policy: policy, facts: facts)
            customers.formUnion(survivors.customers)
            try await Self.refreshCustomerCounts(customers, on: connection, logger: logger)
            result.conversations = Set(survivors.conversations.map { ConversationID($0) })
            for report in reports {
                if try await Self.applyReport(report, on: connection, logger: logger, policy: policy) {
                    result.reportsMatched += 1
                }
            }
            return result
        }
    }

    /// What a batch needs to know of the messages already stored, asked once for the whole batch rather than once
    /// a message: which of its messages are stored already, and which of them have replies waiting for them. Kept
    /// up to date as the batch is stored.
    struct BatchKnowledge {
        /// Channel and external id of every message stored, of those the batch names.
        var stored: Set<String>
        /// Channel and external id of the messages some stored reply answers, of those the batch names.
        var awaited: Set<String>

        static func key(_ channel: String, _ externalID: String) -> String { channel + "\u{0}" + externalID }

        init(_ messages: [IncomingMessage], on connection: PostgresConnection, logger: Logger) async throws {
            let channels = messages.map(\.channel.rawValue)
            let ids = messages.map(\.externalID)
            stored = []
            awaited = []
            for try await (channel, id) in try await connection.query(
                """
                SELECT m.channel, m.external_id FROM message m
                JOIN unnest(\(channels)::text[], \(ids)::text[]) AS b (channel, external_id)
                    ON m.channel = b.channel AND m.external_id = b.external_id
                """, logger: logger
            ).decode((String, String).self) {
                stored.insert(Self.key(channel, id))
            }
            for try await (channel, id) in try await connection.query(
                """
                SELECT DISTINCT m.channel, m.in_reply_to FROM message m
                JOIN unnest(\(channels)::text[], \(ids)::text[]) AS b (channel, external_id)
                    ON m.channel = b.channel AND m.in_reply_to = b.external_id
                """, logger: logger
            ).decode((String, String).self) {
                awaited.insert(Self.key(channel, id))
            }
        }
    }

    /// Stores one message and threads it; `nil` for a duplicate.
    static func insert(
        _ message: IncomingMessage, accounts: inout [String: Int64], started: inout Set<Int64>,
        known: inout BatchKnowledge, on connection: PostgresConnection, logger: Logger
    ) async throws -> Placement? {
        let channel = message.channel.rawValue
        let key = BatchKnowledge.key(channel, message.externalID)
        if known.stored.contains(key) { return nil }
        known.stored.insert(key)
        if let parent = message.inReplyTo { known.awaited.insert(BatchKnowledge.key(channel, parent)) }
        let createdAt = message.createdAt.milliseconds
        var accountID: Int64?
        if let handle = Threading.accountHandle(of: message) {
            let key = channel + "\u{0}" + handle
            if let known = accounts[key] {
                accountID = known
            } else {
                accountID = try await upsertAccount(channel: channel, handle: handle, on: connection, logger: logger)
                accounts[key] = accountID
            }
        } else if Threading.looksForMentionedAccount(message) {
            accountID = try await mentionedAccount(in: message.text, channel: channel, on: connection, logger: logger)
        }
        var customerID: Int64?
        if Threading.isFromCustomer(message) {
            let author = message.author
            let followers = author.followers.map(Int64.init)
            customerID = try await connection.first(
                """
                INSERT INTO customer (channel, external_id, handle, name, first_seen_at, followers)
                VALUES (\(channel), \(author.id), \(author.handle), \(author.name), \(createdAt), \(followers))
                ON CONFLICT (channel, external_id) DO UPDATE SET
                    handle = COALESCE(EXCLUDED.handle, customer.handle), name = COALESCE(EXCLUDED.name, customer.name),
                    followers = COALESCE(EXCLUDED.followers, customer.followers),
                    first_seen_at = LEAST(customer.first_seen_at, EXCLUDED.first_seen_at)
                RETURNING id
                """, as: Int64.self, logger: logger)
        }

        var conversationID: Int64?
        switch Threading.home(of: message, customerKnown: customerID != nil) {
        case .parent(let parent):
            conversationID = try await connection.first(
                "SELECT conversation_id FROM message WHERE channel = \(channel) AND external_id = \(parent)",
                as: Int64.self, logger: logger)
        case .openPrivate:
            guard let customerID else { break }
            var candidates: [Threading.Candidate] = []
            for try await (id, lastMessageAt, status, account) in try await connection.query(
                """
                SELECT id, last_message_at, status, account_id FROM conversation
                WHERE customer_id = \(customerID) AND channel = \(channel) AND visibility = 'private'
                """, logger: logger
            ).decode((Int64, Int64, String, Int64?).self) {
                candidates.append(
                    Threading.Candidate(
                        id: id, lastMessageAt: lastMessageAt, status: ConversationStatus(rawValue: status) ?? .open,
                        visibility: .private, accountID: account))
            }
            conversationID = Threading.openPrivate(among: candidates, accountID: accountID)
        case .new:
            break
        }
        if conversationID == nil {
            let id = try await connection.first(
                """
                INSERT INTO conversation (channel, account_id, customer_id, status_changed_at, visibility, external_id,
                    first_message_at, last_message_at)
                VALUES (\(channel), \(accountID), \(customerID), \(createdAt), \(message.visibility.rawValue),
                    \(message.externalID), \(createdAt), \(createdAt))
                RETURNING id
                """, as: Int64.self, logger: logger)
            conversationID = id
            if let id { started.insert(id) }
        }
        guard var target = conversationID else { return nil }
        try await connection.query(
            """
            INSERT INTO message (conversation_id, channel, external_id, in_reply_to, direction, customer_id, account_id,
                author_id, author_handle, author_name, text, created_at, visibility, automatic)
            VALUES (\(target), \(channel), \(message.externalID), \(message.inReplyTo), \(message.direction.rawValue),
                \(customerID), \(accountID), \(message.author.id), \(message.author.handle), \(message.author.name),
                \(message.text), \(createdAt), \(message.visibility.rawValue), \(message.automatic))
            """, logger: logger)
        if Threading.mayReopen(message, joinedExisting: !started.contains(target)) {
            try await reopenIfWaiting(target, at: createdAt, on: connection, logger: logger)
        }
        // Replies that arrived before this message now find their parent.
        var merged: [Int64] = []
        var mergedCustomers: [Int64] = []
        guard known.awaited.contains(key) else {
            return Placement(conversation: target, customers: [customerID].compactMap { $0 }, merged: [])
        }
        let orphans = try await connection.all(
            """
            SELECT DISTINCT conversation_id FROM message
            WHERE channel = \(channel) AND in_reply_to = \(message.externalID) AND conversation_id <> \(target)
            """, as: Int64.self, logger: logger)
        for orphan in orphans {
            let (survivor, loser) = Merge.order(target, orphan)
            if let customer = try await merge(loser, into: survivor, on: connection, logger: logger) {
                mergedCustomers.append(customer)
            }
            merged.append(loser)
            target = survivor
        }
        return Placement(
            conversation: target, customers: [customerID].compactMap { $0 } + mergedCustomers, merged: merged)
    }

    /// Moves everything of `loser` into `survivor` and leaves an alias behind; returns the loser's customer.
    static func merge(
        _ loser: Int64, into survivor: Int64, on connection: PostgresConnection, logger: Logger
    )
        async throws -> Int64?
    {
        guard let kept = try await row(survivor, on: connection, logger: logger),
            let gone = try await row(loser, on: connection, logger: logger)
        else { return nil }
        try await connection.query(
            "UPDATE message SET conversation_id = \(survivor) WHERE conversation_id = \(loser)", logger: logger)
        try await connection.query(
            """
            INSERT INTO conversation_tag (conversation_id, tag)
            SELECT \(survivor), tag FROM conversation_tag WHERE conversation_id = \(loser)
            ON CONFLICT DO NOTHING
            """, logger: logger)
        try await connection.query("DELETE FROM conversation_tag WHERE conversation_id = \(loser)", logger: logger)
        try await write(Merge.patch(kept: kept, gone: gone), to: survivor, on: connection, logger: logger)
        try await connection.query(
            "UPDATE conversation_alias SET conversation_id = \(survivor) WHERE conversation_id = \(loser)",
            logger: logger)
        try await connection.query(
            """
            INSERT INTO conversation_alias (merged_id, conversation_id) VALUES (\(loser), \(survivor))
            ON CONFLICT (merged_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id
            """, logger: logger)
        try await connection.query("DELETE FROM answered WHERE conversation_id = \(loser)", logger: logger)
        try await connection.query("DELETE FROM conversation WHERE id = \(loser)", logger: logger)
        return gone.customerID
    }

    /// A customer writing again may bring the conversation back to the queue (see ``Reopening``).
    static func reopenIfWaiting(
        _ conversation: Int64, at createdAt: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        var found: (String, Int64)?
        for try await row in try await connection.query(
            "SELECT status, status_changed_at FROM conversation WHERE id = \(conversation)", logger: logger
        ).decode((String, Int64).self) {
            found = row
        }
        guard let (status, changedAt) = found, let status = ConversationStatus(rawValue: status),
            let patch = Reopening.patch(status: status, statusChangedAt: changedAt, inboundAt: createdAt)
        else { return }
        try await write(patch, to: conversation, on: connection, logger: logger)
    }

    static func upsertAccount(
        channel: String, handle: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64? {
        try await connection.query(
            "INSERT INTO account (channel, handle) VALUES (\(channel), \(handle)) ON CONFLICT DO NOTHING",
            logger: logger)
        return try await connection.first(
            "SELECT id FROM account WHERE channel = \(channel) AND lower(handle) = lower(\(handle))", as: Int64.self,
            logger: logger)
    }

    /// The first `@handle` in the text that names one of the brand's accounts on this channel.
    static func mentionedAccount(
        in text: String, channel: String, on connection: PostgresConnection, logger: Logger
    )
        async throws -> Int64?
    {
        for handle in Mentions.handles(in: text).prefix(5) {
            if let id = try await connection.first(
                "SELECT id FROM account WHERE channel = \(channel) AND lower(handle) = lower(\(handle))",
                as: Int64.self, logger: logger)
            {
                return id
            }
        }
        return nil
    }

    static func refreshCustomerCounts(
        _ customers: Set<Int64>, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        guard !customers.isEmpty else { return }
        try await connection.query(
            """
            UPDATE customer SET conversation_count = (SELECT COUNT(*) FROM conversation c WHERE c.customer_id = customer.id)
            WHERE id = ANY(\(Array(customers).sorted()))
            """, logger: logger)
    }
}
