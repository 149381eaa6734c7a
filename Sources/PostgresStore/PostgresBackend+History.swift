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
            let query = picked.joined(separator: " | ")
            // One account's history is found by the text index, where the account is a word of each answered
            // conversation (`@account:ID`, schema version 7): the index intersects the account's list with the
            // words' (the account's ids are looked up apart, one query each).
            let matches: PostgresQuery
            if let account {
                let accounts = try await connection.all(
                    "SELECT id FROM account WHERE handle = \(account)", as: Int64.self, logger: logger)
                guard !accounts.isEmpty else { return [] }
                matches = """
                    SELECT m.* FROM unnest(\(accounts)::int8[]) AS a (id) CROSS JOIN LATERAL (
                        SELECT conversation_id, terms, reply, customer_name, customer_handle FROM answered
                        WHERE search @@ (to_tsquery('simple', \(query))
                                && ('''@account:' || a.id::text || '''')::tsquery)
                          AND conversation_id <> \(excluded)
                        ORDER BY conversation_id DESC LIMIT \(fetched)
                    ) AS m
                    ORDER BY m.conversation_id DESC LIMIT \(fetched)
                    """
            } else {
                matches = """
                    SELECT conversation_id, terms, reply, customer_name, customer_handle FROM answered
                    WHERE search @@ to_tsquery('simple', \(query)) AND conversation_id <> \(excluded)
                    ORDER BY conversation_id DESC LIMIT \(fetched)
                    """
            }
            for try await row in try await connection.query(matches, logger: logger).decode(
                (Int64, String, String, String?, String?).self)
            {
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
