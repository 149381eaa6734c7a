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

extension BackendConformance {
    /// A knowledge base of `count` articles made of a small mixed vocabulary, the same on every run: most words in
    /// many articles, several lines each.
    static func generatedArticles(_ count: Int) -> [Article] {
        let words = [
            "refund", "kartu", "saldo", "transfer", "gagal", "blokir", "pulsa", "paket", "sinyal", "lemot", "card",
            "lost", "arrive", "top", "up", "not", "work", "promo", "ongkir", "kurir", "terlambat", "akun", "login",
            "password", "otp", "hilang", "tagihan", "double", "charge", "cashback",
        ]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func line(_ length: Int) -> String { (0..<length).map { _ in words[next(words.count)] }.joined(separator: " ") }
        return (0..<count).map { index in
            Article(
                id: "a\(index)", title: line(2 + next(3)),
                body: (0..<(2 + next(4))).map { _ in line(4 + next(8)) }.joined(separator: "\n"),
                tags: [words[next(words.count)]], language: index % 2 == 0 ? "id" : "en", updatedAt: Make.start)
        }
    }

    /// A small knowledge base kept in memory ranks as the store's own search does, to the last bit of each score
    /// (every match is a candidate at this size), is read again when another process saves an article, and is not
    /// kept when it is larger than allowed.
    func aKnowledgeBaseKeptInMemoryRanksAsTheStoreDoes() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let backend = fresh.backend
        try await backend.saveArticles(Self.generatedArticles(60))
        let cache = KnowledgeIndexCache()
        let index = try #require(try await cache.index(backend))
        let queries = [
            "kartu saya hilang tolong blokir", "refund belum masuk", "lost card not arrive", "top up gagal",
            "paket terlambat kurir", "double charge tagihan", "otp login password", "cashback promo ongkir",
            "nothing like it", "the and yang",
        ]
        for query in queries {
            let terms = KnowledgeText.queryTerms(query)
            let pairs = KnowledgeText.queryPairs(query)
            let expected = try await backend.searchArticles(terms: terms, pairs: pairs, limit: 10)
            let actual = index.search(terms: terms, pairs: pairs, limit: 10)
            #expect(actual.map(\.article) == expected.map(\.article), "\(query)")
            #expect(actual.map(\.score) == expected.map(\.score), "\(query)")
        }
        #expect(try await cache.index(backend)?.generation == index.generation)

        let other = try await fresh.connect()
        let added = Article(
            id: "voucher", title: "Voucher kedaluwarsa", body: "Voucher yang kedaluwarsa tidak bisa diperpanjang.",
            language: "id", updatedAt: Make.start)
        try await other.saveArticles([added])
        let again = try #require(try await cache.index(backend))
        #expect(again.generation != index.generation)
        #expect(
            again.search(terms: KnowledgeText.queryTerms("voucher kedaluwarsa"), pairs: [], limit: 1).first?.article
                == added)

        let bytes = try await backend.knowledgeBytes()
        #expect(bytes > 1_000 && bytes <= KnowledgeSnapshot.maximumBytes)
        #expect(try await backend.knowledgeSnapshot().entries.count == 61)
        // Larger than the cache keeps: not kept, and asked again only when the knowledge base changes.
        #expect(try await KnowledgeIndexCache(maximumBytes: bytes - 1).index(backend) == nil)
        #expect(try await KnowledgeIndexCache(maximumBytes: bytes).index(backend)?.generation == again.generation)
    }
}
