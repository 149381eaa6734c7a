import Foundation
import GRDB

/// Replies that worked before: every answered conversation is remembered once, with the analysed text of what the
/// customer wrote up to the first response and that response, so a new conversation can find its nearest past ones.
extension SQLiteBackend {
    /// Remembers an answered conversation, once.
    static func recordAnswer(_ id: Int64, db: Database) throws {
        let known =
            try Bool.fetchOne(
                db, cached: "SELECT EXISTS (SELECT 1 FROM answered WHERE conversation_id = ?)", arguments: [id])
            ?? false
        if known { return }
        guard
            let reply = try Row.fetchOne(
                db,
                cached: """
                    SELECT text, created_at FROM message WHERE conversation_id = ? AND \(isResponse)
                    ORDER BY created_at, external_id LIMIT 1
                    """, arguments: [id])
        else { return }
        let asked = try String.fetchAll(
            db,
            cached: """
                SELECT text FROM message WHERE conversation_id = ? AND direction = 'inbound' AND created_at <= ?
                ORDER BY created_at
                """, arguments: [id, reply["created_at"] as Int64])
        let terms = KnowledgeText.queryTerms(asked.joined(separator: "\n")).joined(separator: " ")
        guard !terms.isEmpty else { return }
        let customer = try Row.fetchOne(
            db,
            cached: """
                SELECT cu.name, cu.handle FROM conversation c JOIN customer cu ON cu.id = c.customer_id WHERE c.id = ?
                """, arguments: [id])
        try db.execute(
            cached: """
                INSERT INTO answered (conversation_id, terms, reply, customer_name, customer_handle)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [id, terms, reply["text"] as String, customer?["name"], customer?["handle"]])
        try db.execute(
            cached: "INSERT INTO answered_search (rowid, terms) VALUES (?, ?)", arguments: [id, terms])
    }

    public func similarAnswered(
        terms: [String], account: String?, excluding: ConversationID?, limit: Int
    ) async throws
        -> [AnsweredExample]
    {
        let cleaned = Array(
            Set(terms.map { $0.filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }).prefix(64))
        guard !cleaned.isEmpty else { return [] }
        let cache = answeredFrequencies
        return try await read { db in
            // Common words match most answered conversations, and FTS5 scores every match: start from the
            // rarer words (see candidateMatch).
            let frequencies = try cache.counts(cleaned) { word in
                try Self.documentFrequencies([word], vocabulary: "answered_vocabulary", db: db)[word] ?? 0
            }
            let match = Self.candidateMatch(cleaned, frequencies: frequencies, budget: 4 * Self.candidateBudget)
            return try Row.fetchAll(
                db,
                cached: """
                    SELECT a.*, -bm25(answered_search) AS score
                    FROM answered_search JOIN answered a ON a.conversation_id = answered_search.rowid
                    JOIN conversation c ON c.id = a.conversation_id LEFT JOIN account ac ON ac.id = c.account_id
                    WHERE answered_search MATCH ? AND a.conversation_id != ? AND (? IS NULL OR ac.handle = ?)
                    ORDER BY bm25(answered_search) LIMIT ?
                    """, arguments: [match, excluding?.rawValue ?? -1, account, account, limit]
            ).map { row in
                AnsweredExample(
                    conversation: ConversationID(row["conversation_id"]), terms: row["terms"], reply: row["reply"],
                    customerName: row["customer_name"], customerHandle: row["customer_handle"], score: row["score"])
            }
        }
    }
}
