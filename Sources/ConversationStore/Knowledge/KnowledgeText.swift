import Foundation
import TextAnalysis

/// The analysis the knowledge base and suggestions run on, the same for every backend: articles are indexed, and
/// queries and customer messages searched, as analysed terms (slang normalised, stopwords dropped, stemmed).
package enum KnowledgeText {
    static let analyzer = TextAnalyzer()

    static func language(of article: Article) -> TextAnalyzer.Language? {
        switch article.language?.lowercased() {
        case "id": .indonesian
        case "en": .english
        default: nil
        }
    }

    /// Terms for the search index: title, tags and body, each as space-separated analysed terms.
    package static func indexed(_ article: Article) -> (title: String, tags: String, body: String) {
        let language = language(of: article) ?? TextAnalyzer.guessLanguage(article.title + " " + article.body)
        func terms(_ text: String) -> String {
            analyzer.terms(text, language: language, keepStopwords: true).joined(separator: " ")
        }
        return (terms(article.title), terms(article.tags.joined(separator: " ")), terms(article.body))
    }

    /// The passages of an article as analysed terms: its title, then each line of text (headings and agent notes
    /// left out).
    package static func passages(_ article: Article) -> [String] {
        let language = language(of: article) ?? TextAnalyzer.guessLanguage(article.title + " " + article.body)
        let lines =
            [article.title]
            + article.body.split(whereSeparator: \.isNewline).map(String.init).filter {
                !$0.hasPrefix("#") && !$0.hasPrefix(">")
            }
        return lines.map { analyzer.terms($0, language: language, keepStopwords: true).joined(separator: " ") }.filter {
            !$0.isEmpty
        }
    }

    /// The terms of what a customer or an agent typed. The traffic mixes Indonesian and English, so both analyses
    /// are taken: a word stemmed either way can meet an article written in either language.
    /// Stopwords are kept for ranking (on a BANKING77 development split, dropping them cost 1.5 points: "not",
    /// "how", "why" separate intents) and dropped for matching templates by their words.
    static func queryTerms(_ text: String, keepStopwords: Bool = true) -> [String] {
        queryTerms(tokenized: Tokenizer.tokens(text), keepStopwords: keepStopwords)
    }

    /// The same, of a text already split by `Tokenizer`: split once, analysed both ways.
    static func queryTerms(tokenized raw: [Token], keepStopwords: Bool = true) -> [String] {
        var seen = Set<String>()
        let guessed = TextAnalyzer.guessLanguage(raw)
        let other: TextAnalyzer.Language = guessed == .english ? .indonesian : .english
        let terms =
            analyzer.terms(tokenized: raw, language: guessed, keepStopwords: keepStopwords)
            + analyzer.terms(tokenized: raw, language: other, keepStopwords: keepStopwords)
        return terms.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The terms a search uses: letters and digits only (nothing reaches an FTS5 query that it would read as
    /// syntax), each once, the first 64 in the query's order. The order is the query's, never a hash set's, so the
    /// same query ranks the same way in every process.
    package static func searchable(_ terms: [String]) -> [String] {
        var seen = Set<String>()
        return Array(
            terms.map { $0.filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty && seen.insert($0).inserted }
                .prefix(64))
    }

    /// Adjacent analysed terms of `text` ("top up", "not work"), in both analyses, as "a b".
    static func queryPairs(_ text: String) -> Set<String> {
        var pairs = Set<String>()
        for language in [TextAnalyzer.Language.indonesian, .english] {
            let terms = analyzer.terms(text, language: language, keepStopwords: true)
            for (a, b) in zip(terms, terms.dropFirst()) { pairs.insert(a + " " + b) }
        }
        return pairs
    }

    /// The words of `text`, as the writer spelt them, whose analysed terms are among `terms`.
    static func words(of text: String, matching terms: Set<String>) -> [String] {
        var seen = Set<String>()
        let tokens = analyzer.tokens(text, language: .indonesian) + analyzer.tokens(text, language: .english)
        return tokens.filter { terms.contains($0.text) }.map { $0.original.lowercased() }.filter {
            seen.insert($0).inserted
        }
    }

    /// The line of the body that matches the most query terms, shortened for a result list; and the query's words
    /// that the article matched.
    package static func snippet(for article: Article, queryText: String) -> (snippet: String, matched: [String]) {
        snippet(for: article, query: Set(queryTerms(queryText)), queryText: queryText)
    }

    /// The same, with the query's terms (``queryTerms(_:keepStopwords:)``) worked out once for every hit. Each line
    /// of the body is analysed once, for picking the passage and for the words the article shares with the query,
    /// and kept (``SnippetCache``): the articles a team searches come back again and again.
    package static func snippet(
        for article: Article, query: Set<String>, queryText: String
    ) -> (snippet: String, matched: [String]) {
        let analysed = SnippetCache.shared.analysed(article)
        var best = ""
        var bestScore = -1
        let unquoted = analysed.passages.filter { !$0.quoted }
        for passage in unquoted.isEmpty ? analysed.passages : unquoted {
            let score = passage.terms.intersection(query).count
            if score > bestScore {
                best = passage.text
                bestScore = score
            }
        }
        let matched = analyzer.tokens(queryText, language: analysed.language).filter {
            analysed.terms.contains($0.text)
        }.map { $0.original.lowercased() }
        var seen = Set<String>()
        return (Snippet.make(best), matched.filter { seen.insert($0).inserted })
    }

    /// An article as the snippet needs it: each line of the body with its analysed terms, and every term of the
    /// article.
    struct AnalysedArticle: Sendable {
        var language: TextAnalyzer.Language
        var terms: Set<String>
        var passages: [(text: String, terms: Set<String>, quoted: Bool)]

        init(_ article: Article) {
            language = KnowledgeText.language(of: article) ?? TextAnalyzer.guessLanguage(article.body)
            terms = Set(analyzer.terms(article.title + " " + article.tags.joined(separator: " "), language: language))
            passages = []
            for line in article.body.split(whereSeparator: \.isNewline) {
                let lineTerms = Set(analyzer.terms(String(line), language: language))
                terms.formUnion(lineTerms)
                // Headings repeat the title and quotes are notes for agents: the passage comes from the text itself.
                let text = line.drop { $0 == "#" || $0 == ">" || $0 == " " }
                guard !text.isEmpty else { continue }
                passages.append((String(text), lineTerms, line.hasPrefix("#") || line.hasPrefix(">")))
            }
        }
    }

    /// The analysed articles of recent searches, by id, each kept with the text it was analysed from (an article
    /// saved anew is analysed anew). At most `capacity` are kept; past that the cache starts over.
    final class SnippetCache: @unchecked Sendable {
        static let shared = SnippetCache(capacity: 4_096)

        private let capacity: Int
        private let lock = NSLock()
        private var entries: [String: (article: Article, analysed: AnalysedArticle)] = [:]

        init(capacity: Int) { self.capacity = capacity }

        func analysed(_ article: Article) -> AnalysedArticle {
            if let kept = lock.withLock({ entries[article.id] }), kept.article.body == article.body,
                kept.article.title == article.title, kept.article.tags == article.tags,
                kept.article.language == article.language
            {
                return kept.analysed
            }
            let analysed = AnalysedArticle(article)
            lock.withLock {
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[article.id] = (article, analysed)
            }
            return analysed
        }
    }
}
