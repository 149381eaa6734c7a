import ConversationStore
import Foundation
import GRDB

/// The service policy kept in the store: rows only; what it says and who may set it is the core's.
extension SQLiteBackend {
    /// The policy the store works by, read in the transaction `db` is in.
    static func policy(in db: Database, _ stored: StoredPolicy) throws -> SLAPolicy {
        stored.policy(
            stored: try String.fetchOne(
                db, cached: "SELECT value FROM store_info WHERE key = ?", arguments: [StoredPolicy.key]))
    }

    public func currentPolicy() async throws -> SLAPolicy {
        let stored = storedPolicy
        return try await read { db in try Self.policy(in: db, stored) }
    }

    /// Sets the policy (a supervisor's, checked by `record` in the same transaction) and works out again the due times of the
    /// conversations waiting now.
    static func setPolicy(_ toml: String, db: Database, _ stored: StoredPolicy) throws {
        try db.execute(
            sql:
                "INSERT INTO store_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [StoredPolicy.key, toml])
        let policy = stored.policy(stored: toml)
        let waiting = try Row.fetchAll(
            db, sql: "SELECT id, awaiting_since, priority, channel FROM conversation WHERE needs_reply = 1"
        ).map {
            WaitingConversation(
                id: $0["id"], awaitingSince: $0["awaiting_since"], priority: $0["priority"], channel: $0["channel"])
        }
        for (id, due) in policy.dueTimes(of: waiting) {
            try db.execute(cached: "UPDATE conversation SET due_at = ? WHERE id = ?", arguments: [due, id])
        }
    }
}
