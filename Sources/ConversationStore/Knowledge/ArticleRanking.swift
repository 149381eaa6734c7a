import Foundation

/// BM25 over an article's analysed fields, the title counting five times and the tags twice.
///
/// SQLite's own `bm25()` gives a term found in more than half of the articles an IDF of almost zero; in a knowledge
/// base of a few dozen articles on one subject that throws away words that still separate them. This ranking floors
/// such IDFs at a quarter of the average IDF instead (as the common Okapi implementations do), and uses k1 = 1.5,
/// b = 0.75. On BANKING77 (one article per intent) it lifts top-1 from 0.740 to 0.783; mixing in each article's best
/// passage (a line of its text, searched on its own) lifts it to 0.818, keeping stopwords in the scoring to 0.832,
/// and scoring the passages with this BM25 too to 0.841. Letting an article's best ten passages vote (below) took the
/// development split from 0.830 to 0.853, and a bonus for adjacent query terms a passage holds in order (below) took
/// the whole development split from 0.860 to 0.874 and the test split to 0.872.
package struct ArticleRanking {
    package static let titleWeight = 5
    package static let tagsWeight = 2
    /// How many of the text index's best matches are re-ranked, articles and passages (every store: the accuracy
    /// figures above were measured with these).
    package static let candidates = 200
    package static let passageCandidates = 500
    static let k1 = 1.5
    static let b = 0.75

    let documents: Int
    let averageLength: Double
    let documentFrequency: [String: Int]
    private let idf: [String: Double]

    package init(documents: Int, averageLength: Double, documentFrequency: [String: Int]) {
        self.documents = documents
        self.averageLength = max(averageLength, 1)
        self.documentFrequency = documentFrequency
        let n = Double(max(documents, 1))
        var raw: [String: Double] = [:]
        for (term, count) in documentFrequency {
            raw[term] = log((n - Double(count) + 0.5) / (Double(count) + 0.5))
        }
        let positive = raw.values.filter { $0 > 0 }.sorted()
        let floor = 0.25 * (positive.isEmpty ? 1 : positive.reduce(0, +) / Double(positive.count))
        idf = raw.mapValues { $0 > 0 ? $0 : floor }
    }

    package static func weightedLength(_ fields: (title: String, tags: String, body: String)) -> Int {
        func count(_ text: String) -> Int { text.split(separator: " ").count }
        return titleWeight * count(fields.title) + tagsWeight * count(fields.tags) + count(fields.body)
    }

    /// How much the whole article counts against its passages' vote (each normalised by the best of the search).
    /// Chosen on a development split of BANKING77's train questions (80/20): with the best passage alone, 0.3 → 0.82,
    /// 0.5 → 0.85, 0.7 → 0.86, 0.9 → 0.85, 1.0 (article alone) → 0.82 (of 200 questions); with the vote, on 1,000
    /// questions, 0.3 → 0.826, 0.5 → 0.839, 0.6 → 0.853, 0.7 → 0.843.
    static let articleWeight = 0.6

    /// An article's passages vote like near neighbours: the best counts fully, the next ones less and less (×0.85
    /// each), ten at most; the more of its lines match the question, the likelier the article answers it. On the
    /// development split: the best passage alone 0.830, ×0.5 over three 0.839, ×0.7 over five 0.842, ×0.85 over ten
    /// 0.853, ×0.9 over fifteen 0.843, ×0.95 over twenty 0.838.
    static let passageDecay = 0.85
    static let passageVoters = 10

    /// The vote of an article's passage scores.
    package static func vote(_ scores: [Double]) -> Double {
        var weight = 1.0
        var total = 0.0
        for score in scores.sorted(by: >).prefix(passageVoters) {
            total += weight * score
            weight *= passageDecay
        }
        return total
    }

    /// What a passage gains for each pair of adjacent query terms it holds in the same order ("top up", "not work",
    /// "how do"): BM25 alone cannot tell "card arrive" from "arrive card", and many intents differ only so. On the
    /// whole development split (2,001 questions; 0.8596 without pairs), a flat bonus of 0.5 → 0.8666, 1 → 0.8671,
    /// 1.5 → 0.8706, 2 → 0.8736, 3 → 0.8696, 5 → 0.8671; a bonus scaled by the pair's IDF did less (the lower of the
    /// two: 0.8606; their mean: 0.8681), and leaving out pairs of two stopwords cost 0.3 points.
    static let pairWeight = 2.0

    /// The bonus of a passage (space-separated analysed terms) for the query's adjacent-term pairs ("a b").
    package static func pairBonus(passage: String, queryPairs: Set<String>) -> Double {
        pairBonus(passage: passage, pairs: PairMatcher(queryPairs))
    }

    /// The same, with the query's pairs prepared once for every passage of a search.
    package static func pairBonus(passage: String, pairs: PairMatcher) -> Double {
        pairBonus(distinctPairs: pairs.distinctPairs(in: passage))
    }

    /// The bonus of a passage holding this many of the query's pairs.
    package static func pairBonus(distinctPairs: Int) -> Double {
        pairWeight * Double(distinctPairs)
    }

    /// A query's adjacent-term pairs, found in a passage by reading its bytes: a word becomes a string only when its
    /// first byte and length could make it a pair's first word (or, right after one, its second), so most words of
    /// most passages cost a byte compare, and a pair's text is put together only when the passage holds it.
    package struct PairMatcher {
        /// The second words of the pairs, by first word.
        private let follows: [String: Set<String>]
        private var firstBytes = [Bool](repeating: false, count: 256)
        private var firstLengths = Set<Int>()

        package init(_ pairs: Set<String>) {
            var follows: [String: Set<String>] = [:]
            for pair in pairs {
                let words = pair.split(separator: " ", omittingEmptySubsequences: false)
                guard words.count == 2, let first = words[0].utf8.first else { continue }
                follows[String(words[0]), default: []].insert(String(words[1]))
                firstBytes[Int(first)] = true
                firstLengths.insert(words[0].utf8.count)
            }
            self.follows = follows
        }

        /// How many different pairs the passage (words separated by spaces) holds, each in its order.
        package func distinctPairs(in passage: String) -> Int {
            guard !follows.isEmpty else { return 0 }
            var matched = Set<String>()
            var passage = passage
            passage.withUTF8 { bytes in
                var start = 0
                // The pair first words the previous word could be followed by, and that word.
                var seconds: Set<String>?
                var previous = ""
                func word(_ end: Int) {
                    guard end > start else { return }
                    var next: Set<String>?
                    var text: String?
                    if let wanted = seconds {
                        let term = String(decoding: bytes[start..<end], as: UTF8.self)
                        if wanted.contains(term) { matched.insert(previous + " " + term) }
                        text = term
                    }
                    if firstBytes[Int(bytes[start])], firstLengths.contains(end - start) {
                        let term = text ?? String(decoding: bytes[start..<end], as: UTF8.self)
                        next = follows[term]
                        if next != nil { previous = term }
                    }
                    seconds = next
                }
                for index in 0..<bytes.count where bytes[index] == 0x20 {
                    word(index)
                    start = index + 1
                }
                word(bytes.count)
            }
            return matched.count
        }
    }

    /// Mixes whole-article scores with best-passage scores.
    package static func combine(
        articles: [Int64: Double], passages: [Int64: Double], articleWeight: Double = articleWeight
    )
        -> [Int64: Double]
    {
        let topArticle = max(articles.values.max() ?? 0, 1e-9)
        let topPassage = max(passages.values.max() ?? 0, 1e-9)
        var result: [Int64: Double] = [:]
        for id in Set(articles.keys).union(passages.keys) {
            result[id] =
                articleWeight * (articles[id] ?? 0) / topArticle + (1 - articleWeight) * (passages[id] ?? 0)
                / topPassage
        }
        return result
    }

    /// The score of an article whose weighted term counts (title ×5, tags ×2, body ×1) for the query's terms are
    /// `frequencies`, and whose weighted length is `length`.
    package func score(frequencies: [String: Int], length: Double) -> Double {
        var total = 0.0
        // In term order, so that the sum (and a tie) comes out the same in every process.
        for (term, count) in frequencies.sorted(by: { $0.key < $1.key }) where count > 0 {
            total += termScore(term, count: count, length: length)
        }
        return total
    }

    /// What one query term found `count` times (weighted) adds to the score of a document of weighted `length`.
    package func termScore(_ term: String, count: Int, length: Double) -> Double {
        guard let weight = idf[term] else { return 0 }
        return termScore(idf: weight, count: count, length: length)
    }

    /// The same, with the term's IDF (``idf(_:)``) looked up once for many documents.
    @inline(__always)
    package func termScore(idf weight: Double, count: Int, length: Double) -> Double {
        let f = Double(count)
        return weight * f * (Self.k1 + 1) / (f + Self.k1 * (1 - Self.b + Self.b * length / averageLength))
    }

    /// A query term's IDF; `nil` for a term not in the query.
    package func idf(_ term: String) -> Double? { idf[term] }
}
