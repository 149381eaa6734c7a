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
    /// and passages together (titles, bodies, analysed fields and lines): a knowledge base of 2,000 400-byte articles
    /// is about 2.4 MB. Measured at the limit (3,300 such articles, 3.9 MB), a console's peak memory stays under 80 MB
    /// (71 MB); at 7.8 MB it reached 98 MB.
    public static let maximumBytes = 4 << 20
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
    /// Every word of the knowledge base, numbered.
    private let words: [String: Int32]
    /// Each word's articles and its weighted count in each (title ×5, tags ×2, body ×1).
    private let articlePostings: PostingLists
    private let passageArticles: [Int64]
    private let passageLengths: [Double]
    private let passageAverage: Double
    private let passagePostings: PostingLists
    /// Each pair of adjacent words ("top up", the two words' numbers in one) and the passages holding it, once each,
    /// as ``ArticleRanking/PairMatcher`` finds them: sorted by pair, then passage.
    private let pairKeys: [UInt64]
    private let pairPassages: [Int32]

    /// Posting lists laid end to end: each word's documents (in document order) and counts.
    struct PostingLists: Sendable {
        private let starts: [Int32]
        private let documents: [Int32]
        private let counts: [Int32]

        /// `postings` in document order.
        init(words: Int, _ postings: [(word: Int32, document: Int32, count: Int32)]) {
            var starts = [Int32](repeating: 0, count: words + 1)
            for posting in postings { starts[Int(posting.word) + 1] += 1 }
            for word in 0..<words { starts[word + 1] += starts[word] }
            var next = starts
            var documents = [Int32](repeating: 0, count: postings.count)
            var counts = [Int32](repeating: 0, count: postings.count)
            for posting in postings {
                let at = Int(next[Int(posting.word)])
                (documents[at], counts[at]) = (posting.document, posting.count)
                next[Int(posting.word)] += 1
            }
            (self.starts, self.documents, self.counts) = (starts, documents, counts)
        }

        /// How many documents hold the word.
        func frequency(_ word: Int32?) -> Int {
            guard let word, Int(word) + 1 < starts.count else { return 0 }
            return Int(starts[Int(word) + 1] - starts[Int(word)])
        }

        func forEach(_ word: Int32?, _ body: (_ document: Int, _ count: Int) -> Void) {
            guard let word, Int(word) + 1 < starts.count else { return }
            for at in Int(starts[Int(word)])..<Int(starts[Int(word) + 1]) { body(Int(documents[at]), Int(counts[at])) }
        }
    }

    package init(_ snapshot: KnowledgeSnapshot) {
        generation = snapshot.generation
        keys = snapshot.entries.map(\.key)
        keyIndex = Dictionary(snapshot.entries.enumerated().map { ($1.key, $0) }) { first, _ in first }
        articles = snapshot.entries.map(\.article)
        articleLengths = snapshot.entries.map { Double($0.length) }
        articleAverage = Self.average(snapshot.entries.map(\.length))
        var words: [String: Int32] = [:]
        func number(_ word: String) -> Int32 {
            if let known = words[word] { return known }
            let next = Int32(words.count)
            words[word] = next
            return next
        }
        var postings: [(word: Int32, document: Int32, count: Int32)] = []
        for (index, entry) in snapshot.entries.enumerated() {
            var counts: [Int32: Int32] = [:]
            for (text, weight) in [
                (entry.title, ArticleRanking.titleWeight), (entry.tags, ArticleRanking.tagsWeight), (entry.body, 1),
            ] {
                SearchCandidates.forEachWord(in: text) { counts[number($0), default: 0] += Int32(weight) }
            }
            for (word, count) in counts { postings.append((word, Int32(index), count)) }
        }
        let articleWords = postings
        passageArticles = snapshot.passages.map(\.article)
        passageLengths = snapshot.passages.map { Double($0.length) }
        passageAverage = Self.average(snapshot.passages.map(\.length))
        postings = []
        var pairs: [(key: UInt64, passage: Int32)] = []
        for (index, passage) in snapshot.passages.enumerated() {
            var counts: [Int32: Int32] = [:]
            SearchCandidates.forEachWord(in: passage.terms) { counts[number($0), default: 0] += 1 }
            for (word, count) in counts { postings.append((word, Int32(index), count)) }
            let split = passage.terms.split(separator: " ").map { number(String($0)) }
            var seen = Set<UInt64>()
            for (first, second) in zip(split, split.dropFirst()) {
                let key = Self.pairKey(first, second)
                if seen.insert(key).inserted { pairs.append((key, Int32(index))) }
            }
        }
        articlePostings = PostingLists(words: words.count, articleWords)
        passagePostings = PostingLists(words: words.count, postings)
        pairs.sort { ($0.key, $0.passage) < ($1.key, $1.passage) }
        pairKeys = pairs.map(\.key)
        pairPassages = pairs.map(\.passage)
        self.words = words
    }

    private static func pairKey(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
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
        let articleScores = scores(
            ordered, pickers: pickers, postings: articlePostings, lengths: articleLengths, average: articleAverage)
        var byKey: [Int64: Double] = [:]
        for (document, score) in articleScores.scores.enumerated() where articleScores.candidate[document] {
            byKey[keys[document]] = score
        }
        guard !byKey.isEmpty else { return [] }
        let passageScores = scores(
            ordered, pickers: pickers, postings: passagePostings, lengths: passageLengths, average: passageAverage)
        // How many of the query's pairs each passage holds, from the passages' own pairs.
        var pairsHeld = [Int32](repeating: 0, count: passageLengths.count)
        for pair in pairs {
            let split = pair.split(separator: " ", omittingEmptySubsequences: false)
            guard split.count == 2, let first = words[String(split[0])], let second = words[String(split[1])] else {
                continue
            }
            let key = Self.pairKey(first, second)
            var at = Self.firstIndex(of: key, in: pairKeys)
            while at < pairKeys.count && pairKeys[at] == key {
                pairsHeld[Int(pairPassages[at])] += 1
                at += 1
            }
        }
        var byArticle: [Int64: [Double]] = [:]
        for (document, score) in passageScores.scores.enumerated() where passageScores.candidate[document] {
            let bonus = ArticleRanking.pairBonus(distinctPairs: Int(pairsHeld[document]))
            byArticle[passageArticles[document], default: []].append(score + bonus)
        }
        return KnowledgeSearch.best(articles: byKey, passages: byArticle, limit: limit).compactMap { key, score in
            keyIndex[key].map { (article: articles[$0], score: score) }
        }
    }

    /// The first position in sorted `keys` holding `key` or a larger one.
    private static func firstIndex(of key: UInt64, in keys: [UInt64]) -> Int {
        var (low, high) = (0, keys.count)
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Each document's score for the query's terms (in `ordered`, their order of addition), and whether it is a
    /// candidate (it holds a picking term).
    private func scores(
        _ ordered: [String], pickers: Set<String>, postings: PostingLists, lengths: [Double], average: Double
    ) -> (scores: [Double], candidate: [Bool]) {
        let ranking = ArticleRanking(
            documents: lengths.count, averageLength: average,
            documentFrequency: Dictionary(
                uniqueKeysWithValues: ordered.map { ($0, postings.frequency(words[$0])) }))
        var candidate = [Bool](repeating: false, count: lengths.count)
        for term in pickers {
            postings.forEach(words[term]) { document, _ in candidate[document] = true }
        }
        var scores = [Double](repeating: 0, count: lengths.count)
        for term in ordered {
            guard let idf = ranking.idf(term) else { continue }
            postings.forEach(words[term]) { document, count in
                guard candidate[document] else { return }
                scores[document] += ranking.termScore(idf: idf, count: count, length: lengths[document])
            }
        }
        return (scores, candidate)
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
    /// The largest knowledge base kept, in bytes of text (``KnowledgeSnapshot/maximumBytes``).
    private let maximumBytes: Int

    package init(maximumBytes: Int = KnowledgeSnapshot.maximumBytes) { self.maximumBytes = maximumBytes }

    /// The index for the store's current knowledge base, or `nil` when it is too large to search in memory.
    package func index(_ backend: any StoreBackend) async throws -> KnowledgeIndex? {
        let generation = try await backend.knowledgeGeneration()
        switch state.withLock({ $0 }) {
        case .kept(let index) where index.generation == generation: return index
        case .tooLarge(let seen) where seen == generation: return nil
        default: break
        }
        guard try await backend.knowledgeBytes() <= maximumBytes else {
            state.withLock { $0 = .tooLarge(generation: generation) }
            return nil
        }
        let index = KnowledgeIndex(try await backend.knowledgeSnapshot())
        state.withLock { $0 = .kept(index) }
        return index
    }
}
