import Foundation
import Synchronization

/// What a customer wants of a message, as care teams sort it: a problem to solve, a question, something to do, an
/// opinion, praise, a deal, thanks, or spam.
public enum Intent: String, CaseIterable, Sendable, Codable, Comparable {
    /// A breach of what the customer expected: it does not work, it did not arrive, I was charged twice.
    case complaint
    case question
    /// Do something for me.
    case request
    /// A suggestion or an opinion.
    case feedback
    case praise
    /// Asking for promotions, discounts, prizes.
    case deal
    /// Thanks, an acknowledgement, a closing.
    case thanks
    case spam

    /// Which of a message's intents is primary: spam whatever else it says, then what costs the customer most.
    static let precedence: [Intent] = [.spam, .complaint, .request, .question, .deal, .feedback, .praise, .thanks]

    public static func < (lhs: Intent, rhs: Intent) -> Bool {
        (precedence.firstIndex(of: lhs) ?? 0) < (precedence.firstIndex(of: rhs) ?? 0)
    }

    /// Whether a message of this intent asks for an answer: complaints, questions, requests, deals and feedback do;
    /// thanks, praise that asks nothing, and spam do not.
    public var needsReply: Bool {
        switch self {
        case .complaint, .question, .request, .deal, .feedback: true
        case .praise, .thanks, .spam: false
        }
    }
}

/// The intents of one message, the primary first, and why.
public struct IntentReading: Hashable, Sendable {
    /// The first of the intents by ``Intent/precedence`` (a complaint that asks a question is a complaint); nil when
    /// no cue was found.
    public var primary: Intent?
    /// Every intent with a cue, the primary first.
    public var intents: [Intent]
    /// Whether the message asks for an answer: one of its intents does, and it is not spam. A message with no cue
    /// does (the safe side: nothing leaves the queue unread).
    public var needsReply: Bool
    /// The cues that decided it, per intent: `complaint: "belum sampai", "tidak bisa"; question: "?"`.
    public var why: String
}

/// Reads the intent of a customer's message from cues (words, phrases, punctuation) in informal Indonesian and
/// English, after the shared analysis makes slang standard (`gak bisa` is `tidak bisa`, `blm sampe` is `belum
/// sampai`). Explainable: every intent found names the cues that found it. Local and fixed: no model is downloaded.
///
/// Each cue adds its weight to its intent; an intent is carried when its weight reaches 1. A praise or thanks cue
/// after a negation (`gak bagus`, `not great`) counts for a complaint instead.
public struct IntentClassifier: Sendable {
    public init() {}

    static let sentiment = SentimentScorer()

    /// What a text gives the complaint model: its words made standard (`w:tidak`), each cue found (`cue:belum
    /// sampai`), each intent a cue carried (`c:complaint`), `?`, a negation, and whether it is addressed to a brand
    /// (`to:brand`: in the development data, a handle in it; for a message the store holds, always, so nil reads
    /// the handles and ``read(_:)`` passes true).
    public func features(_ text: String, addressedToBrand: Bool? = nil) -> [String] {
        features(Scan(text), addressedToBrand: addressedToBrand)
    }

    func features(_ scan: Scan, addressedToBrand: Bool?) -> [String] {
        var result = Set(scan.standard.map { "w:" + $0 })
        for match in scan.matches {
            result.insert("cue:" + match.cue.phrase)
            result.insert("c:" + match.cue.intent.rawValue)
        }
        // Links are left out: in the development data they mark random tweets, not what a customer writes to a
        // brand.
        if scan.text.contains("?") { result.insert("q") }
        if addressedToBrand ?? (scan.handles > 0) { result.insert("to:brand") }
        if scan.standard.contains(where: IntentCues.negators.contains)
            || scan.raw.contains(where: { $0.hasSuffix("n't") })
        {
            result.insert("neg")
        }
        return result.sorted()
    }

    /// A text read once: its words as written (lowercased, a doubled word's 2 dropped) and made standard, its links,
    /// handles and emoji, and the cues found in it (in the standard words first, then as written), in the cues'
    /// order.
    struct Scan {
        var text: String
        var tokens: [Token]
        var raw: [String] = []
        var standard: [String] = []
        var links = 0
        var handles = 0
        var emoji: [String] = []
        /// Each cue found, where, and in which words.
        var matches: [(cue: IntentCues.Cue, at: Int, standard: Bool)] = []

        init(_ text: String) {
            self.text = text
            tokens = Tokenizer.tokens(text)
            for token in tokens {
                switch token.kind {
                case .word, .number:
                    // "sampe2", "lama2": the 2 of a doubled word.
                    var word = token.text
                    if word.count > 2, word.hasSuffix("2"), word.dropLast().allSatisfy(\.isLetter) {
                        word = String(word.dropLast())
                    }
                    raw.append(word)
                    let replaced = IntentClassifier.standard(word)
                    standard.append(contentsOf: replaced.split(separator: " ").map(String.init))
                case .url: links += 1
                case .emoji: emoji.append(token.text)
                case .hashtag:
                    raw.append(token.text)
                    standard.append(token.text)
                case .handle: handles += 1
                }
            }
            var found: [Int: (at: Int, standard: Bool)] = [:]
            for (words, isStandard) in [(standard, true), (raw, false)] {
                for start in words.indices {
                    let word = words[start]
                    let candidates =
                        (IntentCues.byFirstWord[word] ?? []) + (IntentCues.byPrefix[String(word.prefix(3))] ?? [])
                    for index in candidates where found[index] == nil {
                        if IntentClassifier.matches(IntentCues.all[index].parts, in: words, at: start) {
                            found[index] = (start, isStandard)
                        }
                    }
                }
            }
            matches = found.keys.sorted().map { (IntentCues.all[$0], found[$0]?.at ?? 0, found[$0]?.standard ?? true) }
        }
    }

    /// Whether a cue's words stand in `words` from `start`.
    static func matches(_ parts: [IntentCues.Part], in words: [String], at start: Int) -> Bool {
        guard start + parts.count <= words.count else { return false }
        for (offset, part) in parts.enumerated() {
            let word = words[start + offset]
            if part.isPrefix ? !word.hasPrefix(part.text) : word != part.text { return false }
        }
        return true
    }

    /// A word made standard (``SlangLexicon``), remembered: customers repeat a small vocabulary.
    static func standard(_ word: String) -> String {
        if let known = standardCache.withLock({ $0[word] }) { return known }
        let standard = SlangLexicon.standard(word) ?? word
        standardCache.withLock { cache in
            if cache.count >= 100_000 { cache = [:] }
            cache[word] = standard
        }
        return standard
    }

    static let standardCache = Mutex<[String: String]>([:])

    public func read(_ text: String) -> IntentReading {
        let scan = Scan(text)
        var weights: [Intent: Double] = [:]
        var cues: [Intent: [String]] = [:]
        func add(_ intent: Intent, _ weight: Double, _ cue: String) {
            weights[intent, default: 0] += weight
            if !(cues[intent]?.contains(cue) ?? false) { cues[intent, default: []].append(cue) }
        }
        for match in scan.matches {
            let cue = match.cue
            let sequence = match.standard ? scan.standard : scan.raw
            if cue.intent == .praise || cue.intent == .thanks,
                sequence[max(0, match.at - 2)..<match.at].contains(where: IntentCues.negators.contains)
            {
                add(.complaint, 1, "not " + cue.phrase)
                continue
            }
            add(cue.intent, cue.weight, cue.phrase)
        }
        if text.contains("?") { add(.question, 1, "?") }
        // How it feels, by the shared sentiment lexicon: a message to a brand that is clearly unhappy complains of
        // something; one clearly happy and nothing else praises.
        // Scored only when it can change what is carried (it is the costliest step).
        let language = TextAnalyzer.guessLanguage(scan.tokens)
        let praise = weights[.praise] ?? 0
        // (In English the model decides a complaint, so there the sentiment can only add praise.)
        let complaintOpen = language != .english && weights[.complaint, default: 0] < 1
        if complaintOpen || (praise > 0 && praise < 1) {
            let feeling = Self.sentiment.score(text, language: language)
            if feeling <= -0.5 && weights[.thanks] == nil { add(.complaint, 1, "unhappy words") }
            if feeling >= 0.5 { add(.praise, 0.5, "happy words") }
        }
        for symbol in scan.emoji {
            if IntentCues.praiseEmoji.contains(symbol) { add(.praise, 1, symbol) }
            if IntentCues.angryEmoji.contains(symbol) { add(.complaint, 0.5, symbol) }
        }
        if scan.links > 0 && scan.raw.count <= 12 && weights[.complaint] == nil && weights[.question] == nil {
            add(.spam, 0.5, "a link")
        }
        // English: whether it is a complaint is the model's, trained on tweets to brands; its strongest evidence is
        // the why. Indonesian: the cues', the model knowing no Indonesian words.
        if language == .english {
            let found = features(scan, addressedToBrand: true)
            let model = ComplaintModel.shipped
            if model.score(found) > 0 {
                weights[.complaint] = max(1, weights[.complaint] ?? 0)
                cues[.complaint] = model.evidence(found, count: 3)
            } else {
                weights[.complaint] = nil
            }
        }
        let carried = weights.filter { $0.value >= 1 }.map(\.key).sorted()
        let primary = carried.first
        let why = carried.map { intent in
            "\(intent.rawValue): " + (cues[intent] ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return IntentReading(
            primary: primary, intents: carried,
            needsReply: carried.isEmpty || (primary != .spam && carried.contains(where: \.needsReply)),
            why: why.isEmpty ? "no cue: read as needing a reply" : why)
    }
}

/// The complaint model: logistic regression weights over ``IntentClassifier/features(_:addressedToBrand:)``
/// (`Resources/intent-complaint.tsv`).
struct ComplaintModel: Sendable {
    var bias: Double
    var weights: [String: Double]

    /// The log-odds that a text with these features is a complaint.
    func score(_ features: [String]) -> Double { features.reduce(bias) { $0 + (weights[$1] ?? 0) } }

    /// The features that speak most for a complaint, as people read them (`not working`, `refund`).
    func evidence(_ features: [String], count: Int) -> [String] {
        var seen = Set<String>()
        return features.filter { (weights[$0] ?? 0) > 0 && !$0.hasPrefix("to:") && !$0.hasPrefix("c:") }
            .sorted { left, right in
                // The cues first: a phrase says more than a word.
                let cues = (left.hasPrefix("cue:"), right.hasPrefix("cue:"))
                return cues.0 != cues.1 ? cues.0 : (weights[left] ?? 0) > (weights[right] ?? 0)
            }
            .map { feature -> String in
                if feature == "q" { return "?" }
                if feature == "neg" { return "a negation" }
                return String(feature.drop { $0 != ":" }.dropFirst())
            }
            .filter { seen.insert($0).inserted }.prefix(count).map { $0 }
    }

    static let shipped: ComplaintModel = {
        AnalysisFence.noteLoad("the complaint model")
        guard let url = Bundle.module.url(forResource: "intent-complaint", withExtension: "tsv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return ComplaintModel(bias: 0, weights: [:]) }
        return ComplaintModel(text)
    }()

    init(bias: Double, weights: [String: Double]) {
        self.bias = bias
        self.weights = weights
    }

    /// Reads the model's lines: feature, tab, weight; `bias` the intercept; `#` comments.
    init(_ text: String) {
        var bias = 0.0
        var weights: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let weight = Double(parts[1]) else { continue }
            if parts[0] == "bias" { bias = weight } else { weights[String(parts[0])] = weight }
        }
        self.init(bias: bias, weights: weights)
    }
}
