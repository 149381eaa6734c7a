import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// "Replies that worked before" and the supervisor's review list on PostgreSQL.
extension PostgresBackend {
    public func similarAnswered(
        terms: [String], account: String?, excluding: ConversationID?, limit: Int
    )
        async throws -> [AnsweredExample]
    {
        guard let search = HistorySearch(terms: terms) else { return [] }
        let logger = logger
        return try await read { connection in
            let frequencies = try await Self.documentFrequencies(
                search.terms, collection: "answered", on: connection, logger: logger)
            let stats = try await Self.searchStats("answered", on: connection, logger: logger)
            let (picked, fetched) = search.candidates(frequencies: frequencies)
            let excluded = excluding?.rawValue ?? -1
            var rows: [(id: Int64, terms: String, reply: String, name: String?, handle: String?)] = []
            for try await row in try await connection.query(
                """
                SELECT an.conversation_id, an.terms, an.reply, an.customer_name, an.customer_handle
                FROM answered an
                WHERE an.search @@ to_tsquery('simple', \(picked.joined(separator: " | ")))
                  AND an.conversation_id <> \(excluded)
                  AND (\(account)::TEXT IS NULL
                    OR an.account_id IN (SELECT id FROM account WHERE handle = \(account)))
                ORDER BY an.conversation_id DESC LIMIT \(fetched)
                """, logger: logger
            ).decode((Int64, String, String, String?, String?).self) {
                rows.append(row)
            }
            let ranked = search.rank(
                rows.map { (conversation: $0.id, terms: $0.terms) }, documents: stats.documents,
                frequencies: frequencies, limit: limit)
            return ranked.map { index, score in
                let row = rows[index]
                return AnsweredExample(
                    conversation: ConversationID(row.id), terms: row.terms, reply: row.reply, customerName: row.name,
                    customerHandle: row.handle, score: score)
            }
        }
    }

    /// Recounts the history's term statistics (after an import, as SQLite's store does).
    public func refreshStatistics() async throws {
        let logger = logger
        try await write { connection in
            try await Self.refreshTermStatistics(["answered"], on: connection, logger: logger)
            // After an import the planner's row counts are stale until autovacuum comes round, and a queue or a
            // thread planned on an empty table's figures reads far more than it needs.
            try await connection.query("ANALYZE account, customer, conversation, message, answered", logger: logger)
        }
    }

}
