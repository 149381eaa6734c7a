import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// The outbox on PostgreSQL: replies queued by agents, taken by `tanggap serve` on any machine. An attempt is marked
/// by a conditional update before the platform is called, so two services never take the same reply; what a report
/// does to a reply is ``DeliveryRules``'.
extension PostgresBackend {
    public func queuedReplies(limit: Int) async throws -> [Message] {
        let logger = logger
        return try await read { connection in
            var messages: [Message] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.messageColumns) FROM message WHERE delivery = 'queued' ORDER BY id LIMIT \(limit)
                """, logger: logger)
            {
                messages.append(try Self.message(from: row))
            }
            return messages
        }
    }

    public func recordDelivery(
        of message: Int64, state: DeliveryState, externalID: String?, error: String?
    )
        async throws
    {
        let stored = storedPolicy
        let logger = logger
        try await write { connection in
            let policy = try await Self.policy(on: connection, logger: logger, stored)
            var found: (conversation: Int64, channel: String)?
            for try await row in try await connection.query(
                "SELECT conversation_id, channel FROM message WHERE id = \(message) AND direction = 'outbound'",
                logger: logger
            ).decode((Int64, String).self) {
                found = row
            }
            guard let found else { throw StoreError(.notFound, "no outbound message with id \(message)") }
            var touched: Set<Int64> = [found.conversation]
            if let externalID {
                for try await (echo, conversation, direction) in try await connection.query(
                    """
                    SELECT id, conversation_id, direction FROM message
                    WHERE channel = \(found.channel) AND external_id = \(externalID) AND id <> \(message)
                    """, logger: logger
                ).decode((Int64, Int64, String).self) {
                    // The platform echoed our own reply before its answer to the send reached us: the echo is this
                    // message, so it goes and this one takes the platform's id.
                    guard direction == MessageDirection.outbound.rawValue else {
                        throw StoreError.invalid("the platform's id \(externalID) already names a customer message")
                    }
                    try await connection.query("DELETE FROM message WHERE id = \(echo)", logger: logger)
                    touched.insert(conversation)
                }
            }
            try await connection.query(
                """
                UPDATE message SET delivery = \(state.rawValue), delivery_error = \(error),
                    external_id = COALESCE(\(externalID), external_id), delivery_started_at = NULL,
                    delivery_retry_at = NULL
                WHERE id = \(message)
                """, logger: logger)
            _ = try await Self.refreshDerived(Array(touched), on: connection, logger: logger, policy: policy)
        }
    }

    public func dueDeliveries(
        accounts: [Account], now: Date, lease: Duration, limit: Int
    ) async throws
        -> [OutboxItem]
    {
        guard !accounts.isEmpty else { return [] }
        let at = now.milliseconds
        let logger = logger
        let channels = accounts.map(\.channel.rawValue)
        let handles = accounts.map { $0.handle.lowercased() }
        return try await read { connection in
            // The outbox holds the replies on their way; which are due is ``DeliveryRules``'s to say.
            var items: [OutboxItem] = []
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.messageColumns), delivery_attempts, delivery_started_at, delivery_retry_at
                FROM message
                WHERE delivery = 'queued'
                  AND account_id IN (
                      SELECT a.id FROM account a JOIN unnest(\(channels), \(handles)) AS served (channel, handle)
                          ON served.channel = a.channel AND served.handle = lower(a.handle))
                ORDER BY id
                """, logger: logger)
            {
                guard items.count < limit else { continue }
                let cells = row.makeRandomAccess()
                let started = try cells[17].decode(Int64?.self)
                guard
                    DeliveryRules.isDue(
                        startedAt: started, retryAt: try cells[18].decode(Int64?.self), now: at, lease: lease)
                else { continue }
                items.append(
                    OutboxItem(
                        message: try Self.message(from: row), attempts: try cells[16].decode(Int.self),
                        interrupted: started != nil))
            }
            return items
        }
    }

    public func outboxDepth() async throws -> Int {
        let logger = logger
        return try await read { connection in
            Int(
                try await connection.first(
                    "SELECT count(*) FROM message WHERE delivery = 'queued'", as: Int64.self, logger: logger) ?? 0)
        }
    }

    public func beginDelivery(of message: Int64, at now: Date, lease: Duration) async throws -> Bool {
        let at = now.milliseconds
        let logger = logger
        return try await write { connection in
            try await connection.first(
                """
                UPDATE message SET delivery_started_at = \(at), delivery_attempts = delivery_attempts + 1
                WHERE id = \(message) AND delivery = 'queued'
                  AND (delivery_started_at IS NULL OR delivery_started_at <= \(at - lease.milliseconds))
                RETURNING id
                """, as: Int64.self, logger: logger) != nil
        }
    }

    public func deferDelivery(of message: Int64, until retryAt: Date, error: String) async throws {
        let logger = logger
        try await write { connection in
            try await connection.query(
                """
                UPDATE message SET delivery_started_at = NULL, delivery_retry_at = \(retryAt.milliseconds),
                    delivery_error = \(error)
                WHERE id = \(message) AND delivery = 'queued'
                """, logger: logger)
        }
    }

    public func recordDeliveryReport(
        channel: ConversationStore.Channel, externalID: String, state: DeliveryState, error: String?
    )
        async throws -> Bool
    {
        let stored = storedPolicy
        let logger = logger
        let report = DeliveryReport(channel: channel, externalID: externalID, state: state, error: error)
        return try await write { connection in
            let policy = try await Self.policy(on: connection, logger: logger, stored)
            return try await Self.applyReport(report, on: connection, logger: logger, policy: policy)
        }
    }

    /// Applies one delivery report in the caller's transaction; false when no outbound message has its id.
    static func applyReport(
        _ report: DeliveryReport, on connection: PostgresConnection, logger: Logger, policy: SLAPolicy
    ) async throws -> Bool {
        var found: (id: Int64, conversation: Int64, delivery: String?)?
        for try await row in try await connection.query(
            """
            SELECT id, conversation_id, delivery FROM message
            WHERE channel = \(report.channel.rawValue) AND external_id = \(report.externalID)
                AND direction = 'outbound'
            FOR UPDATE
            """, logger: logger
        ).decode((Int64, Int64, String?).self) {
            found = row
        }
        guard let found else { return false }
        guard DeliveryRules.accepts(report.state, current: found.delivery.flatMap(DeliveryState.init(rawValue:)))
        else { return true }
        try await connection.query(
            """
            UPDATE message SET delivery = \(report.state.rawValue), delivery_error = \(report.error),
                delivery_started_at = NULL, delivery_retry_at = NULL
            WHERE id = \(found.id)
            """, logger: logger)
        _ = try await refreshDerived([found.conversation], on: connection, logger: logger, policy: policy)
        return true
    }
}
