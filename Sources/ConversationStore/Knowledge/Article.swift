import Foundation

/// A knowledge-base article: a prepared, precise answer to a frequent problem.
public struct Article: Hashable, Codable, Sendable, Identifiable {
    /// A stable id, such as the file name it was imported from (`refund-timeline`).
    public var id: String
    public var title: String
    /// Markdown. The first paragraph after the title is the answer an agent can send.
    public var body: String
    public var tags: [String]
    /// `id` or `en`, when known.
    public var language: String?
    public var updatedAt: Date

    public init(id: String, title: String, body: String, tags: [String] = [], language: String? = nil, updatedAt: Date)
    {
        self.id = id
        self.title = title
        self.body = body
        self.tags = tags
        self.language = language
        self.updatedAt = updatedAt
    }

    /// The part of the body a customer can be sent: the first paragraph that is not a heading, a list marker or a
    /// note to agents, with Markdown emphasis removed.
    public var answer: String {
        let paragraphs = body.components(separatedBy: "\n\n")
        for paragraph in paragraphs {
            let trimmed = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(">") { continue }
            return trimmed.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        return title
    }
}

/// An article found by a search, with its relevance and the passage that matched.
public struct ArticleHit: Hashable, Sendable {
    public var article: Article
    /// Higher is better; comparable only within one search.
    public var score: Double
    /// A short passage of the body around the matched words.
    public var snippet: String
    /// The query words the article matched.
    public var matched: [String]

    public init(article: Article, score: Double, snippet: String, matched: [String]) {
        self.article = article
        self.score = score
        self.snippet = snippet
        self.matched = matched
    }
}
