import Synchronization

/// Stems already worked out, per language, shared by every analyzer (the stemmers are pure, so a stem never goes
/// stale). Bounded: when it holds `capacity` words it starts again empty.
final class StemCache: Sendable {
    static let shared = StemCache()
    static let capacity = 200_000
    private let stems = Mutex<[TextAnalyzer.Language: [String: String]]>([:])

    func lookup(_ word: String, _ language: TextAnalyzer.Language) -> String? {
        stems.withLock { $0[language]?[word] }
    }

    func store(_ stem: String, for word: String, _ language: TextAnalyzer.Language) {
        stems.withLock { table in
            if table[language, default: [:]].count >= Self.capacity { table[language] = [:] }
            table[language, default: [:]][word] = stem
        }
    }
}

/// The one analysis every part shares: documents and queries go through the same steps, so what a customer writes
/// and what an article says meet in the same words.
///
/// 1. NFKC normalisation, case folding, tokens (words, numbers, handles, tags, URLs, emoji kept as units);
/// 2. characters repeated three or more times squeezed (`bangeeet` → `banget`);
/// 3. Indonesian slang replaced by the standard word (`gak` → `tidak`, `lemot` → `lambat`);
/// 4. stopwords of both languages dropped (for search; `analyze` shows them marked);
/// 5. words stemmed in the text's language: Sastrawi-compatible for Indonesian, Snowball for English.
public struct TextAnalyzer: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case indonesian = "id"
        case english = "en"
    }

    public let indonesian: IndonesianStemmer
    public let english: EnglishStemmer

    public init(indonesian: IndonesianStemmer = IndonesianStemmer(), english: EnglishStemmer = EnglishStemmer()) {
        self.indonesian = indonesian
        self.english = english
    }

    /// The analysed tokens; `language` `nil` guesses it from the text.
    public func tokens(_ text: String, language: Language? = nil, keepStopwords: Bool = false) -> [Token] {
        tokens(tokenized: Tokenizer.tokens(text), language: language, keepStopwords: keepStopwords)
    }

    /// The analysed tokens of a text already split by `Tokenizer` (a text analysed several ways is split once).
    public func tokens(tokenized raw: [Token], language: Language? = nil, keepStopwords: Bool = false) -> [Token] {
        AnalysisFence.noteAnalysis()
        let lang = language ?? Self.guessLanguage(raw)
        var result: [Token] = []
        for token in raw {
            guard token.kind == .word else {
                result.append(token)
                continue
            }
            let standard = SlangLexicon.standard(token.text)
            let replaced = lang == .indonesian ? (standard ?? token.text) : token.text
            // Slang for a stopword ("gak", "yg") is one in either analysis: read as English, it would otherwise
            // pass for a rare and telling word.
            if !keepStopwords, lang == .english, let standard, Stopwords.contains(standard) { continue }
            for word in replaced.split(separator: " ").map(String.init) where !word.isEmpty {
                if !keepStopwords && Stopwords.contains(word) { continue }
                let stem = stem(word, language: lang)
                result.append(Token(kind: .word, text: stem, original: token.original))
            }
        }
        return result
    }

    /// The words of a text as a search index or query takes them.
    public func terms(_ text: String, language: Language? = nil, keepStopwords: Bool = false) -> [String] {
        terms(tokenized: Tokenizer.tokens(text), language: language, keepStopwords: keepStopwords)
    }

    /// The terms of a text already split by `Tokenizer`.
    public func terms(tokenized raw: [Token], language: Language? = nil, keepStopwords: Bool = false) -> [String] {
        tokens(tokenized: raw, language: language, keepStopwords: keepStopwords).filter {
            $0.kind == .word || $0.kind == .hashtag || $0.kind == .number
        }.map(
            \.text)
    }

    public func stem(_ word: String, language: Language) -> String {
        // Customer traffic repeats a small vocabulary; a stem is worked out once and remembered.
        if let known = StemCache.shared.lookup(word, language) { return known }
        let stem: String
        switch language {
        case .indonesian:
            // Sastrawi stems ASCII words only; an English loanword it cannot reduce stays as it is.
            stem = indonesian.stem(word)
        case .english:
            stem = english.stem(word)
        }
        StemCache.shared.store(stem, for: word, language)
        return stem
    }

    /// Indonesian or English, by which language's common words the text uses more; Indonesian on a tie, since most of
    /// the traffic is.
    public static func guessLanguage(_ tokens: [Token]) -> Language {
        var indonesianScore = 0
        var englishScore = 0
        for token in tokens where token.kind == .word {
            let word = token.text
            if Stopwords.indonesian.contains(word) || SlangLexicon.standard(word) != nil { indonesianScore += 1 }
            if Stopwords.english.contains(word) { englishScore += 1 }
        }
        return englishScore > indonesianScore ? .english : .indonesian
    }

    public static func guessLanguage(_ text: String) -> Language {
        guessLanguage(Tokenizer.tokens(text))
    }
}
