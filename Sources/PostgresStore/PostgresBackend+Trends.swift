import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Rising topics on PostgreSQL: the hourly term counts' rows and the window's texts. What a term is and how a rise is
/// scored are the core's (`TrendTerms`, `RisingTerms`).
extension PostgresBackend {
    public func inboundTexts(since: Date, until: Date) async throws -> [(conversation: ConversationID, text: String)] {
        let logger = logger
        return try await read { connection in
            var result: [(conversation: ConversationID, text: String)] = []
            for try await (conversation, text) in try await connection.query(
                """
                SELECT conversation_id, text FROM message
                WHERE direction = 'inbound' AND created_at >= \(since.milliseconds) AND created_at < \(until.milliseconds)
                ORDER BY created_at, id
                """, logger: logger
            ).decode((Int64, String).self) {
                result.append((ConversationID(conversation), text))
            }
            return result
        }
    }

    public func termCounts(_ terms: [String], hours: Range<Int64>) async throws -> [String: Int] {
        guard !terms.isEmpty, !hours.isEmpty else { return [:] }
        let logger = logger
        let wanted = Array(Set(terms))
        return try await read { connection in
            var counts: [String: Int] = [:]
            for try await (term, count) in try await connection.query(
                """
                SELECT term, SUM(count) FROM term_hour
                WHERE term = ANY(\(wanted)) AND hour >= \(hours.lowerBound) AND hour < \(hours.upperBound)
                GROUP BY term
                """, logger: logger
            ).decode((String, Int64).self) {
                counts[term] = Int(count)
            }
            return counts
        }
    }

    public func termIndexVersion() async throws -> String? {
        let logger = logger
        return try await read { connection in
            try await Self.info(TrendTerms.infoKey, on: connection, logger: logger)
        }
    }

    static let rebuildKey = TrendTerms.infoKey + "_rebuild"

    static func info(
        _ key: String, forUpdate: Bool = false, on connection: PostgresConnection, logger: Logger
    ) async throws -> String? {
        let query: PostgresQuery =
            forUpdate
            ? "SELECT value FROM store_info WHERE key = \(key) FOR UPDATE"
            : "SELECT value FROM store_info WHERE key = \(key)"
        for try await value in try await connection.query(query, logger: logger).decode(String.self) {
            return value
        }
        return nil
    }

    public func beginTermIndexRebuild(token: String) async throws -> Int64 {
        let logger = logger
        return try await write { connection in
            // The ingests' lock: none is part-way through, and every later one takes message ids above the largest
            // now and counts its own messages.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLockKey))", logger: logger)
            try await connection.query("DELETE FROM term_hour", logger: logger)
            try await connection.query(
                "DELETE FROM store_info WHERE key = \(TrendTerms.infoKey) OR key = \(Self.rebuildKey)",
                logger: logger)
            try await connection.query(
                "INSERT INTO store_info (key, value) VALUES (\(Self.rebuildKey), \(token))", logger: logger)
            for try await last in try await connection.query(
                "SELECT COALESCE(MAX(id), 0) FROM message", logger: logger
            ).decode(Int64.self) {
                return last
            }
            return 0
        }
    }

    public func inboundTexts(
        after: Int64, through: Int64, limit: Int
    ) async throws -> [(id: Int64, text: String, at: Int64)] {
        let logger = logger
        return try await read { connection in
            var result: [(id: Int64, text: String, at: Int64)] = []
            for try await (id, text, at) in try await connection.query(
                """
                SELECT id, text, created_at FROM message
                WHERE id > \(after) AND id <= \(through) AND direction = 'inbound' ORDER BY id LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, String, Int64).self) {
                result.append((id, text, at))
            }
            return result
        }
    }

    public func addTermCounts(_ rows: [TermHours.Row], token: String) async throws -> Bool {
        let logger = logger
        return try await write { connection in
            guard try await Self.isRebuilding(token, on: connection, logger: logger) else { return false }
            try await Self.addTermCounts(rows, on: connection, logger: logger)
            return true
        }
    }

    public func finishTermIndexRebuild(token: String, version: String) async throws -> Bool {
        let logger = logger
        return try await write { connection in
            guard try await Self.isRebuilding(token, on: connection, logger: logger) else { return false }
            try await connection.query("DELETE FROM store_info WHERE key = \(Self.rebuildKey)", logger: logger)
            try await connection.query(
                "INSERT INTO store_info (key, value) VALUES (\(TrendTerms.infoKey), \(version))", logger: logger)
            return true
        }
    }

    /// Whether `token` is still the rebuild under way, holding its row: a rebuild beginning meanwhile waits, then
    /// removes what this transaction adds with the rest.
    static func isRebuilding(_ token: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await info(rebuildKey, forUpdate: true, on: connection, logger: logger) == token
    }

    /// Adds hourly counts to the store's, in one statement.
    static func addTermCounts(_ rows: [TermHours.Row], on connection: PostgresConnection, logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO term_hour (term, hour, count)
            SELECT * FROM unnest(\(rows.map(\.term))::text[], \(rows.map(\.hour))::bigint[],
                \(rows.map { Int32(clamping: $0.count) })::integer[])
            ON CONFLICT (term, hour) DO UPDATE SET count = term_hour.count + excluded.count
            """, logger: logger)
    }
}
