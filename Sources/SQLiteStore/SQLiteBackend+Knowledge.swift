import ConversationStore
import Foundation
import GRDB
import TextAnalysis

/// The knowledge base and reply templates. Articles are searched with FTS5, ranked by BM25 with the title weighted
/// above the tags and the body.
extension SQLiteBackend {
    public func saveArticles(_ articles: [Article]) async throws {
        guard !articles.isEmpty else { return }
        let analysed = articles.map { ($0, KnowledgeText.indexed($0)) }
        try await write { db in
            for (article, terms) in analysed {
                if let old = try Row.fetchOne(
                    db, cached: "SELECT rowid, terms_title, terms_tags, terms_body FROM article WHERE id = ?",
                    arguments: [article.id])
                {
                    try db.execute(
                        cached: """
                            INSERT INTO article_search (article_search, rowid, terms_title, terms_tags, terms_body)
                            VALUES ('delete', ?, ?, ?, ?)
                            """, arguments: [old["rowid"], old["terms_title"], old["terms_tags"], old["terms_body"]])
                    try Self.deletePassages(ofRowid: old["rowid"], db: db)
                    try db.execute(cached: "DELETE FROM article WHERE id = ?", arguments: [article.id])
                }
                try db.execute(
                    cached: """
                        INSERT INTO article (id, title, body, tags, language, updated_at, terms_title, terms_tags, terms_body,
                            terms_length)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        article.id, article.title, article.body, article.tags.joined(separator: " "), article.language,
                        article.updatedAt.milliseconds, terms.title, terms.tags, terms.body,
                        ArticleRanking.weightedLength(terms),
                    ])
                let rowid = db.lastInsertedRowID
                try db.execute(
                    cached:
                        "INSERT INTO article_search (rowid, terms_title, terms_tags, terms_body) VALUES (?, ?, ?, ?)",
                    arguments: [rowid, terms.title, terms.tags, terms.body])
                try Self.insertPassages(of: article, rowid: rowid, db: db)
            }
            try Self.refreshSearchStats(db: db)
        }
    }

    static func insertPassages(of article: Article, rowid: Int64, db: Database) throws {
        for passage in KnowledgeText.passages(article) {
            try db.execute(
                cached: "INSERT INTO article_passage (article_rowid, terms, terms_length) VALUES (?, ?, ?)",
                arguments: [rowid, passage, passage.split(separator: " ").count])
            try db.execute(
                cached: "INSERT INTO passage_search (rowid, terms) VALUES (?, ?)",
                arguments: [db.lastInsertedRowID, passage])
        }
    }

    static func deletePassages(ofRowid rowid: Int64, db: Database) throws {
        for row in try Row.fetchAll(
            db, cached: "SELECT id, terms FROM article_passage WHERE article_rowid = ?", arguments: [rowid])
        {
            try db.execute(
                cached: "INSERT INTO passage_search (passage_search, rowid, terms) VALUES ('delete', ?, ?)",
                arguments: [row["id"], row["terms"]])
        }
        try db.execute(cached: "DELETE FROM article_passage WHERE article_rowid = ?", arguments: [rowid])
    }

    public func searchArticles(
        terms: [String], pairs: Set<String>, limit: Int
    ) async throws -> [(article: Article, score: Double)] {
        guard let search = KnowledgeSearch(terms: terms, pairs: pairs) else { return [] }
        let (cleaned, pickers) = (search.terms, search.pickers)
        let frequencies = knowledgeFrequencies
        return try await read { db in
            let articleStats = try Self.searchStats("article", db: db)
            let generation = try Self.knowledgeGeneration(db: db)
            let articleFrequencies = try frequencies.counts(
                cleaned, in: "article_vocabulary", generation: generation, db: db)
            // FTS5 finds the candidates; they are then ranked by ArticleRanking (see there for why).
            let candidates = try Row.fetchAll(
                db,
                cached: """
                    SELECT a.rowid AS rowid, a.terms_length, a.terms_title, a.terms_tags, a.terms_body
                    FROM article_search JOIN article a ON a.rowid = article_search.rowid
                    WHERE article_search MATCH ? ORDER BY bm25(article_search, 5.0, 2.0, 1.0) LIMIT ?
                    """,
                arguments: [
                    Self.candidateMatch(pickers, frequencies: articleFrequencies),
                    max(limit, ArticleRanking.candidates),
                ])
            guard !candidates.isEmpty else { return [] }
            let articleRanking = ArticleRanking(
                documents: articleStats.documents, averageLength: articleStats.averageLength,
                documentFrequency: articleFrequencies)
            var articleScores: [Int64: Double] = [:]
            for row in candidates {
                articleScores[row["rowid"]] = search.articleScore(
                    title: row["terms_title"], tags: row["terms_tags"], body: row["terms_body"],
                    length: row["terms_length"], ranking: articleRanking)
            }
            // The article's best passages, by the same BM25, voting.
            let passageStats = try Self.searchStats("article_passage", db: db)
            let passageFrequencies = try frequencies.counts(
                cleaned, in: "passage_vocabulary", generation: generation, db: db)
            let passages = try Row.fetchAll(
                db,
                cached: """
                    SELECT p.id, p.article_rowid, p.terms_length, p.terms FROM passage_search
                    JOIN article_passage p ON p.id = passage_search.rowid
                    WHERE passage_search MATCH ? ORDER BY bm25(passage_search) LIMIT ?
                    """,
                arguments: [
                    Self.candidateMatch(pickers, frequencies: passageFrequencies), ArticleRanking.passageCandidates,
                ])
            let passageRanking = ArticleRanking(
                documents: passageStats.documents, averageLength: passageStats.averageLength,
                documentFrequency: passageFrequencies)
            var passageScores: [Int64: [Double]] = [:]
            for row in passages {
                passageScores[row["article_rowid"], default: []].append(
                    search.passageScore(terms: row["terms"], length: row["terms_length"], ranking: passageRanking))
            }
            let best = KnowledgeSearch.best(articles: articleScores, passages: passageScores, limit: limit)
            let articles = try Row.fetchAll(
                db,
                sql: "SELECT rowid, * FROM article WHERE rowid IN (\(best.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(best.map(\.key)))
            let byID = Dictionary(uniqueKeysWithValues: articles.map { ($0["rowid"] as Int64, Self.article(from: $0)) })
            return best.compactMap { id, score in byID[id].map { (article: $0, score: score) } }
        }
    }

    /// How many documents of an index hold each term (fts5vocab `row` table).
    static func documentFrequencies(_ terms: [String], vocabulary: String, db: Database) throws -> [String: Int] {
        var frequencies: [String: Int] = [:]
        for term in terms {
            frequencies[term] =
                try Int.fetchOne(db, cached: "SELECT doc FROM \(vocabulary) WHERE term = ?", arguments: [term]) ?? 0
        }
        return frequencies
    }

    /// An FTS5 query for the candidates (see ``SearchCandidates``).
    static func candidateMatch(
        _ terms: [String], frequencies: [String: Int], budget: Int = SearchCandidates.budget
    ) -> String {
        SearchCandidates.terms(terms, frequencies: frequencies, budget: budget).map { "\"\($0)\"" }.joined(
            separator: " OR ")
    }

    /// Documents and their average length in an index's content table, kept by `saveArticles`.
    static func searchStats(_ table: String, db: Database) throws -> (documents: Int, averageLength: Double) {
        guard
            let row = try Row.fetchOne(
                db, cached: "SELECT documents, total_length FROM search_stats WHERE name = ?", arguments: [table])
        else { return (0, 1) }
        let documents: Int = row["documents"]
        let total: Int = row["total_length"]
        return (documents, documents == 0 ? 1 : Double(total) / Double(documents))
    }

    /// Recomputes the search statistics after the knowledge base changed, and counts the change (see
    /// `knowledgeGeneration`).
    static func refreshSearchStats(db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO search_stats (name, documents, total_length)
                SELECT 'article', COUNT(*), COALESCE(SUM(terms_length), 0) FROM article;
                INSERT OR REPLACE INTO search_stats (name, documents, total_length)
                SELECT 'article_passage', COUNT(*), COALESCE(SUM(terms_length), 0) FROM article_passage;
                INSERT OR REPLACE INTO search_stats (name, documents, total_length)
                SELECT 'generation', COALESCE(MAX(documents), 0) + 1, 0 FROM search_stats WHERE name = 'generation';
                """)
    }

    /// How many times the knowledge base has changed: read in the same transaction as a search, it tells whether
    /// word counts remembered from an earlier search still hold (0 for a store whose articles never changed since
    /// it was counted).
    static func knowledgeGeneration(db: Database) throws -> Int {
        try Int.fetchOne(db, cached: "SELECT documents FROM search_stats WHERE name = 'generation'") ?? 0
    }

    public func knowledgeGeneration() async throws -> Int {
        try await read { db in try Self.knowledgeGeneration(db: db) }
    }

    public func knowledgeBytes() async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COALESCE(SUM(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB))
                            + length(CAST(terms_title AS BLOB)) + length(CAST(terms_tags AS BLOB))
                            + length(CAST(terms_body AS BLOB))), 0) FROM article)
                        + (SELECT COALESCE(SUM(length(CAST(terms AS BLOB))), 0) FROM article_passage)
                    """) ?? 0
        }
    }

    public func knowledgeSnapshot() async throws -> KnowledgeSnapshot {
        try await read { db in
            let entries = try Row.fetchAll(db, sql: "SELECT rowid, * FROM article ORDER BY rowid").map { row in
                KnowledgeSnapshot.Entry(
                    key: row["rowid"], article: Self.article(from: row), title: row["terms_title"],
                    tags: row["terms_tags"], body: row["terms_body"], length: row["terms_length"])
            }
            let passages = try Row.fetchAll(
                db, sql: "SELECT article_rowid, terms, terms_length FROM article_passage ORDER BY id"
            ).map { row in
                KnowledgeSnapshot.Passage(
                    article: row["article_rowid"], terms: row["terms"], length: row["terms_length"])
            }
            return KnowledgeSnapshot(
                generation: try Self.knowledgeGeneration(db: db), entries: entries, passages: passages)
        }
    }

    public func articleCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article") ?? 0 }
    }

    public func article(id: String) async throws -> Article? {
        try await read { db in
            try Row.fetchOne(db, cached: "SELECT * FROM article WHERE id = ?", arguments: [id]).map(Self.article(from:))
        }
    }

    static func article(from row: Row) -> Article {
        let tags: String = row["tags"]
        return Article(
            id: row["id"], title: row["title"], body: row["body"],
            tags: tags.split(separator: " ").map(String.init), language: row["language"],
            updatedAt: Date(milliseconds: row["updated_at"]))
    }

    public func saveTemplates(_ templates: [ReplyTemplate]) async throws {
        guard !templates.isEmpty else { return }
        try await write { db in
            for template in templates {
                try db.execute(
                    cached: """
                        INSERT OR REPLACE INTO reply_template (id, name, body, language, tags, sets_status, adds_tags)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        template.id, template.name, template.body, template.language,
                        template.tags.joined(separator: " "), template.setsStatus?.rawValue,
                        template.addsTags.joined(separator: " "),
                    ])
            }
        }
    }

    public func templates() async throws -> [ReplyTemplate] {
        try await read { db in
            try Row.fetchAll(db, cached: "SELECT * FROM reply_template ORDER BY name, id").map { row in
                let tags: String = row["tags"]
                let adds: String = row["adds_tags"]
                return ReplyTemplate(
                    id: row["id"], name: row["name"], body: row["body"], language: row["language"],
                    tags: tags.split(separator: " ").map(String.init),
                    setsStatus: (row["sets_status"] as String?).flatMap(ConversationStatus.init(rawValue:)),
                    addsTags: adds.split(separator: " ").map(String.init))
            }
        }
    }
}
