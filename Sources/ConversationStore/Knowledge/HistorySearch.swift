/// One search of the replies that worked before, ranked the same in every store: a store fetches the candidates
/// this asks for with its own text index, and this ranks them by the knowledge base's BM25 (``ArticleRanking``).
package struct HistorySearch {
    /// The query's searchable terms; every one counts in the ranking.
    package let terms: [String]
    private let counter: SearchCandidates.TermCounter

    /// How many matches of the rarer terms are taken at most, when the terms match too many to rank them all.
    package static let recentLimit = SearchCandidates.budget
    /// The most matches ranked whole.
    package static let wholeLimit = 4 * SearchCandidates.budget

    /// `nil` when nothing in the query is searchable.
    package init?(terms: [String]) {
        let cleaned = KnowledgeText.searchable(terms)
        guard !cleaned.isEmpty else { return nil }
        self.terms = cleaned
        counter = SearchCandidates.TermCounter(Set(cleaned))
    }

    /// Which matches to fetch, given how many answered conversations hold each term: every match of every term
    /// when there are few; otherwise the most recent `limit` matches of the rarer terms (a common word matches a
    /// large share of a big store, and an index scores every match before it sorts).
    package func candidates(frequencies: [String: Int]) -> (terms: [String], limit: Int) {
        let total = terms.reduce(0) { $0 + (frequencies[$1] ?? 0) }
        if total <= Self.wholeLimit { return (terms, max(total, 1)) }
        return (SearchCandidates.terms(terms, frequencies: frequencies, budget: Self.wholeLimit), Self.recentLimit)
    }

    /// The `limit` best of the fetched candidates (each its conversation and analysed terms), best first, ties by
    /// the older conversation (the one answered first); `documents` is about how many answered conversations the store holds.
    package func rank(
        _ candidates: [(conversation: Int64, terms: String)], documents: Int, frequencies: [String: Int], limit: Int
    ) -> [(index: Int, score: Double)] {
        let lengths = candidates.map { $0.terms.split(separator: " ").count }
        let ranking = ArticleRanking(
            documents: max(documents, candidates.count),
            averageLength: Double(lengths.reduce(0, +)) / Double(max(1, lengths.count)),
            documentFrequency: frequencies)
        let scored = candidates.enumerated().map { index, candidate -> (index: Int, score: Double) in
            var counts: [String: Int] = [:]
            counter.count(in: candidate.terms, weight: 1, into: &counts)
            return (index, ranking.score(frequencies: counts, length: Double(lengths[index])))
        }
        return Array(
            scored.sorted {
                $0.score > $1.score
                    || ($0.score == $1.score
                        && candidates[$0.index].conversation < candidates[$1.index].conversation)
            }.prefix(limit))
    }
}
