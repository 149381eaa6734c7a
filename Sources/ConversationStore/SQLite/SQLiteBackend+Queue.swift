import Foundation
import GRDB

/// Queue views, keyset-paged: each view is a filter and a sort key with an index behind it, and a page continues
/// from the last key seen (`(key1, key2, id) > (?, ?, ?)`), never with `OFFSET`.
extension SQLiteBackend {
    struct ViewPlan {
        /// The index that holds the view's rows in order; named so the planner cannot pick a filter-only index and
        /// sort the whole view.
        var index: String
        var filter: String
        var keys: [String]
        var descending: Bool
    }

    static func plan(_ view: QueueView) -> ViewPlan {
        switch view {
        case .needsReply:
            ViewPlan(
                index: "conversation_needs_reply", filter: "c.needs_reply = 1", keys: ["c.due_at", "c.urgency"],
                descending: false)
        case .unhappy:
            ViewPlan(
                index: "conversation_unhappy", filter: "c.needs_reply = 1 AND c.sentiment <= -0.3",
                keys: ["c.due_at", "c.urgency"],
                descending: false)
        case .mine:
            ViewPlan(
                index: "conversation_assigned", filter: "c.assignee = :agent AND c.status != 'resolved'",
                keys: ["c.due_at", "c.urgency"], descending: false)
        case .unassigned:
            ViewPlan(
                index: "conversation_unassigned", filter: "c.assignee IS NULL AND c.status IN ('new', 'open')",
                keys: ["c.due_at", "c.urgency"], descending: false)
        case .pending:
            ViewPlan(
                index: "conversation_status_activity", filter: "c.status = 'pending'", keys: ["c.last_message_at"],
                descending: true)
        case .snoozed:
            ViewPlan(
                index: "conversation_snoozed", filter: "c.status = 'snoozed'", keys: ["c.snoozed_until"],
                descending: false)
        case .resolved:
            ViewPlan(
                index: "conversation_resolved", filter: "c.status = 'resolved'", keys: ["c.resolved_at"],
                descending: true)
        case .all: ViewPlan(index: "conversation_activity", filter: "1", keys: ["c.last_message_at"], descending: true)
        }
    }

    public func page(
        _ view: QueueView, filter: QueueFilter, agent: String, after cursor: QueueCursor?, limit: Int, now: Date
    ) async throws -> QueuePage {
        try await sweepIfNeeded(now: now)
        let plan = Self.plan(view)
        let keyColumns = plan.keys + ["c.id"]
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
                    " AND (\(keyColumns.joined(separator: ", "))) \(plan.descending ? "<" : ">") (\(names.map { ":" + $0 }.joined(separator: ", ")))"
            }
            let direction = plan.descending ? "DESC" : "ASC"
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
        let policy = policy
        _ = try await write { db in try Self.sweep(now: at, db: db, policy: policy) }
    }

    /// Inside a write transaction: expired claims and finished snoozes. Returns the conversations it changed.
    @discardableResult
    static func sweep(now: Int64, db: Database, policy: SLAPolicy) throws -> [Int64] {
        try db.execute(
            cached: "UPDATE conversation SET assignee = NULL, claim_expires_at = NULL WHERE claim_expires_at <= ?",
            arguments: [now])
        let woken = try Int64.fetchAll(
            db, cached: "SELECT id FROM conversation WHERE status = 'snoozed' AND snoozed_until <= ?", arguments: [now])
        for id in woken {
            try db.execute(
                cached: """
                    UPDATE conversation SET status = 'open', snoozed_until = NULL, status_changed_at = ? WHERE id = ?
                    """, arguments: [now, id])
        }
        try refreshDerived(woken, db: db, policy: policy)
        return woken
    }
}
