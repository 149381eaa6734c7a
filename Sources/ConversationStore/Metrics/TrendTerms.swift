import Foundation
import TextAnalysis

/// What a customer's message contributes to rising topics: its analysed words and the pairs of them, counted once a
/// message, by the hour. The store keeps each hour's counts as messages arrive (so a week's baseline is a sum of
/// rows, not a week of texts analysed again); the window is analysed as it stands.
public enum TrendTerms {
    /// Changed whenever ``terms(tokenized:)`` changes: a store whose counts were made by another version is counted
    /// again from its messages.
    public static let version = "2"
    /// The key in `store_info` saying which version the store's hourly counts were made by; absent while they are
    /// incomplete (a store that had messages before it kept the counts).
    public static let infoKey = "trend_index"
    /// The row counting every customer message of an hour: the denominator of a term's share.
    public static let messages = ""

    static let analyzer = TextAnalyzer()

    /// The terms of a text, each once, with how the text wrote it: its words as the shared analysis reads them in the
    /// text's language (slang made standard, so `lemot`, `lemottt` and `lambat` are one term; stemmed; stopwords
    /// dropped) and each adjacent pair of them ("kartu blokir"). Numbers, handles, links and any word with a digit in
    /// it are left out: they are rarely a topic, and an order number or a phone number must not outlive a redaction
    /// of the text in the counts.
    ///
    /// A pair never spans punctuation: "jakarta selatan, internet mati" pairs "jakarta selatan" and "internet mati",
    /// never "selatan internet".
    public static func terms(_ text: String, tokenized raw: [Token]) -> [(term: String, written: String)] {
        let language = TextAnalyzer.guessLanguage(raw)
        var seen = Set<String>()
        var result: [(term: String, written: String)] = []
        for clause in clauses(text, raw) {
            let words = analyzer.tokens(tokenized: clause, language: language).filter { token in
                (token.kind == .word || token.kind == .hashtag) && token.text.count >= 2
                    && !token.text.contains(where: \.isNumber) && !token.original.contains(where: \.isNumber)
            }
            for (index, token) in words.enumerated() {
                if seen.insert(token.text).inserted { result.append((token.text, token.original.lowercased())) }
                // A pair of two written words: a slang word standing for two ("gpp" → "tidak apa") is no phrase,
                // nor one word said twice.
                if index > 0, words[index - 1].original != token.original, words[index - 1].text != token.text {
                    let previous = words[index - 1]
                    let pair = previous.text + " " + token.text
                    if seen.insert(pair).inserted {
                        result.append((pair, previous.original.lowercased() + " " + token.original.lowercased()))
                    }
                }
            }
        }
        return result
    }

    public static func terms(_ text: String) -> [(term: String, written: String)] {
        terms(text, tokenized: Tokenizer.tokens(text))
    }

    /// What ends a clause between two words.
    static let clauseBreaks: Set<Character> = [".", ",", ";", ":", "!", "?", "(", ")", "\n", "…", "—", "–", "|"]

    /// The text's tokens in runs not broken by punctuation, each token found after the one before it (a token not
    /// found as written, after normalisation, stays in the run).
    static func clauses(_ text: String, _ raw: [Token]) -> [[Token]] {
        var result: [[Token]] = [[]]
        var rest = Substring(text)
        for token in raw {
            if let range = rest.range(of: token.original) {
                if !(result.last?.isEmpty ?? true),
                    rest[rest.startIndex..<range.lowerBound].contains(where: { clauseBreaks.contains($0) })
                {
                    result.append([])
                }
                rest = rest[range.upperBound...]
            }
            result[result.count - 1].append(token)
        }
        return result
    }

    /// The hour a time in milliseconds falls in, counted from 1970 (UTC).
    public static func hour(ofMilliseconds milliseconds: Int64) -> Int64 {
        milliseconds >= 0 ? milliseconds / 3_600_000 : (milliseconds - 3_599_999) / 3_600_000
    }

    public static func hour(of date: Date) -> Int64 { hour(ofMilliseconds: date.milliseconds) }
}

/// Hourly counts of terms in customer messages, as a batch adds them to a store: each message adds one to each of
/// its terms' counts in its hour, and one to the hour's message count (``TrendTerms/messages``).
public struct TermHours: Sendable {
    public struct Row: Hashable, Sendable {
        public var term: String
        public var hour: Int64
        public var count: Int

        public init(term: String, hour: Int64, count: Int) {
            self.term = term
            self.hour = hour
            self.count = count
        }
    }

    private struct Key: Hashable {
        var term: String
        var hour: Int64
    }

    private var counts: [Key: Int] = [:]

    public init() {}

    /// Counts a customer message written at `milliseconds` with these terms (each once).
    public mutating func add(_ terms: [String], atMilliseconds milliseconds: Int64) {
        let hour = TrendTerms.hour(ofMilliseconds: milliseconds)
        counts[Key(term: TrendTerms.messages, hour: hour), default: 0] += 1
        for term in terms { counts[Key(term: term, hour: hour), default: 0] += 1 }
    }

    /// Counts these customer texts (text and time in milliseconds), analysing each.
    public static func of(_ texts: [(text: String, at: Int64)]) -> [Row] {
        var hours = TermHours()
        for (text, at) in texts { hours.add(TrendTerms.terms(text).map(\.term), atMilliseconds: at) }
        return hours.rows
    }

    public var isEmpty: Bool { counts.isEmpty }

    /// The counts to add, in a fixed order (hour, then term) so that every writer takes row locks in the same order.
    public var rows: [Row] {
        counts.map { Row(term: $0.key.term, hour: $0.key.hour, count: $0.value) }.sorted {
            $0.hour != $1.hour ? $0.hour < $1.hour : $0.term < $1.term
        }
    }
}
