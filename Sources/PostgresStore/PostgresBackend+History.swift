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
        let cleaned = KnowledgeText.searchable(terms)
        guard !cleaned.isEmpty else { return [] }
        let logger = logger
        return try await read { connection in
            let frequencies = try await Self.documentFrequencies(
                cleaned, collection: "answered", on: connection, logger: logger)
            let stats = try await Self.searchStats("answered", on: connection, logger: logger)
            // As in SQLite: the rarer words pick at most a budget of candidates, the most recent first, and all
            // words rank them by BM25.
            let query = SearchCandidates.terms(
                cleaned, frequencies: frequencies, budget: 4 * SearchCandidates.budget
            ).joined(separator: " | ")
            let excluded = excluding?.rawValue ?? -1
            var rows: [(id: Int64, terms: String, reply: String, name: String?, handle: String?)] = []
            for try await row in try await connection.query(
                """
                SELECT an.conversation_id, an.terms, an.reply, an.customer_name, an.customer_handle
                FROM answered an
                JOIN conversation c ON c.id = an.conversation_id LEFT JOIN account ac ON ac.id = c.account_id
                WHERE an.search @@ to_tsquery('simple', \(query)) AND an.conversation_id <> \(excluded)
                  AND (\(account)::TEXT IS NULL OR lower(ac.handle) = lower(\(account)))
                ORDER BY an.conversation_id DESC LIMIT \(SearchCandidates.budget)
                """, logger: logger
            ).decode((Int64, String, String, String?, String?).self) {
                rows.append(row)
            }
            let lengths = rows.map { $0.terms.split(separator: " ").count }
            let ranking = ArticleRanking(
                documents: max(stats.documents, rows.count), averageLength: stats.averageLength,
                documentFrequency: frequencies)
            let counter = SearchCandidates.TermCounter(Set(cleaned))
            let scored = zip(rows, lengths).map { row, length -> (AnsweredExample, Double) in
                var counts: [String: Int] = [:]
                counter.count(in: row.terms, weight: 1, into: &counts)
                let score = ranking.score(frequencies: counts, length: Double(length))
                return (
                    AnsweredExample(
                        conversation: ConversationID(row.id), terms: row.terms, reply: row.reply,
                        customerName: row.name, customerHandle: row.handle, score: score), score
                )
            }
            return scored.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.conversation > $1.0.conversation) }
                .prefix(limit).map(\.0)
        }
    }

    /// Recounts the history's term statistics (after an import, as SQLite's store does).
    public func refreshStatistics() async throws {
        let logger = logger
        try await write { connection in
            try await Self.refreshTermStatistics(["answered"], on: connection, logger: logger)
        }
    }

}
