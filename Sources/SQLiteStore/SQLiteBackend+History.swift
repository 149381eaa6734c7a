import ConversationStore
import Foundation
import GRDB

/// Replies that worked before: every answered conversation is remembered once, with the analysed text of what the
/// customer wrote up to the first response and that response, so a new conversation can find its nearest past ones.
extension SQLiteBackend {
    /// Remembers an answered conversation, once.
    static func recordAnswer(_ id: Int64, db: Database) throws {
        let messages = try Row.fetchAll(
            db,
            cached: "SELECT \(DerivedMessage.columns) FROM message WHERE conversation_id = ? AND direction != 'note'",
            arguments: [id]
        ).map(DerivedMessage.init)
        try recordAnswer(id, messages: messages, db: db)
    }

    /// Remembers an answered conversation, once, from its messages (notes left out). `written` is given for a
    /// conversation an import has just written: it cannot have been remembered yet, and its customer's name and
    /// handle are the import's to tell, so neither is looked up.
    static func recordAnswer(
        _ id: Int64, messages: [DerivedMessage], db: Database, facts: TextFacts = TextFacts(),
        written customer: CustomerNames? = nil
    ) throws {
        if customer == nil {
            let known =
                try Bool.fetchOne(
                    db, cached: "SELECT EXISTS (SELECT 1 FROM answered WHERE conversation_id = ?)", arguments: [id])
                ?? false
            if known { return }
        }
        guard let (terms, reply) = Derivation.answer(of: messages, facts: facts) else { return }
        let names =
            try customer
            ?? Row.fetchOne(
                db,
                cached: """
                    SELECT cu.name, cu.handle FROM conversation c JOIN customer cu ON cu.id = c.customer_id WHERE c.id = ?
                    """, arguments: [id]
            ).map { CustomerNames(name: $0["name"], handle: $0["handle"]) }
        try RowStatement(
            db,
            """
            INSERT INTO answered (conversation_id, terms, reply, customer_name, customer_handle) VALUES (?, ?, ?, ?, ?)
            """
        ).run(.integer(id), .text(terms), .text(reply), .text(names?.name), .text(names?.handle))
        try RowStatement(db, "INSERT INTO answered_search (rowid, terms) VALUES (?, ?)").run(.integer(id), .text(terms))
    }

    /// A customer's name and handle as their row holds them.
    struct CustomerNames {
        var name: String?
        var handle: String?
    }

    public func similarAnswered(
        terms: [String], account: String?, excluding: ConversationID?, limit: Int
    ) async throws
        -> [AnsweredExample]
    {
        guard let search = HistorySearch(terms: terms) else { return [] }
        let cache = answeredFrequencies
        return try await read { db in
            let frequencies = try cache.counts(search.terms) { word in
                // Counted after the last import; a word new since then is rare, and cheap to count.
                if let counted = try Int.fetchOne(
                    db, cached: "SELECT documents FROM answered_term WHERE term = ?", arguments: [word])
                {
                    return counted
                }
                return try Self.documentFrequencies([word], vocabulary: "answered_vocabulary", db: db)[word] ?? 0
            }
            let (picked, fetched) = search.candidates(frequencies: frequencies)
            // FTS5 reads the matches in rowid order without scoring them: the most recent first.
            let rows = try Row.fetchAll(
                db,
                cached: """
                    SELECT a.* FROM (
                        SELECT rowid FROM answered_search WHERE answered_search MATCH ? ORDER BY rowid DESC LIMIT ?
                    ) m
                    JOIN answered a ON a.conversation_id = m.rowid
                    JOIN conversation c ON c.id = a.conversation_id LEFT JOIN account ac ON ac.id = c.account_id
                    WHERE a.conversation_id != ? AND (? IS NULL OR ac.handle = ?)
                    """,
                arguments: [
                    picked.map { "\"\($0)\"" }.joined(separator: " OR "), fetched, excluding?.rawValue ?? -1, account,
                    account,
                ])
            let documents = try Int.fetchOne(db, cached: "SELECT MAX(conversation_id) FROM answered") ?? rows.count
            let ranked = search.rank(
                rows.map { (conversation: $0["conversation_id"], terms: $0["terms"]) }, documents: documents,
                frequencies: frequencies, limit: limit)
            return ranked.map { index, score in
                let row = rows[index]
                return AnsweredExample(
                    conversation: ConversationID(row["conversation_id"]), terms: row["terms"], reply: row["reply"],
                    customerName: row["customer_name"], customerHandle: row["customer_handle"], score: score)
            }
        }
    }

    public func refreshStatistics() async throws {
        try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM answered_term;
                    INSERT INTO answered_term (term, documents) SELECT term, doc FROM answered_vocabulary;
                    """)
        }
    }
}
