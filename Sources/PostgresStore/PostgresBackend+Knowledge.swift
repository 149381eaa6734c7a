import ConversationStore
import Foundation
import Logging
import PostgresNIO
import TextAnalysis

/// The knowledge base, reply templates and the history of answered conversations on PostgreSQL. Articles are stored
/// with the same analysed terms as in SQLite; `tsvector` indexes of them (the `simple` configuration) find the
/// candidates, and the candidates are ranked by the same `ArticleRanking` in Swift, from the term statistics kept in
/// `search_term` and `search_stats`.
extension PostgresBackend {
    public func saveArticles(_ articles: [Article]) async throws {
        guard !articles.isEmpty else { return }
        let logger = logger
        try await write { connection in
            try await Self.storeArticles(articles, on: connection, logger: logger)
            try await Self.refreshTermStatistics(["article", "passage"], on: connection, logger: logger)
        }
    }

    /// Writes articles (replacing those with the same id) with their analysed terms and passages; the term
    /// statistics are left for the caller to recount.
    static func storeArticles(_ articles: [Article], on connection: PostgresConnection, logger: Logger) async throws {
        guard !articles.isEmpty else { return }
        // Three statements for any number of articles; saved in the order given (ties in the ranking go to the
        // article saved first), an article named twice as its last version.
        var latest: [String: Int] = [:]
        for (index, article) in articles.enumerated() { latest[article.id] = index }
        let saved = articles.enumerated().filter { latest[$0.element.id] == $0.offset }.map(\.element)
        try await connection.query("DELETE FROM article WHERE id = ANY(\(saved.map(\.id)))", logger: logger)
        let terms = saved.map(KnowledgeText.indexed)
        var columns = ColumnArrays()
        columns.add("id", "text", saved.map(\.id))
        columns.add("title", "text", saved.map(\.title))
        columns.add("body", "text", saved.map(\.body))
        columns.add("tags", "text", saved.map { $0.tags.joined(separator: " ") })
        columns.add("language", "text", saved.map(\.language))
        columns.add("updated_at", "int8", saved.map(\.updatedAt.milliseconds))
        columns.add("terms_title", "text", terms.map(\.title))
        columns.add("terms_tags", "text", terms.map(\.tags))
        columns.add("terms_body", "text", terms.map(\.body))
        columns.add("terms_length", "int8", terms.map { Int64(ArticleRanking.weightedLength($0)) })
        try await connection.query(
            columns.query(
                """
                INSERT INTO article (\(columns.names))
                SELECT \(columns.names) FROM \(columns.unnest) WITH ORDINALITY AS n (\(columns.names), position)
                ORDER BY position
                """), logger: logger)
        var passages = (articles: [String](), terms: [String](), lengths: [Int64]())
        for article in saved {
            for passage in KnowledgeText.passages(article) {
                passages.articles.append(article.id)
                passages.terms.append(passage)
                passages.lengths.append(Int64(passage.split(separator: " ").count))
            }
        }
        guard !passages.articles.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO article_passage (article_id, terms, terms_length)
            SELECT article_id, terms, terms_length
            FROM unnest(\(passages.articles)::text[], \(passages.terms)::text[], \(passages.lengths)::int8[])
                WITH ORDINALITY AS n (article_id, terms, terms_length, position)
            ORDER BY position
            """, logger: logger)
    }

    /// Recounts the documents holding each term, and each collection's size, for BM25.
    static func refreshTermStatistics(
        _ collections: [String], on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        if collections.contains("article") {
            // The knowledge base changed: processes that keep it in memory read it again.
            try await connection.query(
                """
                INSERT INTO search_stats (collection, documents, total_length) VALUES ('generation', 1, 0)
                ON CONFLICT (collection) DO UPDATE SET documents = search_stats.documents + 1
                """, logger: logger)
        }
        for collection in collections {
            let (table, length) =
                switch collection {
                case "article": ("article", "terms_length")
                case "passage": ("article_passage", "terms_length")
                default: ("answered", "array_length(regexp_split_to_array(terms, ' '), 1)")
                }
            try await connection.query("DELETE FROM search_term WHERE collection = \(collection)", logger: logger)
            try await connection.query(
                """
                INSERT INTO search_term (collection, term, documents)
                SELECT \(collection), word, ndoc FROM ts_stat('SELECT search FROM \(unescaped: table)')
                WHERE word NOT LIKE '@%'
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO search_stats (collection, documents, total_length)
                SELECT \(collection), COUNT(*), COALESCE(SUM(\(unescaped: length)), 0) FROM \(unescaped: table)
                ON CONFLICT (collection) DO UPDATE
                    SET documents = EXCLUDED.documents, total_length = EXCLUDED.total_length
                """, logger: logger)
        }
    }

    static func searchStats(
        _ collection: String, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> (documents: Int, averageLength: Double)
    {
        for try await (documents, total) in try await connection.query(
            "SELECT documents, total_length FROM search_stats WHERE collection = \(collection)", logger: logger
        ).decode((Int, Int64).self) {
            return (documents, documents == 0 ? 1 : Double(total) / Double(documents))
        }
        return (0, 1)
    }

    /// BM25 over one collection for these terms, and how many documents hold each term.
    static func ranking(
        _ collection: String, terms: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> (ArticleRanking, [String: Int]) {
        let stats = try await searchStats(collection, on: connection, logger: logger)
        let frequencies = try await documentFrequencies(
            terms, collection: collection, on: connection, logger: logger)
        let ranking = ArticleRanking(
            documents: stats.documents, averageLength: stats.averageLength, documentFrequency: frequencies)
        return (ranking, frequencies)
    }

    static func documentFrequencies(
        _ terms: [String], collection: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: Int] {
        var frequencies = Dictionary(uniqueKeysWithValues: terms.map { ($0, 0) })
        for try await (term, documents) in try await connection.query(
            "SELECT term, documents FROM search_term WHERE collection = \(collection) AND term = ANY(\(terms))",
            logger: logger
        ).decode((String, Int).self) {
            frequencies[term] = documents
        }
        return frequencies
    }

    /// The `tsquery` of the terms that pick candidates (rarest first, within the budget; see `SearchCandidates`).
    /// Terms are letters and digits only, so they need no quoting.
    static func candidateQuery(_ terms: [String], frequencies: [String: Int]) -> String {
        SearchCandidates.terms(terms, frequencies: frequencies).joined(separator: " | ")
    }

    /// How many passages are re-ranked: more than SQLite's (``ArticleRanking/passageCandidates``), since `ts_rank`
    /// picks them less well than FTS5's BM25 (BANKING77's development split, 500 questions: 425 right with 2,000,
    /// 419 with 500, SQLite 427).
    static let passageCandidates = 2_000

    public func searchArticles(
        terms: [String], pairs: Set<String>, limit: Int
    ) async throws
        -> [(article: Article, score: Double)]
    {
        guard let search = KnowledgeSearch(terms: terms, pairs: pairs) else { return [] }
        let (cleaned, pickers) = (search.terms, search.pickers)
        let logger = logger
        return try await read { connection in
            let (articleRanking, articleFrequencies) = try await Self.ranking(
                "article", terms: cleaned, on: connection, logger: logger)
            let articleQuery = Self.candidateQuery(pickers, frequencies: articleFrequencies)
            var articleScores: [Int64: Double] = [:]
            for try await (seq, length, title, tags, body) in try await connection.query(
                """
                SELECT seq, terms_length, terms_title, terms_tags, terms_body FROM article
                WHERE search @@ to_tsquery('simple', \(articleQuery))
                ORDER BY ts_rank('{0, 0.2, 0.4, 1.0}', search, to_tsquery('simple', \(articleQuery))) DESC, seq
                LIMIT \(max(limit, ArticleRanking.candidates))
                """, logger: logger
            ).decode((Int64, Int, String, String, String).self) {
                articleScores[seq] = search.articleScore(
                    title: title, tags: tags, body: body, length: length, ranking: articleRanking)
            }
            guard !articleScores.isEmpty else { return [] }
            let (passageRanking, passageFrequencies) = try await Self.ranking(
                "passage", terms: cleaned, on: connection, logger: logger)
            let passageQuery = Self.candidateQuery(pickers, frequencies: passageFrequencies)
            var passageScores: [Int64: [Double]] = [:]
            for try await (seq, length, terms) in try await connection.query(
                """
                SELECT a.seq, p.terms_length, p.terms FROM article_passage p JOIN article a ON a.id = p.article_id
                WHERE p.search @@ to_tsquery('simple', \(passageQuery))
                ORDER BY ts_rank(p.search, to_tsquery('simple', \(passageQuery))) DESC, p.id
                LIMIT \(Self.passageCandidates)
                """, logger: logger
            ).decode((Int64, Int, String).self) {
                passageScores[seq, default: []].append(
                    search.passageScore(terms: terms, length: length, ranking: passageRanking))
            }
            let best = KnowledgeSearch.best(articles: articleScores, passages: passageScores, limit: limit)
            var bySeq: [Int64: Article] = [:]
            for try await row in try await connection.query(
                """
                SELECT seq, id, title, body, tags, language, updated_at FROM article WHERE seq = ANY(\(best.map(\.key)))
                """, logger: logger)
            {
                let (seq, article) = try Self.article(from: row)
                bySeq[seq] = article
            }
            return best.compactMap { seq, score in bySeq[seq].map { (article: $0, score: score) } }
        }
    }

    static func article(from row: PostgresRow) throws -> (Int64, Article) {
        let (seq, id, title, body, tags, language, updatedAt) = try row.decode(
            (Int64, String, String, String, String, String?, Int64).self)
        return (
            seq,
            Article(
                id: id, title: title, body: body, tags: tags.split(separator: " ").map(String.init),
                language: language, updatedAt: Date(milliseconds: updatedAt))
        )
    }

    public func knowledgeGeneration() async throws -> Int {
        let logger = logger
        return try await read { connection in try await Self.knowledgeGeneration(on: connection, logger: logger) }
    }

    static func knowledgeGeneration(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        Int(
            try await connection.first(
                "SELECT documents::int8 FROM search_stats WHERE collection = 'generation'", as: Int64.self,
                logger: logger) ?? 0)
    }

    public func knowledgeBytes() async throws -> Int {
        let logger = logger
        return try await read { connection in
            Int(
                try await connection.first(
                    """
                    SELECT (SELECT COALESCE(SUM(octet_length(title) + octet_length(body) + octet_length(terms_title)
                            + octet_length(terms_tags) + octet_length(terms_body)), 0) FROM article)
                        + (SELECT COALESCE(SUM(octet_length(terms)), 0) FROM article_passage)
                    """, as: Int64.self, logger: logger) ?? 0)
        }
    }

    public func knowledgeSnapshot() async throws -> KnowledgeSnapshot {
        let logger = logger
        return try await read { connection in
            // One snapshot of the tables, whatever is saved meanwhile.
            try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            do {
                let snapshot = try await Self.knowledgeSnapshot(on: connection, logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return snapshot
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    static func knowledgeSnapshot(on connection: PostgresConnection, logger: Logger) async throws -> KnowledgeSnapshot {
        var entries: [KnowledgeSnapshot.Entry] = []
        for try await row in try await connection.query(
            """
            SELECT seq, id, title, body, tags, language, updated_at, terms_title, terms_tags, terms_body, terms_length
            FROM article ORDER BY seq
            """, logger: logger)
        {
            let (seq, article) = try Self.article(from: row)
            let (_, _, _, _, _, _, _, title, tags, body, length) = try row.decode(
                (Int64, String, String, String, String, String?, Int64, String, String, String, Int).self)
            entries.append(
                KnowledgeSnapshot.Entry(
                    key: seq, article: article, title: title, tags: tags, body: body, length: length))
        }
        var passages: [KnowledgeSnapshot.Passage] = []
        for try await (seq, terms, length) in try await connection.query(
            """
            SELECT a.seq, p.terms, p.terms_length FROM article_passage p JOIN article a ON a.id = p.article_id
            ORDER BY p.id
            """, logger: logger
        ).decode((Int64, String, Int).self) {
            passages.append(KnowledgeSnapshot.Passage(article: seq, terms: terms, length: length))
        }
        return KnowledgeSnapshot(
            generation: try await knowledgeGeneration(on: connection, logger: logger), entries: entries,
            passages: passages)
    }

    public func articleCount() async throws -> Int {
        let logger = logger
        return try await read { connection in
            Int(try await connection.first("SELECT COUNT(*) FROM article", as: Int64.self, logger: logger) ?? 0)
        }
    }

    public func article(id: String) async throws -> Article? {
        let logger = logger
        return try await read { connection in
            for try await row in try await connection.query(
                "SELECT seq, id, title, body, tags, language, updated_at FROM article WHERE id = \(id)",
                logger: logger)
            {
                return try Self.article(from: row).1
            }
            return nil
        }
    }

    public func saveTemplates(_ templates: [ReplyTemplate]) async throws {
        guard !templates.isEmpty else { return }
        let logger = logger
        try await write { connection in
            for template in templates {
                try await connection.query(
                    """
                    INSERT INTO reply_template (id, name, body, language, tags, sets_status, adds_tags)
                    VALUES (\(template.id), \(template.name), \(template.body), \(template.language),
                        \(template.tags.joined(separator: " ")), \(template.setsStatus?.rawValue),
                        \(template.addsTags.joined(separator: " ")))
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, body = EXCLUDED.body,
                        language = EXCLUDED.language, tags = EXCLUDED.tags, sets_status = EXCLUDED.sets_status,
                        adds_tags = EXCLUDED.adds_tags
                    """, logger: logger)
            }
        }
    }

    public func templates() async throws -> [ReplyTemplate] {
        let logger = logger
        return try await read { connection in
            var templates: [ReplyTemplate] = []
            for try await (id, name, body, language, tags, setsStatus, adds) in try await connection.query(
                "SELECT id, name, body, language, tags, sets_status, adds_tags FROM reply_template ORDER BY name, id",
                logger: logger
            ).decode((String, String, String, String?, String, String?, String).self) {
                templates.append(
                    ReplyTemplate(
                        id: id, name: name, body: body, language: language,
                        tags: tags.split(separator: " ").map(String.init),
                        setsStatus: setsStatus.flatMap(ConversationStatus.init(rawValue:)),
                        addsTags: adds.split(separator: " ").map(String.init)))
            }
            return templates
        }
    }
}
