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
        let cleaned = KnowledgeText.searchable(terms)
        guard !cleaned.isEmpty else { return [] }
        // Stopwords count in the ranking but do not pick candidates: matching every article that says "the" or
        // "yang" would make FTS5 score the whole knowledge base.
        let picking = cleaned.filter { !Stopwords.contains($0) }
        let pickers = picking.isEmpty ? cleaned : picking
        let counter = TermCounter(Set(cleaned))
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
                var counts: [String: Int] = [:]
                counter.count(in: row["terms_title"], weight: ArticleRanking.titleWeight, into: &counts)
                counter.count(in: row["terms_tags"], weight: ArticleRanking.tagsWeight, into: &counts)
                counter.count(in: row["terms_body"], weight: 1, into: &counts)
                articleScores[row["rowid"]] = articleRanking.score(
                    frequencies: counts, length: Double(row["terms_length"] as Int))
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
                    WHERE passage_search MATCH ? ORDER BY bm25(passage_search) LIMIT 500
                    """, arguments: [Self.candidateMatch(pickers, frequencies: passageFrequencies)])
            let passageRanking = ArticleRanking(
                documents: passageStats.documents, averageLength: passageStats.averageLength,
                documentFrequency: passageFrequencies)
            var passageScores: [Int64: [Double]] = [:]
            for row in passages {
                var counts: [String: Int] = [:]
                counter.count(in: row["terms"], weight: 1, into: &counts)
                let score =
                    passageRanking.score(frequencies: counts, length: Double(row["terms_length"] as Int))
                    + ArticleRanking.pairBonus(passage: row["terms"], queryPairs: pairs)
                passageScores[row["article_rowid"], default: []].append(score)
            }
            let combined = ArticleRanking.combine(
                articles: articleScores, passages: passageScores.mapValues(ArticleRanking.vote))
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

    /// How many documents of an index hold each term (fts5vocab `row` table).
    static func documentFrequencies(_ terms: [String], vocabulary: String, db: Database) throws -> [String: Int] {
        var frequencies: [String: Int] = [:]
        for term in terms {
            frequencies[term] =
                try Int.fetchOne(db, cached: "SELECT doc FROM \(vocabulary) WHERE term = ?", arguments: [term]) ?? 0
        }
        return frequencies
    }

    /// How many matching documents FTS5 may rank for candidates. FTS5 scores every match before it sorts, so a
    /// query of common words would score most of a large knowledge base; terms are taken rarest first while their
    /// matches stay within the budget (the rarest always). Words left out still count when the candidates are
    /// ranked.
    static let candidateBudget = 1_000

    static func candidateMatch(_ terms: [String], frequencies: [String: Int], budget: Int = candidateBudget) -> String {
        candidateTerms(terms, frequencies: frequencies, budget: budget).map { "\"\($0)\"" }.joined(separator: " OR ")
    }

    /// The terms that pick candidates: rarest first while their matches stay within the budget.
    static func candidateTerms(
        _ terms: [String], frequencies: [String: Int], budget: Int = candidateBudget
    )
        -> [String]
    {
        let ordered = terms.sorted { (frequencies[$0] ?? 0, $0) < (frequencies[$1] ?? 0, $1) }
        var chosen: [String] = []
        var total = 0
        for term in ordered {
            let frequency = frequencies[term] ?? 0
            if !chosen.isEmpty && total + frequency > budget { break }
            chosen.append(term)
            total += frequency
        }
        return chosen
    }

    /// Counts query terms in analysed text (the words FTS5's unicode61 tokenizer indexes). Reads bytes: analysed
    /// text is lowercase words, and any byte of a non-ASCII letter counts as part of a word, as unicode61 counts the
    /// letter. A word becomes a string only when its first byte and length could make it a wanted term.
    struct TermCounter {
        let wanted: Set<String>
        private var firstBytes = [Bool](repeating: false, count: 256)
        private var lengths = Set<Int>()

        init(_ wanted: Set<String>) {
            self.wanted = wanted
            for term in wanted {
                if let first = term.utf8.first { firstBytes[Int(first)] = true }
                lengths.insert(term.utf8.count)
            }
        }

        /// Adds each wanted term's occurrences in `text`, `weight` times each.
        func count(in text: String, weight: Int, into counts: inout [String: Int]) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                func word(_ end: Int) {
                    guard end > start, firstBytes[Int(bytes[start])], lengths.contains(end - start) else { return }
                    let term = String(decoding: bytes[start..<end], as: UTF8.self)
                    if wanted.contains(term) { counts[term, default: 0] += weight }
                }
                for index in 0..<bytes.count {
                    let byte: UInt8 = bytes[index]
                    let letter: Bool = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                    let digit: Bool = byte >= 0x30 && byte <= 0x39
                    if !(byte >= 0x80 || letter || digit) {
                        word(index)
                        start = index + 1
                    }
                }
                word(bytes.count)
            }
        }
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
