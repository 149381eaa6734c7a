import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// The service policy kept in the store: rows only; what it says and who may set it is the core's.
extension PostgresBackend {
    /// The policy the store works by, read on the connection (in its transaction, when it is in one).
    static func policy(
        on connection: PostgresConnection, logger: Logger, _ stored: StoredPolicy
    ) async throws
        -> SLAPolicy
    {
        stored.policy(
            stored: try await connection.first(
                "SELECT value FROM store_info WHERE key = \(StoredPolicy.key)", as: String.self, logger: logger))
    }

    public func currentPolicy() async throws -> SLAPolicy {
        let stored = storedPolicy
        let logger = logger
        return try await read { connection in try await Self.policy(on: connection, logger: logger, stored) }
    }

    /// Sets the policy (a supervisor's, checked by `record` in the same transaction) and works out again the due times of the
    /// conversations waiting now.
    static func setPolicy(
        _ toml: String, on connection: PostgresConnection, logger: Logger, _ stored: StoredPolicy
    ) async throws {
        try await connection.query(
            """
            INSERT INTO store_info (key, value) VALUES (\(StoredPolicy.key), \(toml))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, logger: logger)
        let policy = stored.policy(stored: toml)
        var waiting: [WaitingConversation] = []
        for try await (id, awaiting, priority, channel) in try await connection.query(
            "SELECT id, awaiting_since, priority, channel FROM conversation WHERE needs_reply", logger: logger
        ).decode((Int64, Int64?, Int, String).self) {
            waiting.append(WaitingConversation(id: id, awaitingSince: awaiting, priority: priority, channel: channel))
        }
        let dues = policy.dueTimes(of: waiting)
        guard !dues.isEmpty else { return }
        let ids = dues.map(\.id)
        let times = dues.map(\.due)
        try await connection.query(
            """
            UPDATE conversation c SET due_at = d.due FROM unnest(\(ids), \(times)) AS d (id, due) WHERE c.id = d.id
            """, logger: logger)
    }
}
