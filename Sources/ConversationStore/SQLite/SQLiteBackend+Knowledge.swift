import Foundation
import GRDB

/// The knowledge base and reply templates. Articles are searched with FTS5, ranked by BM25 with the title weighted
/// above the tags and the body.
extension SQLiteBackend {
    public func saveArticles(_ articles: [Article]) async throws {
        guard !articles.isEmpty else { return }
        try await write { db in
            for article in articles {
                if let old = try Row.fetchOne(
                    db, cached: "SELECT rowid, title, body, tags FROM article WHERE id = ?", arguments: [article.id])
                {
                    try db.execute(
                        cached: """
                            INSERT INTO article_search (article_search, rowid, title, body, tags)
                            VALUES ('delete', ?, ?, ?, ?)
                            """, arguments: [old["rowid"], old["title"], old["body"], old["tags"]])
                    try db.execute(cached: "DELETE FROM article WHERE id = ?", arguments: [article.id])
                }
                let tags = article.tags.joined(separator: " ")
                try db.execute(
                    cached: """
                        INSERT INTO article (id, title, body, tags, language, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        article.id, article.title, article.body, tags, article.language,
                        article.updatedAt.milliseconds,
                    ])
                try db.execute(
                    cached: "INSERT INTO article_search (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                    arguments: [db.lastInsertedRowID, article.title, article.body, tags])
            }
        }
    }

    public func searchArticles(words: [String], limit: Int) async throws -> [ArticleHit] {
        let terms = words.map { $0.filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }.prefix(32)
        guard !terms.isEmpty else { return [] }
        let match = terms.map { "\"\($0)\"" }.joined(separator: " OR ")
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                cached: """
                    SELECT a.*, -bm25(article_search, 5.0, 1.0, 2.0) AS score,
                        snippet(article_search, 1, '', '', '…', 16) AS snippet
                    FROM article_search JOIN article a ON a.rowid = article_search.rowid
                    WHERE article_search MATCH ? ORDER BY bm25(article_search, 5.0, 1.0, 2.0) LIMIT ?
                    """, arguments: [match, limit])
            return rows.map { row in
                let article = Self.article(from: row)
                let text = (article.title + " " + article.tags.joined(separator: " ") + " " + article.body).lowercased()
                return ArticleHit(
                    article: article, score: row["score"], snippet: Self.plainSnippet(row["snippet"]),
                    matched: terms.filter { text.contains($0) })
            }
        }
    }

    /// A snippet without Markdown heading and quote markers.
    static func plainSnippet(_ text: String) -> String {
        let lines = text.split(separator: "\n").map { line in
            String(line.drop { $0 == "#" || $0 == ">" || $0 == " " })
        }
        return Snippet.make(lines.joined(separator: " "))
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
