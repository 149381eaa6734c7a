import TextAnalysis

/// One knowledge-base search, ranked the same in every store: a store finds candidate articles and passages with
/// its own text index (picked by ``pickers``), and this ranks them (see ``ArticleRanking`` for why).
package struct KnowledgeSearch {
    /// The query's searchable terms; every one counts in the ranking.
    package let terms: [String]
    /// The terms that pick candidates: stopwords count in the ranking but do not pick, since matching every
    /// article that says "the" or "yang" would make the index score the whole knowledge base.
    package let pickers: [String]
    private let pairs: ArticleRanking.PairMatcher
    /// Each pair's two words, to skip the pair bonus for a passage that lacks a word of every pair; `nil` when a
    /// pair has a word the counter does not count (the bonus is then always worked out).
    private let pairWords: [(String, String)]?
    private let counter: SearchCandidates.TermCounter

    /// `nil` when nothing in the query is searchable.
    package init?(terms: [String], pairs: Set<String>) {
        let cleaned = KnowledgeText.searchable(terms)
        guard !cleaned.isEmpty else { return nil }
        self.terms = cleaned
        let picking = cleaned.filter { !Stopwords.contains($0) }
        pickers = picking.isEmpty ? cleaned : picking
        self.pairs = ArticleRanking.PairMatcher(pairs)
        let wanted = Set(cleaned)
        counter = SearchCandidates.TermCounter(wanted)
        let split = pairs.map { $0.split(separator: " ").map(String.init) }
        pairWords =
            split.allSatisfy { $0.count == 2 && $0.allSatisfy(wanted.contains) } ? split.map { ($0[0], $0[1]) } : nil
    }

    /// A candidate article's score from its analysed title, tags and body.
    package func articleScore(
        title: String, tags: String, body: String, length: Int, ranking: ArticleRanking
    ) -> Double {
        var counts: [String: Int] = [:]
        counter.count(in: title, weight: ArticleRanking.titleWeight, into: &counts)
        counter.count(in: tags, weight: ArticleRanking.tagsWeight, into: &counts)
        counter.count(in: body, weight: 1, into: &counts)
        return ranking.score(frequencies: counts, length: Double(length))
    }

    /// A candidate passage's score from its analysed text, with the bonus for the query's word pairs it holds.
    package func passageScore(terms passage: String, length: Int, ranking: ArticleRanking) -> Double {
        var counts: [String: Int] = [:]
        counter.count(in: passage, weight: 1, into: &counts)
        return ranking.score(frequencies: counts, length: Double(length))
            + pairBonus(passage: passage) { counts[$0.0] != nil && counts[$0.1] != nil }
    }

    /// A passage's bonus for the query's word pairs it holds; `holds` says whether it holds both words of a pair
    /// (a pair can only be in a passage that does, and most passages hold neither).
    package func pairBonus(passage: String, holds: ((String, String)) -> Bool) -> Double {
        let mayHoldAPair = pairWords?.contains(where: holds) ?? true
        return mayHoldAPair ? ArticleRanking.pairBonus(passage: passage, pairs: pairs) : 0
    }

    /// The best `limit` articles by their own scores and their passages' votes, best first (ties by key).
    package static func best(
        articles: [Int64: Double], passages: [Int64: [Double]], limit: Int
    ) -> [(key: Int64, score: Double)] {
        let combined = ArticleRanking.combine(articles: articles, passages: passages.mapValues(ArticleRanking.vote))
        return Array(
            combined.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(limit)
        ).map { (key: $0.key, score: $0.value) }
    }
}
