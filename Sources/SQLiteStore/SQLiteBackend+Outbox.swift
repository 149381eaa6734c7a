import ConversationStore
import Foundation
import GRDB

/// The outbox on SQLite: replies waiting for delivery, each attempt leased so one sender sends it, and what the
/// platform answered (a failure is final: see ``DeliveryRules``).
extension SQLiteBackend {
    public func queuedReplies(limit: Int) async throws -> [Message] {
        try await read { db in
            try Row.fetchAll(
                db, cached: "SELECT * FROM message WHERE delivery = 'queued' ORDER BY id LIMIT ?", arguments: [limit]
            ).map(Self.message(from:))
        }
    }

    public func recordDelivery(
        of message: Int64, state: DeliveryState, externalID: String?, error: String?
    )
        async throws
    {
        let stored = storedPolicy
        try await write { db in
            let policy = try Self.policy(in: db, stored)
            guard
                let row = try Row.fetchOne(
                    db, cached: "SELECT conversation_id, channel FROM message WHERE id = ? AND direction = 'outbound'",
                    arguments: [message])
            else { throw StoreError(.notFound, "no outbound message with id \(message)") }
            let conversation: Int64 = row["conversation_id"]
            var touched: Set<Int64> = [conversation]
            if let externalID,
                let echo = try Row.fetchOne(
                    db,
                    cached: "SELECT id, conversation_id, direction FROM message WHERE channel = ? AND external_id = ?",
                    arguments: [row["channel"] as String, externalID]),
                echo["id"] as Int64 != message
            {
                // The platform echoed our own reply to the webhook before its answer to the send reached us: the
                // echo is this message, so it goes and this one takes the platform's id.
                guard echo["direction"] as String == MessageDirection.outbound.rawValue else {
                    throw StoreError.invalid("the platform's id \(externalID) already names a customer message")
                }
                try db.execute(cached: "DELETE FROM message WHERE id = ?", arguments: [echo["id"] as Int64])
                touched.insert(echo["conversation_id"])
            }
            try db.execute(
                cached: """
                    UPDATE message SET delivery = ?, delivery_error = ?, external_id = COALESCE(?, external_id),
                        delivery_started_at = NULL, delivery_retry_at = NULL
                    WHERE id = ?
                    """, arguments: [state.rawValue, error, externalID, message])
            try Self.refreshDerived(Array(touched), db: db, policy: policy)
        }
    }

    public func dueDeliveries(
        accounts: [Account], now: Date, lease: Duration, limit: Int
    ) async throws
        -> [OutboxItem]
    {
        guard !accounts.isEmpty else { return [] }
        let at = now.milliseconds
        let pairs = Array(repeating: "(channel = ? AND lower(handle) = lower(?))", count: accounts.count)
            .joined(separator: " OR ")
        var values: [(any DatabaseValueConvertible)?] = []
        for account in accounts { values += [account.channel.rawValue, account.handle] }
        let arguments = StatementArguments(values)
        return try await read { db in
            // The outbox holds the replies on their way; which are due is ``DeliveryRules``'s to say.
            var items: [OutboxItem] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT * FROM message
                    WHERE delivery = 'queued' AND account_id IN (SELECT id FROM account WHERE \(pairs))
                    ORDER BY id
                    """, arguments: arguments)
            while items.count < limit, let row = try rows.next() {
                let started: Int64? = row["delivery_started_at"]
                guard DeliveryRules.isDue(startedAt: started, retryAt: row["delivery_retry_at"], now: at, lease: lease)
                else { continue }
                items.append(
                    OutboxItem(
                        message: Self.message(from: row), attempts: row["delivery_attempts"],
                        interrupted: started != nil))
            }
            return items
        }
    }

    public func outboxDepth() async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, cached: "SELECT count(*) FROM message WHERE delivery = 'queued'") ?? 0
        }
    }

    public func beginDelivery(of message: Int64, at now: Date, lease: Duration) async throws -> Bool {
        let at = now.milliseconds
        return try await write { db in
            try db.execute(
                cached: """
                    UPDATE message SET delivery_started_at = ?, delivery_attempts = delivery_attempts + 1
                    WHERE id = ? AND delivery = 'queued' AND (delivery_started_at IS NULL OR delivery_started_at <= ?)
                    """, arguments: [at, message, at - lease.milliseconds])
            return db.changesCount == 1
        }
    }

    public func deferDelivery(of message: Int64, until retryAt: Date, error: String) async throws {
        try await write { db in
            try db.execute(
                cached: """
                    UPDATE message SET delivery_started_at = NULL, delivery_retry_at = ?, delivery_error = ?
                    WHERE id = ? AND delivery = 'queued'
                    """, arguments: [retryAt.milliseconds, error, message])
        }
    }

    public func recordDeliveryReport(
        channel: Channel, externalID: String, state: DeliveryState, error: String?
    ) async throws -> Bool {
        let stored = storedPolicy
        let report = DeliveryReport(channel: channel, externalID: externalID, state: state, error: error)
        return try await write { db in
            try Self.applyReport(report, db: db, policy: try Self.policy(in: db, stored))
        }
    }

    /// Applies one delivery report in the caller's transaction; false when no outbound message has its id.
    static func applyReport(_ report: DeliveryReport, db: Database, policy: SLAPolicy) throws -> Bool {
        guard
            let row = try Row.fetchOne(
                db,
                cached: """
                    SELECT id, conversation_id, delivery FROM message
                    WHERE channel = ? AND external_id = ? AND direction = 'outbound'
                    """, arguments: [report.channel.rawValue, report.externalID])
        else { return false }
        let current = (row["delivery"] as String?).flatMap(DeliveryState.init(rawValue:))
        guard DeliveryRules.accepts(report.state, current: current) else { return true }
        try db.execute(
            cached: """
                UPDATE message SET delivery = ?, delivery_error = ?, delivery_started_at = NULL,
                    delivery_retry_at = NULL
                WHERE id = ?
                """, arguments: [report.state.rawValue, report.error, row["id"] as Int64])
        try refreshDerived([row["conversation_id"] as Int64], db: db, policy: policy)
        return true
    }
}
