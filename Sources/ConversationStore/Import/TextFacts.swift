import TextAnalysis

/// What the store derives from the customers' texts (each text's sentiment and search terms), worked out before the
/// write transaction: an import analyses the next batch on the reading core while the store writes this one, and the
/// single writer is left with arithmetic. A text not found here is analysed where it is needed.
public struct TextFacts: Sendable {
    package var sentiment: [String: Double] = [:]
    var terms: [String: [String]] = [:]
    /// The kinds of personal data in each text, as ``PersonalDataRules/bits(_:)``.
    var personalData: [String: Int] = [:]
    /// What each customer text wants (``IntentClassifier``).
    var intents: [String: IntentReading] = [:]
    /// Each text's terms for rising topics (``TrendTerms``).
    var trendTerms: [String: [String]] = [:]

    public init() {}

    /// The facts of the customers' messages of a batch.
    public init(_ messages: [IncomingMessage]) {
        self.init(texts: messages.lazy.filter { $0.direction == .inbound }.map(\.text))
    }

    /// The facts of these customer texts. The dictionaries are loaded here too, even for no texts, so that whatever
    /// the write transaction after still analyses finds them loaded.
    public init<Texts: Sequence<String>>(texts: Texts) {
        AnalysisFence.prepare()
        for text in texts where sentiment[text] == nil {
            // Split once: the language guess, both analyses of the terms and the sentiment's language share it.
            let tokens = Tokenizer.tokens(text)
            sentiment[text] = Self.scorer.score(text, language: TextAnalyzer.guessLanguage(tokens))
            terms[text] = KnowledgeText.queryTerms(tokenized: tokens)
            personalData[text] = PersonalDataRules.bits(PersonalData.kinds(in: text))
            trendTerms[text] = TrendTerms.terms(text, tokenized: tokens).map(\.term)
            intents[text] = Self.intentClassifier.read(text)
        }
    }

    static let scorer = SentimentScorer()
    static let intentClassifier = IntentClassifier()

    /// What a customer text wants.
    func intent(of text: String) -> IntentReading { intents[text] ?? Self.intentClassifier.read(text) }

    package func sentiment(of text: String) -> Double { sentiment[text] ?? Self.scorer.score(text) }

    /// The kinds of personal data in a text, as ``PersonalDataRules/bits(_:)``.
    func personalData(of text: String) -> Int {
        personalData[text] ?? PersonalDataRules.bits(PersonalData.kinds(in: text))
    }

    /// A customer text's terms for rising topics (``TrendTerms/terms(tokenized:)``).
    public func trendTerms(of text: String) -> [String] {
        trendTerms[text] ?? TrendTerms.terms(text).map(\.term)
    }

    /// The search terms of texts a customer wrote, in order, each once: the union of each text's analysis (both
    /// languages are taken for every text, so this is the terms of the texts taken together).
    func terms(of texts: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for text in texts {
            for term in terms[text] ?? KnowledgeText.queryTerms(text) where seen.insert(term).inserted {
                result.append(term)
            }
        }
        return result
    }
}
