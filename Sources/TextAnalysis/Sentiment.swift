/// How a message feels, from −1 (angry, disappointed) to +1 (happy, grateful), in Indonesian and English.
///
/// A lexicon written for this project scores words (and emoji); a negation (`tidak`, `gak`, `bukan`, `not`, …)
/// turns the next sentiment word within three words around (`gak bagus` is negative), and an intensifier
/// (`sangat`, `very`, …) before a feeling word, or a repeated `!`, makes it count more (`sangat lambat`); after a turn
/// (`tapi`, `namun`, `but`) what came before counts half (`enak, tapi mahal` is negative).
public struct SentimentScorer: Sendable {
    public let analyzer: TextAnalyzer

    public init(analyzer: TextAnalyzer = TextAnalyzer()) {
        self.analyzer = analyzer
    }

    /// How much of what came before "tapi", "namun", "but"… still counts. On the development split (SmSA valid,
    /// EmoT valid): 1 (no turn) 0.791 / 0.575, 0.5 0.794 / 0.575, 0.3 0.795 / 0.577.
    static let beforeContrast = 0.5

    /// The score of a text: the balance of positive and negative weight, in −1...1; 0 when nothing carries feeling.
    public func score(_ text: String) -> Double {
        score(text, language: TextAnalyzer.guessLanguage(text))
    }

    /// The score of a text whose language is already known (`TextAnalyzer.guessLanguage`).
    public func score(_ text: String, language: TextAnalyzer.Language) -> Double {
        var positive = 0.0
        var negative = 0.0
        var negateFor = 0
        var intensity = 1.0
        let exclamations = text.filter { $0 == "!" }.count
        // A negation reaches no further than its clause: "gak sampe, kecewa" is still disappointed.
        let clauses = text.split(whereSeparator: { ".,;:!?\n".contains($0) })
        for clause in clauses {
            negateFor = 0
            intensity = 1
            for token in analyzer.tokens(String(clause), language: language, keepStopwords: true) {
                if token.kind == .emoji {
                    if SentimentLexicon.negativeEmoji.contains(token.text) { negative += 1 }
                    if SentimentLexicon.positiveEmoji.contains(token.text) { positive += 1 }
                    continue
                }
                guard token.kind == .word else { continue }
                let word = token.text
                let raw = token.original.lowercased()
                if SentimentLexicon.negators.contains(word) || SentimentLexicon.negators.contains(raw)
                    || raw.hasSuffix("n't")
                {
                    negateFor = 3
                    continue
                }
                if SentimentLexicon.contrasts.contains(raw) {
                    // What came before the turn counts half.
                    positive *= Self.beforeContrast
                    negative *= Self.beforeContrast
                }
                if SentimentLexicon.intensifiers.contains(word) || SentimentLexicon.intensifiers.contains(raw) {
                    intensity = 1.5
                    // It strengthens the next feeling word of the clause.
                    continue
                }
                var polarity = 0.0
                if SentimentLexicon.positive.contains(word) || SentimentLexicon.positive.contains(raw) { polarity = 1 }
                if SentimentLexicon.negative.contains(word) || SentimentLexicon.negative.contains(raw) { polarity = -1 }
                if polarity != 0 {
                    if negateFor > 0 { polarity = -polarity * 0.8 }
                    let weight = abs(polarity) * intensity
                    if polarity > 0 { positive += weight } else { negative += weight }
                    negateFor = 0
                    intensity = 1
                } else if negateFor > 0 {
                    negateFor -= 1
                }
            }
        }
        if exclamations >= 2 && negative > positive { negative += 0.5 }
        let total = positive + negative
        guard total > 0 else { return 0 }
        return (positive - negative) / max(total, 1)
    }
}

/// The words and emoji the scorer knows, as they stand after slang normalisation (and as their stems).
enum SentimentLexicon {
    static let negators: Set<String> = [
        "tidak", "bukan", "belum", "jangan", "tanpa", "tak", "gak", "nggak", "enggak", "ga", "not", "no", "never",
        "nothing",
        "nobody", "without", "neither", "nor", "cannot",
    ]
    /// Words that turn a text around ("enak, tapi mahal"): what follows them is the verdict.
    static let contrasts: Set<String> = [
        "tapi", "tetapi", "namun", "sayangnya", "cuma", "hanya", "padahal", "but", "however", "unfortunately",
        "although", "though",
    ]
    static let intensifiers: Set<String> = [
        "sangat", "sekali", "banget", "amat", "terlalu", "paling", "sungguh", "benar", "very", "so", "really", "too",
        "extremely", "totally", "super", "bgt",
    ]
    static let positive: Set<String> = [
        // Indonesian (words and stems)
        "bagus", "baik", "puas", "senang", "suka", "cepat", "mantap", "keren", "hebat", "terima", "kasih", "makasih",
        "ramah", "membantu", "bantu", "mudah", "nyaman", "lancar", "enak", "lezat", "murah", "recommended",
        "rekomendasi", "memuaskan", "luar", "biasa", "juara", "top", "oke", "sip", "sukses", "berhasil", "beres",
        "selesai", "jernih", "kencang", "stabil", "aman", "bersih", "rapi", "indah", "cantik", "asyik", "seru",
        "gembira", "bahagia", "syukur", "alhamdulillah", "untung", "hemat", "worth", "terbaik", "profesional",
        "sigap", "tanggap", "responsif", "solutif", "sabar", "sopan", "lengkap", "pas", "sempurna", "lega", "bangga",
        "cinta", "sayang", "semangat", "setia", "nikmat", "segar", "ajaib", "manjur", "berguna", "guna", "menarik",
        "tarik", "unggul", "andal", "jujur", "adil", "apresiasi", "salut", "good", "great", "excellent", "awesome",
        "amazing", "love", "like", "happy", "glad", "thank", "thanks", "fast", "quick", "easy", "helpful", "friendly",
        "perfect", "nice", "best", "better", "resolved", "fixed", "works", "working", "smooth", "satisfied", "pleased",
        "recommend", "appreciate", "wonderful", "fantastic", "reliable", "cool", "kind", "polite", "solved", "fix",
        "work", "satisfi", "appreci", "recommend", "help",
        // Added from the development split's misses
        "terimakasih", "trims", "thx", "tq", "mantab", "mantul", "terjangkau", "favorit", "menyenangkan", "hore",
        "yeay", "asik", "gratis", "bonus", "menang", "irit", "berkah", "cocok", "lumayan", "jempol", "bravo", "gurih",
        "empuk", "sejuk", "romantis", "unik", "nikmati", "terenak", "ketagihan", "becus", "wow", "lucu", "senyum",
        "maknyus", "apik", "elegan", "manfaat", "bermanfaat", "dukung", "ikhlas", "damai", "berkesan", "asri",
        "rindang", "istimewa", "spesial", "memukau", "menakjubkan",
    ]
    static let negative: Set<String> = [
        // Indonesian (words and stems)
        "buruk", "jelek", "lambat", "lemot", "lelet", "kecewa", "mengecewakan", "marah", "kesal", "sebal", "benci",
        "parah", "rusak", "gagal", "hilang", "mati", "putus", "gangguan", "ganggu", "error", "galat", "macet", "mahal",
        "ribet", "rumit", "sulit", "susah", "lama", "telat", "terlambat", "lambat", "tipu", "penipuan", "bohong",
        "palsu", "curang", "bodoh", "goblok", "payah", "sampah", "menyesal", "sesal", "kapok", "rugi", "kotor",
        "panas", "sempit", "berisik", "bau", "basi", "mengecewa", "komplain", "keluh", "keluhan", "sedih", "kasar",
        "jutek", "cuek", "lalai", "abai", "tolol", "sialan", "anjing", "brengsek", "kurang", "lemah", "tidak", "blokir",
        "potong", "sedot", "dobel", "salah", "bermasalah", "masalah", "kacau", "hancur", "boros", "tertipu", "zonk",
        "nyesel", "kecewa", "pencitraan", "bohong", "jahat", "takut", "khawatir", "cemas", "bingung", "capek", "lelah",
        "tunggu", "nunggu", "dimana", "bad", "worst", "terrible", "awful", "slow", "broken", "fail", "failed",
        "failure",
        "angry", "disappointed", "disappointing", "hate", "useless", "poor", "problem", "issue", "wrong", "lost",
        "scam", "fraud", "rude", "annoying", "annoyed", "frustrated", "frustrating", "horrible", "waiting", "waste",
        "crash", "crashing", "down", "outage", "declined", "charged", "stuck", "never", "delay", "delayed", "late",
        "disappoint", "frustrat", "annoy", "wait", "crash", "declin", "charg", "delai", "broke",
        // Added from the development split's misses
        "bacot", "munafik", "sesat", "bangsat", "bajingan", "kampret", "anjir", "busuk", "percuma", "menyebalkan",
        "muak", "jijik", "malu", "memalukan", "miris", "dusta", "pendusta", "hoax", "hoaks", "fitnah", "tai", "taik",
        "boikot", "mubazir", "zalim", "tega", "penipu", "maling", "pungli", "sial", "repot", "males", "malas", "aduh",
        "serem", "seram", "ngeri", "iblis", "biadab", "pengecut", "kasihan", "kasian", "galau", "sakit", "nangis",
        "tangis", "cemburu", "iri", "dengki", "emosi", "murka", "geram", "jengkel", "dongkol", "stres", "stress",
        "pusing", "hina", "kampungan", "lebay", "alay", "norak", "cupu", "ribut", "dungu", "idiot", "bego",
        "bosan", "jenuh", "heran", "aneh", "gosong", "cacat", "hang", "freeze", "mampus", "suram", "gila",
        "sayangnya",
    ]
    static let negativeEmoji: Set<String> = ["😡", "😠", "🤬", "😤", "😭", "😢", "😞", "😩", "😫", "👎", "💔", "🙄", "😒", "😣", "😖"]
    static let positiveEmoji: Set<String> = ["😊", "😁", "😄", "😃", "😍", "🥰", "👍", "🙏", "❤", "💯", "👏", "🤗", "😘", "✨"]
}
