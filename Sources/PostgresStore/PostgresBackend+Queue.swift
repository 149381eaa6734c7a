import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Queue views on PostgreSQL, keyset-paged in each view's order (``QueueView/ordering``), counts, the sweep of expired claims and finished snoozes, and the facts reports are made of.
extension PostgresBackend {
    /// A query whose parameters are numbered as they are added.
    struct QueryBuilder {
        var sql = ""
        var binds = PostgresBindings()

        /// Adds a parameter and returns its placeholder.
        mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }

        var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
    }

    public func page(
        _ view: QueueView, filter: QueueFilter, agent: String, after cursor: QueueCursor?, limit: Int, now: Date
    ) async throws -> QueuePage {
        try await sweepIfNeeded(now: now)
        let (keys, descending) = view.ordering
        let keyColumns = keys.map { "c.\($0.rawValue)" } + ["c.id"]
        if let cursor, cursor.keys.count != keyColumns.count {
            throw StoreError.invalid("that queue cursor is malformed; start again without --after")
        }
        var builder = QueryBuilder()
        var condition =
            switch view {
            case .needsReply: "c.needs_reply"
            case .probablyNoReply: "c.needs_reply AND NOT c.reply_expected"
            case .unhappy: "c.needs_reply AND c.sentiment <= \(Mood.unhappyAtOrBelow)"
            case .mine: "c.assignee = \(builder.bind(agent)) AND c.status <> 'resolved'"
            case .unassigned: "c.assignee IS NULL AND c.status IN ('new', 'open')"
            case .pending: "c.status = 'pending'"
            case .snoozed: "c.status = 'snoozed'"
            case .resolved: "c.status = 'resolved'"
            case .all: "TRUE"
            }
        if let status = filter.status { condition += " AND c.status = \(builder.bind(status.rawValue))" }
        if let channel = filter.channel { condition += " AND c.channel = \(builder.bind(channel.rawValue))" }
        if let assignee = filter.assignee { condition += " AND c.assignee = \(builder.bind(assignee))" }
        if filter.unclaimed { condition += " AND c.assignee IS NULL" }
        if let agent = filter.freeFor {
            condition += " AND (c.assignee IS NULL OR c.assignee = \(builder.bind(agent)))"
        }
        if let intent = filter.intent { condition += " AND c.intent = \(builder.bind(intent.rawValue))" }
        if let ids = filter.ids { condition += " AND c.id = ANY(\(builder.bind(ids.map(\.rawValue))))" }
        if let tag = filter.tag {
            condition +=
                " AND EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = \(builder.bind(tag)))"
        }
        if let text = filter.text {
            let pattern = builder.bind(QueueFilter.likePattern(text))
            // SQLite's LIKE ignores ASCII case; ILIKE does the same here.
            condition += """
                 AND (c.snippet ILIKE \(pattern) ESCAPE '!' OR c.customer_id IN
                    (SELECT id FROM customer WHERE handle ILIKE \(pattern) ESCAPE '!' OR name ILIKE \(pattern) ESCAPE '!'))
                """
        }
        if let cursor {
            let placeholders = cursor.keys.map { builder.bind($0) }
            condition +=
                " AND (\(keyColumns.joined(separator: ", "))) \(descending ? "<" : ">") (\(placeholders.joined(separator: ", ")))"
        }
        let direction = descending ? "DESC" : "ASC"
        let order = keyColumns.map { "\($0) \(direction)" }.joined(separator: ", ")
        builder.sql = """
            SELECT \(keyColumns.joined(separator: ", ")) FROM conversation c
            WHERE \(condition) ORDER BY \(order) LIMIT \(builder.bind(limit + 1))
            """
        let query = builder.query
        let logger = logger
        return try await read { connection in
            var keys: [[Int64]] = []
            for try await row in try await connection.query(query, logger: logger) {
                let cells = row.makeRandomAccess()
                keys.append(try (0..<keyColumns.count).map { (try cells[$0].decode(Int64?.self)) ?? 0 })
            }
            var next: QueueCursor?
            if keys.count > limit {
                keys.removeLast()
                if let last = keys.last { next = QueueCursor(view: view, keys: last) }
            }
            let ids = keys.map { $0[$0.count - 1] }
            let conversations = try await Self.conversations(ids, on: connection, logger: logger)
            return QueuePage(conversations: conversations, next: next)
        }
    }

    /// Conversations by id, in the order given, with their tags.
    static func conversations(
        _ ids: [Int64], on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [Conversation]
    {
        guard !ids.isEmpty else { return [] }
        var tags: [Int64: [String]] = [:]
        for try await (id, tag) in try await connection.query(
            "SELECT conversation_id, tag FROM conversation_tag WHERE conversation_id = ANY(\(ids)) ORDER BY tag",
            logger: logger
        ).decode((Int64, String).self) {
            tags[id, default: []].append(tag)
        }
        var byID: [Int64: Conversation] = [:]
        for try await row in try await connection.query(
            "SELECT \(unescaped: conversationColumns) \(unescaped: conversationJoins) WHERE c.id = ANY(\(ids))",
            logger: logger)
        {
            let id = try row.makeRandomAccess()[0].decode(Int64.self)
            byID[id] = try conversation(from: row, tags: tags[id] ?? [])
        }
        return ids.compactMap { byID[$0] }
    }

    public func counts(agent: String, now: Date) async throws -> QueueCounts {
        try await sweepIfNeeded(now: now)
        let logger = logger
        let at = now.milliseconds
        return try await read { connection in
            for try await (needsReply, breaching, mine) in try await connection.query(
                """
                SELECT
                    (SELECT COUNT(*) FROM conversation WHERE needs_reply),
                    (SELECT COUNT(*) FROM conversation WHERE needs_reply AND due_at < \(at)),
                    (SELECT COUNT(*) FROM conversation WHERE assignee = \(agent) AND status <> 'resolved')
                """, logger: logger
            ).decode((Int64, Int64, Int64).self) {
                return QueueCounts(needsReply: Int(needsReply), breaching: Int(breaching), mine: Int(mine))
            }
            return QueueCounts(needsReply: 0, breaching: 0, mine: 0)
        }
    }

    /// Returns expired claims to the queue and wakes snoozed conversations whose time has come. Cheap when there is
    /// nothing to do: one indexed read.
    func sweepIfNeeded(now: Date) async throws {
        let at = now.milliseconds
        let logger = logger
        let due = try await read { connection in
            try await connection.first(
                """
                SELECT EXISTS (SELECT 1 FROM conversation WHERE claim_expires_at <= \(at))
                    OR EXISTS (SELECT 1 FROM conversation WHERE status = 'snoozed' AND snoozed_until <= \(at))
                """, as: Bool.self, logger: logger) ?? false
        }
        guard due else { return }
        let stored = storedPolicy
        _ = try await write { connection in
            let policy = try await Self.policy(on: connection, logger: logger, stored)
            return try await Self.sweep(now: at, on: connection, logger: logger, policy: policy)
        }
    }

    /// Inside a write transaction: expired claims and finished snoozes (see ``ClaimSweep``). Returns the
    /// conversations it woke.
    @discardableResult
    static func sweep(
        now: Int64, on connection: PostgresConnection, logger: Logger, policy: SLAPolicy
    ) async throws -> [Int64] {
        let due = try await connection.all(
            """
            SELECT id FROM conversation WHERE claim_expires_at <= \(now)
            UNION SELECT id FROM conversation WHERE status = 'snoozed' AND snoozed_until <= \(now)
            ORDER BY 1
            """, as: Int64.self, logger: logger)
        var woken: [Int64] = []
        var patches: [(id: Int64, patch: ConversationPatch)] = []
        for row in try await rows(due, locking: true, on: connection, logger: logger) {
            guard let patch = ClaimSweep.patch(for: row, now: now) else { continue }
            patches.append((row.id, patch))
            if ClaimSweep.wakes(row, now: now) { woken.append(row.id) }
        }
        try await writeColumns(of: patches, on: connection, logger: logger)
        _ = try await refreshDerived(woken, on: connection, logger: logger, policy: policy)
        return woken
    }

}
