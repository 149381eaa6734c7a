import Foundation
import Testing

@testable import ConversationStore

extension BackendConformance {
    /// What the knowledge check searches for: Indonesian and English questions, and one that matches nothing.
    static let knowledgeQueries = ["sinyal lemot dari pagi", "refund kapan", "working days", "nothing like it"]

    /// Articles saved, then one of them saved again, come back as saved and are counted once; templates likewise,
    /// listed by name. What each of `knowledgeQueries` found comes back as article ids, best first.
    func articlesAndTemplatesComeBackAsSaved() async throws -> [[String]] {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let backend = fresh.backend
        for articles in [KnowledgeTests.articles, [KnowledgeTests.articles[0]]] {
            try await backend.saveArticles(articles)
        }
        #expect(try await backend.articleCount() == 2)
        #expect(try await backend.article(id: "refund-timeline") == KnowledgeTests.articles[0])
        #expect(try await backend.article(id: "none") == nil)
        var found: [[String]] = []
        for query in Self.knowledgeQueries {
            let terms = KnowledgeText.queryTerms(query)
            let pairs = KnowledgeText.queryPairs(query)
            found.append(try await backend.searchArticles(terms: terms, pairs: pairs, limit: 5).map(\.article.id))
        }
        let templates = [
            ReplyTemplate(id: "t1", name: "Maaf", body: "Mohon maaf {{customer.name}}", tags: ["maaf"]),
            ReplyTemplate(
                id: "t2", name: "Selesai", body: "Sudah beres ya", setsStatus: .resolved, addsTags: ["done"]),
        ]
        try await backend.saveTemplates(templates)
        try await backend.saveTemplates([templates[0]])
        #expect(try await backend.templates() == templates.sorted { $0.name < $1.name })
        #expect(found == [["sinyal-lemot"], ["refund-timeline"], ["refund-timeline"], []])
        return found
    }
}
