import Foundation
import Synchronization

/// The knowledge base as a store keeps it for search, read whole: each article with its key (the order it was saved
/// in, which breaks ties), its analysed fields and weighted length, and each passage with its article's key.
public struct KnowledgeSnapshot: Sendable {
    public struct Entry: Sendable {
        public var key: Int64
        public var article: Article
        public var title: String
        public var tags: String
        public var body: String
        public var length: Int

        public init(key: Int64, article: Article, title: String, tags: String, body: String, length: Int) {
            (self.key, self.article, self.title, self.tags, self.body, self.length) =
                (key, article, title, tags, body, length)
        }
    }

    public struct Passage: Sendable {
        public var article: Int64
        public var terms: String
        public var length: Int

        public init(article: Int64, terms: String, length: Int) {
            (self.article, self.terms, self.length) = (article, terms, length)
        }
    }

    /// The store's count of changes to the knowledge base when it was read (see
    /// ``StoreBackend/knowledgeGeneration()``).
    public var generation: Int
    public var entries: [Entry]
    public var passages: [Passage]

    public init(generation: Int, entries: [Entry], passages: [Passage]) {
        (self.generation, self.entries, self.passages) = (generation, entries, passages)
    }

    /// The largest knowledge base searched in memory: a store's text index ranks it no faster than its floor, while
    /// in memory a search of 2,000 articles reads a few posting lists. Above this the store's index picks the
    /// candidates (see ``SearchCandidates``), which is what makes it fast at 20,000 articles. Analysed text, articles
    /// and passages together; a 2,000-article knowledge base of 400-byte articles is about 1.6 MB.
    public static let maximumBytes = 8 << 20
}

/// A small knowledge base ranked whole in memory, by the same rules as a store's search (``KnowledgeSearch``,
/// ``ArticleRanking``): every article and passage holding a picking term is scored, where a store's text index first
/// narrows them to its best matches (``ArticleRanking/candidates``, ``ArticleRanking/passageCandidates``). The
/// scores of the ones both score are the same to the last bit.
package struct KnowledgeIndex: Sendable {
    package let generation: Int
    private let keys: [Int64]
    private let keyIndex: [Int64: Int]
    private let articles: [Article]
    private let articleLengths: [Double]
    private let articleAverage: Double
    /// Each term's articles and its weighted count in each (title ×5, tags ×2, body ×1), in document order (as are
    /// the passages' lists).
    private let articlePostings: [String: [Posting]]
    private let passageArticles: [Int64]
    private let passageLengths: [Double]
    private let passageAverage: Double
    private let passagePostings: [String: [Posting]]
    /// Each pair of adjacent words ("top up") and the passages holding it, once each, as
    /// ``ArticleRanking/PairMatcher`` finds them.
    private let passagePairs: [String: [Int32]]

    struct Posting: Sendable {
        var document: Int32
        var count: Int32
    }

    package init(_ snapshot: KnowledgeSnapshot) {
        generation = snapshot.generation
        keys = snapshot.entries.map(\.key)
        keyIndex = Dictionary(snapshot.entries.enumerated().map { ($1.key, $0) }) { first, _ in first }
        articles = snapshot.entries.map(\.article)
        articleLengths = snapshot.entries.map { Double($0.length) }
        articleAverage = Self.average(snapshot.entries.map(\.length))
        var articlePostings: [String: [Posting]] = [:]
        for (index, entry) in snapshot.entries.enumerated() {
            var counts: [String: Int] = [:]
            for (text, weight) in [
                (entry.title, ArticleRanking.titleWeight), (entry.tags, ArticleRanking.tagsWeight), (entry.body, 1),
            ] {
                SearchCandidates.forEachWord(in: text) { counts[$0, default: 0] += weight }
            }
            for (term, count) in counts {
                articlePostings[term, default: []].append(Posting(document: Int32(index), count: Int32(count)))
            }
        }
        self.articlePostings = articlePostings
        passageArticles = snapshot.passages.map(\.article)
        passageLengths = snapshot.passages.map { Double($0.length) }
        passageAverage = Self.average(snapshot.passages.map(\.length))
        var passagePostings: [String: [Posting]] = [:]
        for (index, passage) in snapshot.passages.enumerated() {
            var counts: [String: Int] = [:]
            SearchCandidates.forEachWord(in: passage.terms) { counts[$0, default: 0] += 1 }
            for (term, count) in counts {
                passagePostings[term, default: []].append(Posting(document: Int32(index), count: Int32(count)))
            }
        }
        self.passagePostings = passagePostings
        var passagePairs: [String: [Int32]] = [:]
        for (index, passage) in snapshot.passages.enumerated() {
            let words = passage.terms.split(separator: " ")
            var seen = Set<String>()
            for (first, second) in zip(words, words.dropFirst()) {
                let pair = String(first) + " " + String(second)
                if seen.insert(pair).inserted { passagePairs[pair, default: []].append(Int32(index)) }
            }
        }
        self.passagePairs = passagePairs
    }

    private static func average(_ lengths: [Int]) -> Double {
        lengths.isEmpty ? 1 : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }

    /// The best `limit` articles for the analysed query terms and adjacent-term pairs, best first, as a store's
    /// ``StoreBackend/searchArticles(terms:pairs:limit:)`` returns them.
    package func search(terms: [String], pairs: Set<String>, limit: Int) -> [(article: Article, score: Double)] {
        guard let search = KnowledgeSearch(terms: terms, pairs: pairs) else { return [] }
        // The query's terms in order, as ArticleRanking.score adds them, so that each sum is the same.
        let ordered = search.terms.sorted()
        let pickers = Set(search.pickers)
        let articleScores = Self.scores(
            ordered, pickers: pickers, postings: articlePostings, lengths: articleLengths, average: articleAverage)
        var byKey: [Int64: Double] = [:]
        for (document, score) in articleScores.scores.enumerated() where articleScores.held[document] != 0 {
            byKey[keys[document]] = score
        }
        guard !byKey.isEmpty else { return [] }
        let passageScores = Self.scores(
            ordered, pickers: pickers, postings: passagePostings, lengths: passageLengths, average: passageAverage)
        // How many of the query's pairs each passage holds, from the passages' own pairs.
        var pairsHeld = [Int32](repeating: 0, count: passageLengths.count)
        for pair in pairs {
            for document in passagePairs[pair] ?? [] { pairsHeld[Int(document)] += 1 }
        }
        var byArticle: [Int64: [Double]] = [:]
        for (document, score) in passageScores.scores.enumerated() where passageScores.held[document] != 0 {
            let bonus = ArticleRanking.pairBonus(distinctPairs: Int(pairsHeld[document]))
            byArticle[passageArticles[document], default: []].append(score + bonus)
        }
        return KnowledgeSearch.best(articles: byKey, passages: byArticle, limit: limit).compactMap { key, score in
            keyIndex[key].map { (article: articles[$0], score: score) }
        }
    }

    /// Each document's score for the query's terms (in `ordered`, their order of addition), and which of the terms
    /// it holds (bit `i` for `ordered[i]`); a document holding no picking term is no candidate, and holds none.
    private static func scores(
        _ ordered: [String], pickers: Set<String>, postings: [String: [Posting]], lengths: [Double], average: Double
    ) -> (scores: [Double], held: [UInt64]) {
        let ranking = ArticleRanking(
            documents: lengths.count, averageLength: average,
            documentFrequency: Dictionary(uniqueKeysWithValues: ordered.map { ($0, postings[$0]?.count ?? 0) }))
        var candidate = [Bool](repeating: false, count: lengths.count)
        for term in pickers {
            for posting in postings[term] ?? [] { candidate[Int(posting.document)] = true }
        }
        var scores = [Double](repeating: 0, count: lengths.count)
        var held = [UInt64](repeating: 0, count: lengths.count)
        for (position, term) in ordered.enumerated() {
            guard let idf = ranking.idf(term), let list = postings[term] else { continue }
            for posting in list where candidate[Int(posting.document)] {
                let document = Int(posting.document)
                scores[document] += ranking.termScore(
                    idf: idf, count: Int(posting.count), length: lengths[document])
                held[document] |= UInt64(1) << UInt64(position)
            }
        }
        return (scores, held)
    }
}

/// The knowledge base of one store kept in memory between searches, read again when the store's count of changes
/// moves (an article saved by this process or another).
package final class KnowledgeIndexCache: Sendable {
    private enum State {
        case unknown
        /// Too large to keep, as of this generation.
        case tooLarge(generation: Int)
        case kept(KnowledgeIndex)
    }

    private let state = Mutex(State.unknown)

    package init() {}

    /// The index for the store's current knowledge base, or `nil` when it is too large to search in memory.
    package func index(_ backend: any StoreBackend) async throws -> KnowledgeIndex? {
        let generation = try await backend.knowledgeGeneration()
        switch state.withLock({ $0 }) {
        case .kept(let index) where index.generation == generation: return index
        case .tooLarge(let seen) where seen == generation: return nil
        default: break
        }
        guard let snapshot = try await backend.knowledgeSnapshot(maximumBytes: KnowledgeSnapshot.maximumBytes) else {
            state.withLock { $0 = .tooLarge(generation: generation) }
            return nil
        }
        let index = KnowledgeIndex(snapshot)
        state.withLock { $0 = .kept(index) }
        // Each article's snippet needs its lines analysed; done now, in the background, rather than when an agent
        // first meets the article.
        let articles = snapshot.entries.map(\.article)
        Task.detached(priority: .background) {
            for article in articles { _ = KnowledgeText.SnippetCache.shared.analysed(article) }
        }
        return index
    }
}
