import ConversationStore
import Foundation
import GRDB

/// Rising topics on SQLite: the hourly term counts' rows and the window's texts. What a term is and how a rise is
/// scored are the core's (`TrendTerms`, `RisingTerms`).
extension SQLiteBackend {
    public func inboundTexts(since: Date, until: Date) async throws -> [(conversation: ConversationID, text: String)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT conversation_id, text FROM message
                    WHERE direction = 'inbound' AND created_at >= ? AND created_at < ? ORDER BY created_at, id
                    """, arguments: [since.milliseconds, until.milliseconds]
            ).map { (conversation: ConversationID($0["conversation_id"] as Int64), text: $0["text"] as String) }
        }
    }

    public func termCounts(_ terms: [String], hours: Range<Int64>) async throws -> [String: Int] {
        guard !terms.isEmpty, !hours.isEmpty else { return [:] }
        return try await read { db in
            var counts: [String: Int] = [:]
            let statement = try db.cachedStatement(
                sql: "SELECT SUM(count) FROM term_hour WHERE term = ? AND hour >= ? AND hour < ?")
            for term in Set(terms) {
                if let count = try Int.fetchOne(statement, arguments: [term, hours.lowerBound, hours.upperBound]) {
                    counts[term] = count
                }
            }
            return counts
        }
    }

    public func termIndexVersion() async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = ?", arguments: [TrendTerms.infoKey])
        }
    }

    public func beginTermIndexRebuild(token: String) async throws -> Int64 {
        // One write transaction: no ingest is part-way through, and every message stored after it is counted by its
        // own ingest (ids only grow).
        try await write(notifying: false) { db in
            try db.execute(
                sql: """
                    DELETE FROM term_hour;
                    DELETE FROM store_info WHERE key = ?;
                    INSERT INTO store_info (key, value) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                    """, arguments: [TrendTerms.infoKey, Self.rebuildKey, token])
            return try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM message") ?? 0
        }
    }

    static let rebuildKey = TrendTerms.infoKey + "_rebuild"

    public func inboundTexts(
        after: Int64, through: Int64, limit: Int
    ) async throws -> [(id: Int64, text: String, at: Int64)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, text, created_at FROM message
                    WHERE id > ? AND id <= ? AND direction = 'inbound' ORDER BY id LIMIT ?
                    """, arguments: [after, through, limit]
            ).map { (id: $0["id"], text: $0["text"], at: $0["created_at"]) }
        }
    }

    public func addTermCounts(_ rows: [TermHours.Row], token: String) async throws -> Bool {
        try await write(notifying: false) { db in
            guard try Self.isRebuilding(token, db: db) else { return false }
            try Self.addTermCounts(rows, db: db)
            return true
        }
    }

    public func finishTermIndexRebuild(token: String, version: String) async throws -> Bool {
        try await write(notifying: false) { db in
            guard try Self.isRebuilding(token, db: db) else { return false }
            try db.execute(
                sql: "DELETE FROM store_info WHERE key = ?; INSERT INTO store_info (key, value) VALUES (?, ?)",
                arguments: [Self.rebuildKey, TrendTerms.infoKey, version])
            return true
        }
    }

    static func isRebuilding(_ token: String, db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = ?", arguments: [rebuildKey]) == token
    }

    /// Adds hourly counts to the store's.
    static func addTermCounts(_ rows: [TermHours.Row], db: Database) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO term_hour (term, hour, count) VALUES (?, ?, ?)
                ON CONFLICT (term, hour) DO UPDATE SET count = count + excluded.count
                """)
        for row in rows { try statement.execute(arguments: [row.term, row.hour, row.count]) }
    }
}
