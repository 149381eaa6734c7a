import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Threading on PostgreSQL, a batch at a time: what the batch needs of the store is read in a few set-based queries,
/// ``IngestPlan`` threads every message in memory by the core's rules, and the rows are written in a few statements
/// over `unnest` of arrays, one round trip each, in one transaction.
///
/// Ingests hold a transaction-level advisory lock: two processes ingesting into one store (two `serve`s, or `serve`
/// and an import) take turns a batch at a time, so neither threads a message into a conversation the other is about
/// to start, and a batch that fails leaves nothing behind.
extension PostgresBackend {
    static let ingestLockKey: Int64 = 0x74_61_6E_67_69_6E_67

    public func ingest(
        _ messages: [IncomingMessage], facts: TextFacts, reports: [DeliveryReport]
    ) async throws -> IngestResult {
        guard !messages.isEmpty || !reports.isEmpty else { return IngestResult() }
        let stored = storedPolicy
        let logger = logger
        return try await write { connection in
            let policy = try await Self.policy(on: connection, logger: logger, stored)
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLockKey))", logger: logger)
            var result = try await Self.ingest(messages, facts: facts, policy: policy, on: connection, logger: logger)
            // Delivery reports in the same transaction: a request refused stores neither its messages nor its reports.
            for report in reports {
                if try await Self.applyReport(report, on: connection, logger: logger, policy: policy) {
                    result.reportsMatched += 1
                }
            }
            return result
        }
    }

    static func ingest(
        _ messages: [IncomingMessage], facts: TextFacts, policy: SLAPolicy, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> IngestResult {
        let lookup = try await Self.lookup(for: messages, on: connection, logger: logger)
        var plan = IngestPlan(messages, lookup: lookup)
        let (created, accounts) = try await Self.insertAccounts(
            plan.newAccounts, existing: lookup.accounts, on: connection, logger: logger)
        var customers: [IngestPlan.Key: Int64] = [:]
        for (key, row) in lookup.customers { customers[key] = row.id }
        for (key, id) in try await Self.writeCustomers(plan.customerRows, on: connection, logger: logger) {
            customers[key] = id
        }
        plan.place(accounts: created, customers: customers)
        try await plan.renumber(
            conversations: Self.nextIDs(of: "conversation", count: plan.started.count, on: connection, logger: logger),
            messages: Self.nextIDs(of: "message", count: plan.placed.count, on: connection, logger: logger))

        var stored: [Int64: [DerivedMessage]] = [:]
        let storedTouched = plan.storedTouched
        if !storedTouched.isEmpty {
            for try await row in try await connection.query(
                "SELECT \(unescaped: DerivedMessage.columns) FROM message WHERE conversation_id = ANY(\(storedTouched))",
                logger: logger)
            {
                let (conversation, message) = try DerivedMessage.decode(row)
                stored[conversation, default: []].append(message)
            }
        }
        let (outcomes, counted) = plan.derive(stored: stored, policy: policy, facts: facts, accounts: accounts)

        try await Self.insertConversations(outcomes.filter(\.isNew), on: connection, logger: logger)
        try await Self.updateConversations(outcomes.filter { !$0.isNew }, on: connection, logger: logger)
        try await Self.insertMessages(plan, on: connection, logger: logger)
        try await Self.writeMerges(plan, on: connection, logger: logger)
        try await Self.recordAnswers(outcomes, on: connection, logger: logger)
        try await Self.refreshCustomerCounts(counted, on: connection, logger: logger)
        var termHours = TermHours()
        for placed in plan.placed where plan.messages[placed.index].direction == .inbound {
            termHours.add(facts.trendTerms(of: plan.messages[placed.index].text), atMilliseconds: placed.createdAt)
        }
        try await Self.addTermCounts(termHours.rows, on: connection, logger: logger)

        var result = IngestResult()
        result.inserted = plan.placed.count
        result.duplicates = messages.count - plan.placed.count
        result.conversations = Set(outcomes.map { ConversationID($0.conversation.id) })
        return result
    }

    /// What the batch needs of the store, in six queries whatever its size. Each looks the batch's keys up one by one
    /// through an index (a `LATERAL` subquery behind `OFFSET 0`, which the planner cannot turn into a join): during a
    /// long import the tables' statistics lag far behind their size, and the planner would otherwise hash the whole
    /// message table for every batch (measured: a seq scan of the table per batch, the import slowing as it grows).
    static func lookup(
        for messages: [IncomingMessage], on connection: PostgresConnection, logger: Logger
    ) async throws -> IngestPlan.Lookup {
        typealias Key = IngestPlan.Key
        var lookup = IngestPlan.Lookup()
        let channels = messages.map(\.channel.rawValue)
        let ids = messages.map(\.externalID)
        for try await (channel, id) in try await connection.query(
            """
            SELECT b.channel, b.external_id FROM unnest(\(channels)::text[], \(ids)::text[]) AS b (channel, external_id)
            WHERE EXISTS (SELECT 1 FROM message m WHERE m.channel = b.channel AND m.external_id = b.external_id
                OFFSET 0)
            """, logger: logger
        ).decode((String, String).self) {
            lookup.stored.insert(Key(channel, id))
        }
        let answering = messages.filter { $0.inReplyTo != nil }
        var wanted = Set<Int64>()
        if !answering.isEmpty {
            for try await (channel, id, conversation) in try await connection.query(
                """
                SELECT b.channel, b.external_id, m.conversation_id
                FROM unnest(\(answering.map(\.channel.rawValue))::text[],
                    \(answering.map { $0.inReplyTo ?? "" })::text[]) AS b (channel, external_id)
                CROSS JOIN LATERAL (SELECT conversation_id FROM message m
                    WHERE m.channel = b.channel AND m.external_id = b.external_id OFFSET 0) AS m
                """, logger: logger
            ).decode((String, String, Int64).self) {
                lookup.parents[Key(channel, id)] = conversation
                wanted.insert(conversation)
            }
        }
        for try await (channel, id, conversation) in try await connection.query(
            """
            SELECT DISTINCT b.channel, b.external_id, m.conversation_id
            FROM unnest(\(channels)::text[], \(ids)::text[]) AS b (channel, external_id)
            CROSS JOIN LATERAL (SELECT conversation_id FROM message m
                WHERE m.channel = b.channel AND m.in_reply_to = b.external_id AND m.in_reply_to IS NOT NULL
                OFFSET 0) AS m
            """, logger: logger
        ).decode((String, String, Int64).self) {
            lookup.replies[Key(channel, id), default: []].append(conversation)
            wanted.insert(conversation)
        }
        for try await (id, channel, handle) in try await connection.query(
            "SELECT id, channel, handle FROM account WHERE channel = ANY(\(Array(Set(channels)).sorted()))",
            logger: logger
        ).decode((Int64, String, String).self) {
            lookup.accounts.append(IngestPlan.Account(id: id, channel: channel, handle: handle))
        }
        let authored = messages.filter(Threading.isFromCustomer)
        if !authored.isEmpty {
            for try await (id, channel, externalID, handle, name, followers, firstSeen) in try await connection.query(
                """
                SELECT c.id, c.channel, c.external_id, c.handle, c.name, c.followers, c.first_seen_at
                FROM (SELECT DISTINCT * FROM unnest(\(authored.map(\.channel.rawValue))::text[],
                    \(authored.map(\.author.id))::text[])) AS b (channel, external_id)
                CROSS JOIN LATERAL (SELECT * FROM customer c
                    WHERE c.channel = b.channel AND c.external_id = b.external_id OFFSET 0) AS c
                """, logger: logger
            ).decode((Int64, String, String, String?, String?, Int64?, Int64).self) {
                lookup.customers[Key(channel, externalID)] = IngestPlan.CustomerRow(
                    id: id, channel: channel, externalID: externalID, handle: handle, name: name,
                    followers: followers, firstSeenAt: firstSeen)
            }
        }
        // Private messages may join their customer's open private conversation.
        let privateCustomers = messages.filter { $0.visibility == .private && Threading.isFromCustomer($0) }
            .compactMap { lookup.customers[Key($0.channel.rawValue, $0.author.id)]?.id }
        guard !wanted.isEmpty || !privateCustomers.isEmpty else { return lookup }
        for try await row in try await connection.query(
            """
            SELECT id, channel, account_id, customer_id, visibility, status, status_changed_at, priority, assignee,
                claim_expires_at, snoozed_until, resolved_at, resolved_by, no_reply_reason, no_reply_at,
                last_message_at, external_id
            FROM conversation
            WHERE id = ANY(\(wanted.sorted()))
                OR (customer_id = ANY(\(Array(Set(privateCustomers)).sorted())) AND visibility = 'private')
            ORDER BY id FOR UPDATE
            """, logger: logger)
        {
            let (
                id, channel, account, customer, visibility, status, changedAt, priority, assignee, claimExpires,
                snoozedUntil, resolvedAt, resolvedBy, noReplyReason, noReplyAt, lastMessageAt, externalID
            ) = try row.decode(
                (
                    Int64, String, Int64?, Int64?, String, String, Int64, Int, String?, Int64?, Int64?, Int64?,
                    String?, String?, Int64?, Int64, String
                ).self)
            lookup.conversations[id] = IngestPlan.Conversation(
                id: id, channel: channel, accountID: account, customerID: customer,
                visibility: Visibility(rawValue: visibility) ?? .public,
                status: ConversationStatus(rawValue: status) ?? .open, statusChangedAt: changedAt,
                priority: Priority(rank: priority) ?? .normal, assignee: assignee, claimExpiresAt: claimExpires,
                snoozedUntil: snoozedUntil, resolvedAt: resolvedAt, resolvedBy: resolvedBy,
                noReplyReason: noReplyReason, noReplyAt: noReplyAt, lastMessageAt: lastMessageAt,
                externalID: externalID)
        }
        return lookup
    }

    /// Writes the accounts the batch names that the store lacks, in the order named; returns their ids by channel
    /// and match key, and every account of the batch's channels.
    static func insertAccounts(
        _ new: [IngestPlan.Key], existing: [IngestPlan.Account], on connection: PostgresConnection, logger: Logger
    ) async throws -> (created: [IngestPlan.Key: Int64], all: [IngestPlan.Account]) {
        guard !new.isEmpty else { return ([:], existing) }
        var created: [IngestPlan.Key: Int64] = [:]
        var all = existing
        for try await (id, channel, handle) in try await connection.query(
            """
            INSERT INTO account (channel, handle)
            SELECT channel, handle FROM unnest(\(new.map(\.channel))::text[], \(new.map(\.id))::text[])
                WITH ORDINALITY AS n (channel, handle, position)
            ORDER BY position
            ON CONFLICT DO NOTHING
            RETURNING id, channel, handle
            """, logger: logger
        ).decode((Int64, String, String).self) {
            created[IngestPlan.Key(channel, IngestPlan.Account.matchKey(handle))] = id
            all.append(IngestPlan.Account(id: id, channel: channel, handle: handle))
        }
        // A handle the unique index already holds in another case than ASCII letters differ by (`lower()` folds
        // more than ASCII): the account it names.
        for key in new where created[IngestPlan.Key(key.channel, IngestPlan.Account.matchKey(key.id))] == nil {
            if let id = try await connection.first(
                "SELECT id FROM account WHERE channel = \(key.channel) AND lower(handle) = lower(\(key.id))",
                as: Int64.self, logger: logger)
            {
                created[IngestPlan.Key(key.channel, IngestPlan.Account.matchKey(key.id))] = id
            }
        }
        return (created, all)
    }

    /// Writes the customer rows the batch changes or adds; returns the ids of the added ones.
    static func writeCustomers(
        _ rows: [IngestPlan.CustomerRow], on connection: PostgresConnection, logger: Logger
    ) async throws -> [IngestPlan.Key: Int64] {
        let changed = rows.filter { $0.id != nil }
        if !changed.isEmpty {
            var columns = ColumnArrays()
            columns.add("id", "int8", changed.map(\.id))
            columns.add("handle", "text", changed.map(\.handle))
            columns.add("name", "text", changed.map(\.name))
            columns.add("followers", "int8", changed.map(\.followers))
            columns.add("first_seen_at", "int8", changed.map(\.firstSeenAt))
            try await connection.query(
                columns.query(
                    """
                    UPDATE customer c SET handle = u.handle, name = u.name, followers = u.followers,
                        first_seen_at = u.first_seen_at
                    FROM \(columns.unnest) AS u (\(columns.names))
                    WHERE c.id = u.id
                    """), logger: logger)
        }
        let added = rows.filter { $0.id == nil }
        guard !added.isEmpty else { return [:] }
        var columns = ColumnArrays()
        columns.add("channel", "text", added.map(\.channel))
        columns.add("external_id", "text", added.map(\.externalID))
        columns.add("handle", "text", added.map(\.handle))
        columns.add("name", "text", added.map(\.name))
        columns.add("first_seen_at", "int8", added.map(\.firstSeenAt))
        columns.add("followers", "int8", added.map(\.followers))
        var ids: [IngestPlan.Key: Int64] = [:]
        for try await (id, channel, externalID) in try await connection.query(
            columns.query(
                """
                INSERT INTO customer (\(columns.names))
                SELECT \(columns.names) FROM \(columns.unnest) WITH ORDINALITY AS n (\(columns.names), position)
                ORDER BY position
                ON CONFLICT (channel, external_id) DO UPDATE SET
                    handle = COALESCE(EXCLUDED.handle, customer.handle), name = COALESCE(EXCLUDED.name, customer.name),
                    followers = COALESCE(EXCLUDED.followers, customer.followers),
                    first_seen_at = LEAST(customer.first_seen_at, EXCLUDED.first_seen_at)
                RETURNING id, channel, external_id
                """), logger: logger
        ).decode((Int64, String, String).self) {
            ids[IngestPlan.Key(channel, externalID)] = id
        }
        return ids
    }

    /// `count` new ids of `table`, in increasing order, from its identity sequence.
    static func nextIDs(
        of table: String, count: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int64] {
        guard count > 0 else { return [] }
        return try await connection.all(
            """
            SELECT nextval(pg_get_serial_sequence(\(table), 'id')) FROM generate_series(1, \(count))
            """, as: Int64.self, logger: logger
        ).sorted()
    }

    /// Writes the conversations the batch started that survive it, with their derived columns.
    static func insertConversations(
        _ outcomes: [IngestPlan.Outcome], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !outcomes.isEmpty else { return }
        var columns = ColumnArrays()
        columns.add("id", "int8", outcomes.map(\.conversation.id))
        columns.add("channel", "text", outcomes.map(\.conversation.channel))
        columns.add("status", "text", outcomes.map(\.conversation.status.rawValue))
        columns.add("status_changed_at", "int8", outcomes.map(\.conversation.statusChangedAt))
        columns.add("priority", "int8", outcomes.map { Int64($0.conversation.priority.rank) })
        columns.add("urgency", "int8", outcomes.map { Int64(3 - $0.conversation.priority.rank) })
        columns.add("visibility", "text", outcomes.map(\.conversation.visibility.rawValue))
        columns.add("assignee", "text", outcomes.map(\.conversation.assignee))
        columns.add("claim_expires_at", "int8", outcomes.map(\.conversation.claimExpiresAt))
        columns.add(
            "first_message_at", "int8", outcomes.map { $0.derived?.firstMessageAt ?? $0.conversation.lastMessageAt })
        columns.add(
            "last_message_at", "int8", outcomes.map { $0.derived?.lastMessageAt ?? $0.conversation.lastMessageAt })
        columns.add("external_id", "text", outcomes.map { $0.derived?.externalID ?? $0.conversation.externalID })
        columns.add(
            "account_id", "int8", outcomes.map { $0.derived == nil ? $0.conversation.accountID : $0.derived?.accountID }
        )
        columns.add(
            "customer_id", "int8",
            outcomes.map { $0.derived == nil ? $0.conversation.customerID : $0.derived?.customerID })
        columns.addDerived(outcomes.map(\.derived))
        // A conversation's first write is its revision 1 (`Revision`).
        columns.add("revision", "int8", outcomes.map { _ in Revision.first })
        try await connection.query(
            columns.query(
                """
                INSERT INTO conversation (\(columns.names))
                SELECT \(columns.names) FROM \(columns.unnest) AS n (\(columns.names))
                """), logger: logger)
    }

    /// Writes what the batch changed in stored conversations: their columns as the rules left them and, for those
    /// with messages other than notes, the derived columns.
    static func updateConversations(
        _ outcomes: [IngestPlan.Outcome], on connection: PostgresConnection, logger: Logger
    ) async throws {
        for derived in [true, false] {
            let chosen = outcomes.filter { ($0.derived != nil) == derived }
            guard !chosen.isEmpty else { continue }
            var columns = ColumnArrays()
            columns.add("id", "int8", chosen.map(\.conversation.id))
            columns.add("status", "text", chosen.map(\.conversation.status.rawValue))
            columns.add("status_changed_at", "int8", chosen.map(\.conversation.statusChangedAt))
            columns.add("priority", "int8", chosen.map { Int64($0.conversation.priority.rank) })
            columns.add("urgency", "int8", chosen.map { Int64(3 - $0.conversation.priority.rank) })
            columns.add("visibility", "text", chosen.map(\.conversation.visibility.rawValue))
            columns.add("assignee", "text", chosen.map(\.conversation.assignee))
            columns.add("claim_expires_at", "int8", chosen.map(\.conversation.claimExpiresAt))
            columns.add("snoozed_until", "int8", chosen.map(\.conversation.snoozedUntil))
            columns.add("resolved_at", "int8", chosen.map(\.conversation.resolvedAt))
            columns.add("resolved_by", "text", chosen.map(\.conversation.resolvedBy))
            columns.add("no_reply_reason", "text", chosen.map(\.conversation.noReplyReason))
            columns.add("no_reply_at", "int8", chosen.map(\.conversation.noReplyAt))
            if derived {
                columns.add("account_id", "int8", chosen.map { $0.derived?.accountID })
                columns.add("customer_id", "int8", chosen.map { $0.derived?.customerID })
                columns.add("external_id", "text", chosen.map { $0.derived?.externalID ?? "" })
                columns.add("first_message_at", "int8", chosen.map { $0.derived?.firstMessageAt ?? 0 })
                columns.add("last_message_at", "int8", chosen.map { $0.derived?.lastMessageAt ?? 0 })
                columns.addDerived(chosen.map(\.derived))
            } else {
                columns.add("account_id", "int8", chosen.map(\.conversation.accountID))
            }
            // Every write to a conversation bumps its revision (`Revision`).
            let assignments =
                (columns.list.dropFirst().map { "\($0.name) = u.\($0.name)" } + [Revision.bump])
                .joined(separator: ", ")
            try await connection.query(
                columns.query(
                    """
                    UPDATE conversation c SET \(assignments)
                    FROM \(columns.unnest) AS u (\(columns.names))
                    WHERE c.id = u.id
                    """), logger: logger)
        }
    }

    /// Writes every message of the batch into the conversation it ended in.
    static func insertMessages(_ plan: IngestPlan, on connection: PostgresConnection, logger: Logger) async throws {
        guard !plan.placed.isEmpty else { return }
        let placed = plan.placed
        let messages = placed.map { plan.messages[$0.index] }
        var columns = ColumnArrays()
        columns.add("id", "int8", placed.map(\.id))
        columns.add("conversation_id", "int8", placed.map { plan.home(of: $0.conversation) })
        columns.add("channel", "text", messages.map(\.channel.rawValue))
        columns.add("external_id", "text", messages.map(\.externalID))
        columns.add("in_reply_to", "text", messages.map(\.inReplyTo))
        columns.add("direction", "text", messages.map(\.direction.rawValue))
        columns.add("customer_id", "int8", placed.map(\.customerID))
        columns.add("account_id", "int8", placed.map(\.accountID))
        columns.add("author_id", "text", messages.map(\.author.id))
        columns.add("author_handle", "text", messages.map(\.author.handle))
        columns.add("author_name", "text", messages.map(\.author.name))
        columns.add("text", "text", messages.map(\.text))
        columns.add("created_at", "int8", placed.map(\.createdAt))
        columns.add("visibility", "text", messages.map(\.visibility.rawValue))
        columns.add("automatic", "bool", messages.map(\.automatic))
        columns.add("masked_personal_data", "int8", messages.map { Int64($0.maskedPersonalData ?? 0) })
        try await connection.query(
            columns.query(
                """
                INSERT INTO message (\(columns.names))
                SELECT \(columns.names) FROM \(columns.unnest) AS n (\(columns.names))
                """), logger: logger)
    }

    /// Carries out the batch's merges that the rows have not: the stored conversations merged away hand their
    /// messages, tags and aliases to their survivor and go; every conversation merged away answers as an alias of
    /// its survivor. (The survivors' columns were written with the others.)
    static func writeMerges(_ plan: IngestPlan, on connection: PostgresConnection, logger: Logger) async throws {
        guard !plan.merges.isEmpty else { return }
        let started = Set(plan.started)
        let losers = plan.merges.map(\.loser)
        let survivors = losers.map { plan.home(of: $0) }
        let stored = zip(losers, survivors).filter { !started.contains($0.0) }
        if !stored.isEmpty {
            let gone = stored.map(\.0)
            let kept = stored.map(\.1)
            // The messages and the aliases of each conversation merged away point at its survivor.
            for table in ["message", "conversation_alias"] {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            UPDATE \(table) x SET conversation_id = u.survivor
                            FROM unnest($1::int8[], $2::int8[]) AS u (loser, survivor)
                            WHERE x.conversation_id = u.loser
                            """, binds: Self.bindings(gone, kept)), logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO conversation_tag (conversation_id, tag)
                SELECT u.survivor, t.tag FROM conversation_tag t
                JOIN unnest(\(gone)::int8[], \(kept)::int8[]) AS u (loser, survivor) ON t.conversation_id = u.loser
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        try await connection.query(
            """
            INSERT INTO conversation_alias (merged_id, conversation_id)
            SELECT * FROM unnest(\(losers)::int8[], \(survivors)::int8[])
            ON CONFLICT (merged_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id
            """, logger: logger)
        if !stored.isEmpty {
            let gone = stored.map(\.0)
            try await connection.query(
                "DELETE FROM conversation_tag WHERE conversation_id = ANY(\(gone))", logger: logger)
            try await connection.query("DELETE FROM answered WHERE conversation_id = ANY(\(gone))", logger: logger)
            try await connection.query("DELETE FROM conversation WHERE id = ANY(\(gone))", logger: logger)
        }
    }

    /// Two arrays of ids as a statement's first two parameters.
    static func bindings(_ first: [Int64], _ second: [Int64]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 2)
        binds.append(first)
        binds.append(second)
        return binds
    }

    /// Remembers the answered conversations, once each (see `Derivation.answer`).
    static func recordAnswers(
        _ outcomes: [IngestPlan.Outcome], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let answered = outcomes.compactMap { outcome in outcome.answer.map { (outcome.conversation.id, $0) } }
        guard !answered.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO answered (conversation_id, terms, reply, customer_name, customer_handle)
            SELECT a.id, a.terms, a.reply, cu.name, cu.handle
            FROM unnest(\(answered.map(\.0))::int8[], \(answered.map(\.1.terms))::text[],
                \(answered.map(\.1.reply))::text[]) AS a (id, terms, reply)
            JOIN conversation c ON c.id = a.id LEFT JOIN customer cu ON cu.id = c.customer_id
            ORDER BY a.id
            ON CONFLICT (conversation_id) DO NOTHING
            """, logger: logger)
    }

    /// The first `@handle` in the text that names one of the brand's accounts on this channel.
    static func mentionedAccount(
        in text: String, channel: String, on connection: PostgresConnection, logger: Logger
    )
        async throws -> Int64?
    {
        let handles = Array(Mentions.handles(in: text).prefix(5))
        guard !handles.isEmpty else { return nil }
        var found: [String: Int64] = [:]
        for try await (id, handle) in try await connection.query(
            "SELECT id, handle FROM account WHERE channel = \(channel)", logger: logger
        ).decode((Int64, String).self) {
            found[IngestPlan.Account.matchKey(handle)] = id
        }
        return handles.lazy.compactMap { found[IngestPlan.Account.matchKey($0)] }.first
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

/// Columns of rows to write, each bound as one array (`NULL`s included) and read back as rows by `unnest`: one
/// statement and one round trip for any number of rows, with a statement text that does not grow with them.
struct ColumnArrays {
    private(set) var list: [(name: String, type: String)] = []
    private var binds = PostgresBindings()

    mutating func add<T: PostgresArrayEncodable & PostgresNonThrowingEncodable>(
        _ name: String, _ type: String, _ values: [T]
    ) {
        list.append((name, type))
        binds.append(values)
    }

    mutating func add<T: PostgresArrayEncodable & PostgresNonThrowingEncodable>(
        _ name: String, _ type: String, _ values: [T?]
    ) {
        list.append((name, type))
        binds.append(NullableArray(values))
    }

    /// The derived columns every conversation row carries (see `Derivation`); a conversation of notes only keeps
    /// a new row's.
    mutating func addDerived(_ derived: [Derivation?]) {
        add("snippet", "text", derived.map { $0?.snippet ?? "" })
        add("message_count", "int8", derived.map { Int64($0?.messageCount ?? 0) })
        add("first_message_inbound", "bool", derived.map { $0?.firstMessageInbound ?? false })
        add("first_inbound_at", "int8", derived.map { $0?.firstInboundAt })
        add("first_response_at", "int8", derived.map { $0?.firstResponseAt })
        add("first_responder", "text", derived.map { $0?.firstResponder })
        add("last_inbound_at", "int8", derived.map { $0?.lastInboundAt })
        add("last_outbound_at", "int8", derived.map { $0?.lastOutboundAt })
        add("awaiting_since", "int8", derived.map { $0?.awaitingSince })
        add("needs_reply", "bool", derived.map { $0?.needsReply ?? false })
        add("due_at", "int8", derived.map { $0?.dueAt ?? Derivation.notDue })
        add("sentiment", "float8", derived.map { $0?.sentiment })
        add("personal_data", "int8", derived.map { Int64($0?.personalData ?? 0) })
        add("intent", "text", derived.map { $0?.intent?.rawValue })
        add("reply_expected", "bool", derived.map { $0?.replyExpected ?? true })
        add("first_intent", "text", derived.map { $0?.firstIntent?.rawValue })
    }

    var names: String { list.map(\.name).joined(separator: ", ") }

    /// `unnest($1::type[], $2::type[], …)`.
    var unnest: String {
        "unnest(" + list.enumerated().map { "$\($0.offset + 1)::\($0.element.type)[]" }.joined(separator: ", ") + ")"
    }

    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

/// An array that may hold `NULL`s, in PostgreSQL's binary array format (postgres-nio encodes arrays of values only).
struct NullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable {
    let elements: [Element?]
    init(_ elements: [Element?]) { self.elements = elements }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        // Dimensions, whether there are NULLs, the element type; then the length and lower bound, and each element
        // with its length (-1 for NULL).
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            if let element {
                let start = buffer.writerIndex
                buffer.writeInteger(0, as: Int32.self)
                element.encode(into: &buffer, context: context)
                buffer.setInteger(Int32(buffer.writerIndex - start - 4), at: start)
            } else {
                buffer.writeInteger(-1, as: Int32.self)
            }
        }
    }
}
