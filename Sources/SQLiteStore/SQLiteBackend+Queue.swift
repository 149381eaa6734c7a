import ConversationStore
import Foundation
import GRDB

/// Queue views, keyset-paged: each view is a filter and a sort key with an index behind it, and a page continues
/// from the last key seen (`(key1, key2, id) > (?, ?, ?)`), never with `OFFSET`.
extension SQLiteBackend {
    /// Which rows a view holds, and the index that holds them in the view's order (see ``QueueView/ordering``);
    /// named so the planner cannot pick a filter-only index and sort the whole view.
    static func plan(_ view: QueueView) -> (index: String, filter: String) {
        switch view {
        case .needsReply: ("conversation_needs_reply", "c.needs_reply = 1")
        case .probablyNoReply: ("conversation_needs_reply", "c.needs_reply = 1 AND c.reply_expected = 0")
        case .unhappy: ("conversation_unhappy", "c.needs_reply = 1 AND c.sentiment <= \(Mood.unhappyAtOrBelow)")
        case .mine: ("conversation_assigned", "c.assignee = :agent AND c.status != 'resolved'")
        case .unassigned: ("conversation_unassigned", "c.assignee IS NULL AND c.status IN ('new', 'open')")
        case .pending: ("conversation_status_activity", "c.status = 'pending'")
        case .snoozed: ("conversation_snoozed", "c.status = 'snoozed'")
        case .resolved: ("conversation_resolved", "c.status = 'resolved'")
        case .all: ("conversation_activity", "1")
        }
    }

    public func page(
        _ view: QueueView, filter: QueueFilter, agent: String, after cursor: QueueCursor?, limit: Int, now: Date
    ) async throws -> QueuePage {
        try await sweepIfNeeded(now: now)
        let plan = Self.plan(view)
        let (keys, descending) = view.ordering
        let keyColumns = keys.map { "c.\($0.rawValue)" } + ["c.id"]
        if let cursor, cursor.keys.count != keyColumns.count {
            throw StoreError.invalid("that queue cursor is malformed; start again without --after")
        }
        return try await read { db in
            var arguments: [String: (any DatabaseValueConvertible)?] = ["agent": agent, "limit": limit + 1]
            var condition = plan.filter
            if let status = filter.status {
                condition += " AND c.status = :status"
                arguments["status"] = status.rawValue
            }
            if let channel = filter.channel {
                condition += " AND c.channel = :channel"
                arguments["channel"] = channel.rawValue
            }
            if let assignee = filter.assignee {
                condition += " AND c.assignee = :assignee"
                arguments["assignee"] = assignee
            }
            if filter.unclaimed { condition += " AND c.assignee IS NULL" }
            if let agent = filter.freeFor {
                condition += " AND (c.assignee IS NULL OR c.assignee = :freeFor)"
                arguments["freeFor"] = agent
            }
            if let intent = filter.intent {
                condition += " AND c.intent = :intent"
                arguments["intent"] = intent.rawValue
            }
            if let ids = filter.ids {
                // One statement for any number of ids: the list goes in as JSON.
                condition += " AND c.id IN (SELECT value FROM json_each(:ids))"
                arguments["ids"] = "[" + ids.map { String($0.rawValue) }.joined(separator: ",") + "]"
            }
            if let tag = filter.tag {
                condition +=
                    " AND EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id AND t.tag = :tag)"
                arguments["tag"] = tag
            }
            if let text = filter.text {
                condition += """
                     AND (c.snippet LIKE :text ESCAPE '!' OR c.customer_id IN
                        (SELECT id FROM customer WHERE handle LIKE :text ESCAPE '!' OR name LIKE :text ESCAPE '!'))
                    """
                arguments["text"] = QueueFilter.likePattern(text)
            }
            if let cursor {
                let names = cursor.keys.indices.map { "k\($0)" }
                for (name, value) in zip(names, cursor.keys) { arguments[name] = value }
                condition +=
                    " AND (\(keyColumns.joined(separator: ", "))) \(descending ? "<" : ">") (\(names.map { ":" + $0 }.joined(separator: ", ")))"
            }
            let direction = descending ? "DESC" : "ASC"
            let order = keyColumns.map { "\($0) \(direction)" }.joined(separator: ", ")
            let keySelect = keyColumns.enumerated().map { "\($0.element) AS sort_key_\($0.offset)" }.joined(
                separator: ", ")
            let sql = """
                SELECT c.id, \(keySelect) FROM conversation c INDEXED BY \(plan.index)
                WHERE \(condition) ORDER BY \(order) LIMIT :limit
                """
            var rows = try Row.fetchAll(db, cached: sql, arguments: StatementArguments(arguments))
            var next: QueueCursor?
            if rows.count > limit {
                rows.removeLast()
                if let last = rows.last {
                    next = QueueCursor(
                        view: view, keys: keyColumns.indices.map { (last["sort_key_\($0)"] as Int64?) ?? 0 })
                }
            }
            let ids = rows.map { $0["id"] as Int64 }
            let conversations = try Self.conversations(
                sql: """
                    SELECT \(Self.conversationColumns) \(Self.conversationJoins)
                    WHERE c.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments(ids), db: db)
            let byID = Dictionary(uniqueKeysWithValues: conversations.map { ($0.id.rawValue, $0) })
            return QueuePage(conversations: ids.compactMap { byID[$0] }, next: next)
        }
    }

    /// Returns expired claims to the queue and wakes snoozed conversations whose time has come. Cheap when there is
    /// nothing to do: one indexed read.
    func sweepIfNeeded(now: Date) async throws {
        let at = now.milliseconds
        let due = try await read { db in
            try Bool.fetchOne(
                db,
                cached: """
                    SELECT EXISTS (SELECT 1 FROM conversation WHERE claim_expires_at <= ?)
                        OR EXISTS (SELECT 1 FROM conversation WHERE status = 'snoozed' AND snoozed_until <= ?)
                    """, arguments: [at, at]) ?? false
        }
        guard due else { return }
        let stored = storedPolicy
        _ = try await write { db in try Self.sweep(now: at, db: db, policy: try Self.policy(in: db, stored)) }
    }

    /// Inside a write transaction: expired claims and finished snoozes (see ``ClaimSweep``). Returns the
    /// conversations it woke.
    @discardableResult
    static func sweep(now: Int64, db: Database, policy: SLAPolicy) throws -> [Int64] {
        let due = try Int64.fetchAll(
            db,
            cached: """
                SELECT id FROM conversation WHERE claim_expires_at <= ?
                UNION SELECT id FROM conversation WHERE status = 'snoozed' AND snoozed_until <= ?
                """, arguments: [now, now])
        var woken: [Int64] = []
        for id in due {
            guard let row = try row(id, db: db), let patch = ClaimSweep.patch(for: row, now: now) else { continue }
            try write(patch, to: id, db: db)
            if ClaimSweep.wakes(row, now: now) { woken.append(id) }
        }
        try refreshDerived(woken, db: db, policy: policy)
        return woken
    }
}
