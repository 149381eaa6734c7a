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

    public func searchArticles(terms: [String], limit: Int) async throws -> [(article: Article, score: Double)] {
        let cleaned = Array(
            Set(terms.map { $0.filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }).prefix(64))
        guard !cleaned.isEmpty else { return [] }
        // Stopwords count in the ranking but do not pick candidates: matching every article that says "the" or
        // "yang" would make FTS5 score the whole knowledge base.
        let picking = cleaned.filter { !Stopwords.contains($0) }
        let match = (picking.isEmpty ? cleaned : picking).map { "\"\($0)\"" }.joined(separator: " OR ")
        return try await read { db in
            // FTS5 finds the candidates; they are then ranked by ArticleRanking (see there for why).
            let candidates = try Row.fetchAll(
                db,
                cached: """
                    SELECT a.rowid AS rowid, a.terms_length FROM article_search JOIN article a ON a.rowid = article_search.rowid
                    WHERE article_search MATCH ? ORDER BY bm25(article_search, 5.0, 2.0, 1.0) LIMIT ?
                    """, arguments: [match, max(limit, ArticleRanking.candidates)])
            guard !candidates.isEmpty else { return [] }
            let articleScores = try Self.bm25(
                candidates.map { (id: $0["rowid"], length: $0["terms_length"]) }, terms: cleaned, table: "article",
                vocabulary: "article_vocabulary", occurrence: "article_occurrence",
                weight: { column in
                    column == "terms_title"
                        ? ArticleRanking.titleWeight : column == "terms_tags" ? ArticleRanking.tagsWeight : 1
                }, db: db)
            // The best single passage of each article, by the same BM25.
            let passages = try Row.fetchAll(
                db,
                cached: """
                    SELECT p.id, p.article_rowid, p.terms_length FROM passage_search
                    JOIN article_passage p ON p.id = passage_search.rowid
                    WHERE passage_search MATCH ? ORDER BY bm25(passage_search) LIMIT 500
                    """, arguments: [match])
            let scoredPassages = try Self.bm25(
                passages.map { (id: $0["id"], length: $0["terms_length"]) }, terms: cleaned, table: "article_passage",
                vocabulary: "passage_vocabulary", occurrence: "passage_occurrence", weight: { _ in 1 }, db: db)
            var passageScores: [Int64: Double] = [:]
            for row in passages {
                let article: Int64 = row["article_rowid"]
                passageScores[article] = max(passageScores[article] ?? 0, scoredPassages[row["id"]] ?? 0)
            }
            let combined = ArticleRanking.combine(articles: articleScores, passages: passageScores)
            let best = Array(
                combined.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(limit)
            ).map { ($0.key, $0.value) }
            let articles = try Row.fetchAll(
                db,
                sql: "SELECT rowid, * FROM article WHERE rowid IN (\(best.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(best.map(\.0)))
            let byID = Dictionary(uniqueKeysWithValues: articles.map { ($0["rowid"] as Int64, Self.article(from: $0)) })
            return best.compactMap { id, score in byID[id].map { (article: $0, score: score) } }
        }
    }

    /// BM25 scores (see `ArticleRanking`) of some documents of one FTS5 index, from its content table's
    /// `terms_length` and the index's fts5vocab tables; `weight` counts a term found in a column that many times.
    static func bm25(
        _ documents: [(id: Int64, length: Int)], terms: [String], table: String, vocabulary: String, occurrence: String,
        weight: (String) -> Int, db: Database
    ) throws -> [Int64: Double] {
        guard !documents.isEmpty, !terms.isEmpty else { return [:] }
        let totals = try Row.fetchOne(db, cached: "SELECT COUNT(*) AS n, AVG(terms_length) AS average FROM \(table)")
        var frequencies: [String: Int] = [:]
        for term in terms {
            frequencies[term] =
                try Int.fetchOne(db, cached: "SELECT doc FROM \(vocabulary) WHERE term = ?", arguments: [term]) ?? 0
        }
        let ranking = ArticleRanking(
            documents: totals?["n"] ?? 0, averageLength: totals?["average"] ?? 1, documentFrequency: frequencies)
        var counts: [Int64: [String: Int]] = [:]
        let termList = terms.map { _ in "?" }.joined(separator: ",")
        let idList = documents.map { _ in "?" }.joined(separator: ",")
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT doc, term, col, COUNT(*) AS n FROM \(occurrence)
                WHERE term IN (\(termList)) AND doc IN (\(idList)) GROUP BY doc, term, col
                """,
            arguments: StatementArguments(
                terms.map { $0 as any DatabaseValueConvertible }
                    + documents.map { $0.id as any DatabaseValueConvertible })
        ) {
            counts[row["doc"], default: [:]][row["term"], default: 0] += weight(row["col"]) * (row["n"] as Int)
        }
        var scores: [Int64: Double] = [:]
        for document in documents {
            scores[document.id] = ranking.score(
                frequencies: counts[document.id] ?? [:], length: Double(document.length))
        }
        return scores
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
