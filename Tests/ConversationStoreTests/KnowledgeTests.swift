import Foundation
import Logging
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct KnowledgeTests {
    static let articles = [
        Article(
            id: "refund-timeline", title: "Refund timeline",
            body:
                "# Refund\n\nRefunds reach your account within 3-5 working days after approval.\n\n> Agents: check the ledger first.",
            tags: ["refund", "billing"], language: "en", updatedAt: Make.start),
        Article(
            id: "sinyal-lemot", title: "Sinyal lemot atau hilang",
            body:
                "Coba matikan mode pesawat 10 detik lalu nyalakan lagi. Jika sinyal masih lemot, kirim lokasi Kakak via DM.",
            tags: ["sinyal", "jaringan"], language: "id", updatedAt: Make.start),
    ]

    @Test func searchRanksTheMatchingArticleFirst() async throws {
        let test = try TestStore()
        try await test.store.saveArticles(Self.articles)
        let hits = try await test.store.searchArticles("sinyal lemot dari pagi")
        #expect(hits.first?.article.id == "sinyal-lemot")
        #expect(hits.first?.matched == ["sinyal", "lemot"])
        #expect(try await test.store.searchArticles("refund kapan").map(\.article.id) == ["refund-timeline"])
    }

    /// A process remembers how many articles hold each word only while the knowledge base stays as it was: after
    /// another process changes it, a search ranks exactly as a process that never searched before.
    @Test func wordCountsFollowAChangeMadeElsewhere() async throws {
        let test = try TestStore()
        try await test.store.saveArticles(Self.articles)
        let query = "refund sinyal lemot kapan"
        let before = try await test.store.searchArticles(query)
        #expect(!before.isEmpty)

        // Another process adds articles that make "refund" common and "sinyal" rarer.
        let other = try await test.reopen()
        try await other.saveArticles(
            (0..<30).map {
                Article(
                    id: "refund-\($0)", title: "Refund \($0)", body: "refund refund refund kapan", language: "id",
                    updatedAt: Make.start)
            })
        let after = try await test.store.searchArticles(query)
        let fresh = try await test.reopen().searchArticles(query)
        #expect(after.map(\.article.id) == fresh.map(\.article.id))
        #expect(after.map(\.score) == fresh.map(\.score))
        #expect(after.map(\.score) != before.map(\.score))
    }

    /// Two articles with the same words: the one whose line holds the question's words in the question's order wins
    /// (without the order, they tie and the first saved would win both).
    @Test func wordsInTheQuestionsOrderRankFirst() async throws {
        let test = try TestStore()
        try await test.store.saveArticles([
            Article(id: "one", title: "One", body: "card payment declined", language: "en", updatedAt: Make.start),
            Article(id: "two", title: "Two", body: "declined payment card", language: "en", updatedAt: Make.start),
        ])
        #expect(try await test.store.searchArticles("card payment declined").first?.article.id == "one")
        #expect(try await test.store.searchArticles("Declined payment, card?").first?.article.id == "two")
        #expect(
            KnowledgeText.queryPairs("Card payment declined!").isSuperset(of: ["card payment", "payment declin"]))
        #expect(ArticleRanking.pairBonus(passage: "card payment declin", queryPairs: ["payment card"]) == 0)
        #expect(ArticleRanking.pairBonus(passage: "card payment declin", queryPairs: ["card payment"]) > 0)
    }

    /// A pair counts once however often the passage holds it, only in its order, across double spaces as the
    /// passage's words run, and not when its words are apart.
    @Test func pairsAreFoundWordByWordInThePassagesOrder() {
        let pairs = ArticleRanking.PairMatcher(["top up", "not work", "card payment"])
        #expect(pairs.distinctPairs(in: "top up top up card payment") == 2)
        #expect(pairs.distinctPairs(in: "up top  payment card") == 0)
        #expect(pairs.distinctPairs(in: "top  up") == 1)
        #expect(pairs.distinctPairs(in: "top x up not") == 0)
        #expect(pairs.distinctPairs(in: "") == 0)
        #expect(ArticleRanking.PairMatcher([]).distinctPairs(in: "top up") == 0)
    }

    /// The snippet of an article saved anew under the same id comes from its new text, not the one analysed for an
    /// earlier search.
    @Test func aSnippetFollowsTheArticlesNewText() async throws {
        let test = try TestStore()
        let old = Article(
            id: "kb-1", title: "Paket", body: "Paket terlambat: cek resi di aplikasi.", language: "id",
            updatedAt: Make.start)
        try await test.store.saveArticles([old])
        #expect(try await test.store.searchArticles("paket terlambat").first?.snippet.contains("resi") == true)
        var new = old
        new.body = "Paket terlambat: hubungi kurir lewat DM."
        try await test.store.saveArticles([new])
        let hit = try #require(try await test.store.searchArticles("paket terlambat").first)
        #expect(hit.snippet.contains("kurir") && !hit.snippet.contains("resi"), "\(hit.snippet)")
    }

    /// Beside a conversation, an article that shares only a common word with it is left out; a typed search
    /// still lists it, lower.
    @Test func aConversationShowsOnlyArticlesNearTheBest() async throws {
        let test = try TestStore()
        try await test.store.saveArticles([
            Self.articles[1],
            Article(
                id: "refund-dm", title: "Refund timeline", body: "If the refund has not arrived, send the order by DM.",
                language: "en", updatedAt: Make.start),
        ])
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "budi", text: "sinyal lemot bgt dr pagi, udah restart hp. udah DM ya min")
        ])
        let conversation = try #require(try await test.store.conversation(holding: "1"))
        let thread = try #require(try await test.store.thread(conversation.id))
        #expect(try await test.store.articles(for: thread).map(\.article.id) == ["sinyal-lemot"])
        #expect(
            try await test.store.searchArticles(thread.messages[0].text).map(\.article.id) == [
                "sinyal-lemot", "refund-dm",
            ])
        #expect(
            try await test.store.suggestions(for: thread, agent: "ani").filter { $0.source == .kb }.map(\.reference)
                == ["sinyal-lemot"])
    }

    @Test func savingAgainReplacesTheArticleAndItsIndex() async throws {
        let test = try TestStore()
        try await test.store.saveArticles(Self.articles)
        var changed = Self.articles[0]
        changed.body = "Pengembalian dana diproses maksimal 14 hari."
        try await test.store.saveArticles([changed])
        #expect(try await test.store.searchArticles("working days").isEmpty)
        #expect(try await test.store.searchArticles("pengembalian").map(\.article.id) == ["refund-timeline"])
        #expect(try await test.store.article(id: "refund-timeline")?.body == changed.body)
    }

    @Test func answerIsTheFirstSendableParagraph() {
        #expect(Self.articles[0].answer == "Refunds reach your account within 3-5 working days after approval.")
    }

    @Test func suggestionsFillVariablesAndSayWhy() async throws {
        let test = try TestStore()
        try await test.store.saveArticles(Self.articles)
        try await test.store.saveTemplates([
            ReplyTemplate(
                id: "refund", name: "Refund diproses",
                body:
                    "Halo {{customer.name}}, refund untuk order {{?ask:Nomor order}} sedang diproses. ^{{agent.name}}",
                tags: ["refund"], setsStatus: .pending),
            ReplyTemplate(id: "promo", name: "Promo", body: "Cek promo terbaru kami!", tags: ["promo"]),
        ])
        try await test.store.ingest([Make.inbound("1", at: 0, from: "sari", text: "@brand refund kapan ya?")])
        let conversation = try #require(try await test.store.conversation(holding: "1"))
        let thread = try #require(try await test.store.thread(conversation.id))
        let suggestions = try await test.store.suggestions(for: thread, agent: "ani")
        #expect(suggestions.map(\.source) == [.template, .kb])
        #expect(suggestions[0].text == "Halo SARI, refund untuk order {{?ask:Nomor order}} sedang diproses. ^ani")
        #expect(suggestions[0].why == "template “Refund diproses”: refund")
        #expect(suggestions[0].setsStatus == .pending)
        #expect(suggestions[1].why == "article “Refund timeline”: refund")
    }

}

@Suite struct HistorySuggestionTests {
    @Test func repliesThatWorkedBeforeAreGeneralisedAndFilled() async throws {
        let test = try TestStore()
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "sari", text: "@brand refund saya kapan masuk ya?"),
            Make.outbound("2", replyTo: "1", at: 5, text: "@sari Halo Kak SARI, refund masuk 3-5 hari kerja ya ^RA"),
            Make.inbound("3", at: 60, from: "budi", text: "kapan refund masuk? udah seminggu"),
        ])
        let conversation = try #require(try await test.store.conversation(holding: "3"))
        let thread = try #require(try await test.store.thread(conversation.id))
        let suggestions = try await test.store.suggestions(for: thread, agent: "ani")
        let history = try #require(suggestions.first { $0.source == .history })
        #expect(history.text == "@budi Halo Kak BUDI, refund masuk 3-5 hari kerja ya ^ani")
        #expect(history.why.hasPrefix("reply to similar conversation #"))
        #expect(history.why.contains("refund"))
    }

    /// A past conversation that shares only words like "gak" with this one is not offered.
    @Test func aReplyNearOnlyByStopwordsIsNotOffered() async throws {
        let test = try TestStore()
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "sari", text: "@brand sinyal gak ada dari pagi"),
            Make.outbound("2", replyTo: "1", at: 5, text: "@sari Coba restart HP ya Kak ^RA"),
            Make.inbound("3", at: 60, from: "budi", text: "kuota gw kepotong padahal gak dipake"),
        ])
        let conversation = try #require(try await test.store.conversation(holding: "3"))
        let thread = try #require(try await test.store.thread(conversation.id))
        #expect(try await test.store.suggestions(for: thread, agent: "ani").filter { $0.source == .history }.isEmpty)
    }

    /// A past reply is sent as it is: an English customer is not offered one written in Indonesian.
    @Test func aPastReplyInAnotherLanguageIsNotOffered() async throws {
        let test = try TestStore()
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "sari", text: "@brand refund saya kapan masuk ya?"),
            Make.outbound(
                "2", replyTo: "1", at: 5, text: "@sari Halo Kak, refund akan masuk dalam 3-5 hari kerja ya ^RA"),
            Make.inbound("3", at: 60, from: "john", text: "when will my refund arrive? it has been a week"),
        ])
        let conversation = try #require(try await test.store.conversation(holding: "3"))
        let thread = try #require(try await test.store.thread(conversation.id))
        #expect(try await test.store.suggestions(for: thread, agent: "ani").filter { $0.source == .history }.isEmpty)
    }

    @Test func generalisationTurnsSpecificsIntoVariables() {
        let example = AnsweredExample(
            conversation: ConversationID(1), terms: "", reply: "@115712 Hi Budi, please DM us your number. ^JD",
            customerName: "Budi", customerHandle: "115712", score: 1)
        #expect(
            example.generalisedReply
                == "{{customer.handle}} Hi {{customer.name}}, please DM us your number. ^{{agent.name}}")
    }
}

/// Similar answered conversations when the customer's words are common in a large store: the rarer word picks the
/// candidates (the most recent of its matches), and the brand filter still holds.
@Suite struct HistoryAtScaleTests {
    @Test func commonWordsStillFindTheConversationWithTheRareOne() async throws {
        let test = try TestStore()
        // 3,000 answered conversations that all say "sinyal lemot pagi": 9,000 matches, over the FTS5 budget.
        var messages = Make.answered(
            3_000, text: { _ in "sinyal lemot dari pagi" }, reply: { _ in "Halo, coba restart ya" })
        // One of them also names the tower, and the answer that fixed it.
        messages.append(Make.inbound("qx", at: 5_000, from: "cx", text: "sinyal lemot dari pagi di menara bekasi"))
        messages.append(Make.outbound("rx", replyTo: "qx", at: 5_001, text: "Menara Bekasi sedang diperbaiki"))
        messages.append(
            Make.inbound("qy", at: 5_002, from: "cy", text: "sinyal lemot pagi menara bekasi", account: "other"))
        messages.append(Make.outbound("ry", replyTo: "qy", at: 5_003, account: "other", text: "Hubungi kami"))
        for start in stride(from: 0, to: messages.count, by: 2_000) {
            try await test.store.ingest(Array(messages[start..<min(messages.count, start + 2_000)]))
        }
        let terms = KnowledgeText.queryTerms("sinyal lemot pagi, menara bekasi gimana")
        let found = try await test.backend.similarAnswered(terms: terms, account: "brand", excluding: nil, limit: 3)
        #expect(found.first?.reply == "Menara Bekasi sedang diperbaiki")
        #expect(found.allSatisfy { $0.reply != "Hubungi kami" })
        #expect(found.count == 3)

        // Counted once after an import, the counts are what FTS5's vocabulary says, and the same answer comes back
        // from a new process that has not counted anything itself.
        try await test.store.refreshStatistics()
        let (counted, walked) = try await test.backend.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT documents FROM answered_term WHERE term = 'sinyal'"),
                try Int.fetchOne(db, sql: "SELECT doc FROM answered_vocabulary WHERE term = 'sinyal'")
            )
        }
        #expect(counted == 3_002)
        #expect(counted == walked)
        let fresh = try SQLiteBackend(path: test.path, policy: test.backend.policy, logger: Logger(label: "test"))
        let again = try await fresh.similarAnswered(terms: terms, account: "brand", excluding: nil, limit: 3)
        #expect(again.first?.reply == "Menara Bekasi sedang diperbaiki")
    }
}
