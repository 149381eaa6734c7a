/// The cues ``IntentClassifier`` reads, written for this project: Indonesian in its standard form (the shared
/// analysis turns slang into it first) and English. A cue is words separated by spaces, a word ending in `*` matching
/// any word it begins; `|w` after a cue sets its weight (1 unless said: one cue carries its intent).
enum IntentCues {
    struct Cue: Sendable {
        let intent: Intent
        let words: [String]
        let weight: Double
        let phrase: String
        /// The words as matched: a word ending in `*` a prefix.
        let parts: [Part]

        init(intent: Intent, words: [String], weight: Double) {
            self.intent = intent
            self.words = words
            self.weight = weight
            phrase = words.joined(separator: " ")
            parts = words.map {
                $0.hasSuffix("*") ? Part(text: String($0.dropLast()), isPrefix: true) : Part(text: $0)
            }
        }
    }

    /// One word of a cue: the word, or the beginning of words.
    struct Part: Sendable {
        var text: String
        var isPrefix = false
    }

    /// The cues by their first word, for finding them without trying each at every word.
    static let byFirstWord: [String: [Int]] = {
        var index: [String: [Int]] = [:]
        for (position, cue) in all.enumerated() where !(cue.words.first ?? "").hasSuffix("*") {
            index[cue.words.first ?? "", default: []].append(position)
        }
        return index
    }()

    /// The cues whose first word is a prefix (`crash*`), by its first three letters.
    static let byPrefix: [String: [Int]] = {
        var index: [String: [Int]] = [:]
        for (position, cue) in all.enumerated() where (cue.words.first ?? "").hasSuffix("*") {
            index[String((cue.words.first ?? "").prefix(3)), default: []].append(position)
        }
        return index
    }()

    static let complaint = [
        // Indonesian: it does not work, has not come, was cut, is broken, takes too long.
        "tidak bisa", "tidak dapat", "tidak masuk", "tidak muncul", "tidak menyala", "tidak berfungsi", "tidak jalan",
        "tidak sampai", "tidak ada sinyal", "tidak ada respon*", "belum sampai", "belum masuk", "belum diproses",
        "belum dikirim", "belum diterima", "belum kembali", "belum dikembalikan", "belum ada kabar", "belum dibalas",
        "masih belum", "masih sama", "masih tidak", "masih error", "tetap tidak", "gagal", "error", "eror", "lambat",
        "mati", "putus*", "hilang", "rusak", "kepotong", "terpotong", "potong", "dobel", "double", "salah kirim",
        "salah", "telat", "terlambat", "kecewa*", "parah", "kesal", "kesel", "zonk", "menyesal", "ribet", "ditipu",
        "penipu*", "gangguan", "force close", "diblokir", "blokir", "ketelan", "dibatalkan", "dibatalin", "sepihak",
        "komplain", "masalah", "kendala", "tagihan naik", "kok naik", "mahal sekali", "lama sekali", "dari pagi|0.5",
        "sejak kemarin|0.5", "dari semalam|0.5", "sudah seminggu|0.5", "sudah 2 hari|0.5", "berhari-hari|0.5",
        "tidak sesuai", "tidak valid", "cacat", "bocor", "pecah", "basi", "tidak aktif", "terblokir", "ketelen",
        "tidak pernah", "sudah bayar", "uang saya", "dana saya", "saldo saya", "kuota saya", "pulsa saya",
        "jelek", "busuk", "kacau", "rugi", "dirugikan", "kesedot", "tersedot", "sedot", "dicuri", "emosi", "keluhan",
        "tidak diangkat", "tidak direspon", "tidak ditanggapi", "hoax", "sampai kapan", "menunggu|0.5", "nunggu|0.5",
        "refund|0.5",
        // English.
        "not working", "doesn't work", "does not work", "isn't working", "won't", "can't", "cannot", "unable",
        "never arrived", "hasn't arrived", "has not arrived", "haven't received", "have not received", "not received",
        "didn't receive", "still waiting", "still not", "still no", "charged twice", "double charged", "overcharged",
        "broken", "damaged", "crash*", "error", "failed", "fails", "wrong", "missing", "lost", "late", "delayed",
        "delay", "cancelled", "canceled", "worst", "terrible", "awful", "horrible", "disappoint*", "ridiculous",
        "unacceptable", "useless", "rude", "no signal", "outage", "stuck", "issue", "issues", "problem", "problems",
        "complain*", "frustrat*", "annoy*", "angry", "waste", "been waiting", "no response", "no reply", "no one",
        "nobody", "fix", "sort it", "poor", "bad", "shocking", "joke", "pathetic", "slow", "down again", "keeps",
        "again|0.5", "why is", "why does", "why do", "why can't", "why won't", "what happened", "hasn't shipped",
        "not shipped", "not as described", "not showing", "it's been",
    ]

    static let question = [
        "kapan", "bagaimana", "kenapa", "mengapa", "apakah", "berapa", "dimana", "di mana", "bisa tidak", "ada tidak",
        "boleh tidak", "gimana", "apa bisa", "apa ada", "bagaimana cara", "cara*", "info", "tanya",
        "how|0.5", "when|0.5", "where|0.5", "what|0.5", "why|0.5", "which|0.5", "who|0.5", "is there", "is it",
        "are you", "do you", "does it",
        "can i", "can we", "could i", "will it", "will you", "any update", "any news", "wondering",
    ]

    static let request = [
        "tolong", "mohon", "minta", "bantu*", "dibantu", "cek*", "dicek", "cancel", "batalkan", "batalin", "ganti",
        "tukar", "kirim ulang", "segera", "buruan", "refund", "pengembalian", "kembalikan", "hubungi", "follow up",
        "please", "pls", "plz", "help", "can you", "could you", "would you", "dm me", "send me", "call me",
        "contact me", "need", "i want", "would like", "let me know", "cancel my", "change my", "update my",
        "reset", "replace", "refund me", "look into",
    ]

    static let feedback = [
        "saran", "sebaiknya", "harusnya", "seharusnya", "mending", "usul*", "semoga", "tolong ditambah",
        "kurang", "lebih baik", "coba deh", "masukan",
        "suggest*", "should", "would be nice", "wish", "feature", "idea", "please add", "bring back", "recommend*",
        "feedback", "i think", "in my opinion", "imo",
    ]

    static let praise = [
        "mantap", "keren", "bagus", "puas", "suka", "ramah", "terbaik", "juara", "mantul", "the best", "top", "hebat",
        "cepat tanggap", "membantu", "sukses", "recommended", "alhamdulillah", "hore", "asik", "asyik", "stabil",
        "setia", "irit", "senang", "kencang", "lancar",
        "love", "great", "awesome", "amazing", "excellent", "best", "fantastic", "good job", "well done", "perfect",
        "nice", "happy", "brilliant", "impressed", "helpful", "kudos",
    ]

    static let deal = [
        "promo", "diskon", "voucher", "kode promo", "cashback", "gratis", "giveaway", "hadiah", "undian", "potongan",
        "flash sale", "murah", "bonus",
        "discount", "coupon", "promo code", "deal", "deals", "sale", "free", "offer", "prize", "win", "reward",
    ]

    static let thanks = [
        "terima kasih", "oke", "siap", "ditunggu", "baik", "noted", "sudah normal", "sudah bisa", "sudah beres",
        "sudah dm", "sudah aku dm", "sudah saya dm", "done", "siap kak", "sama-sama", "aman",
        "thanks", "thank you", "thank", "thx", "ty", "cheers", "appreciate*", "ok", "okay", "got it", "will do",
        "sure", "sent you a dm", "all good", "works now", "resolved", "sorted", "via dm", "lewat dm",
    ]

    static let spam = [
        "follow back", "cek bio", "klik link", "slot", "judi", "gacor", "jual followers", "pinjol", "investasi",
        "follow me", "check out my", "click here", "subscribe", "crypto", "bitcoin", "earn money", "giveaway winner",
    ]

    static let negators: Set<String> = ["tidak", "bukan", "belum", "kurang", "not", "no", "never", "isn't", "wasn't"]
    static let praiseEmoji: Set<String> = ["👍", "😍", "❤", "❤️", "🙏", "😊", "🥰", "👏", "💯"]
    static let angryEmoji: Set<String> = ["😡", "😠", "🤬", "😤", "👎", "😭", "😢", "💔"]

    static let all: [Cue] = {
        let lists: [(Intent, [String])] = [
            (.complaint, complaint), (.question, question), (.request, request), (.feedback, feedback),
            (.praise, praise), (.deal, deal), (.thanks, thanks), (.spam, spam),
        ]
        var seen = Set<String>()
        return lists.flatMap { intent, cues in
            cues.filter { seen.insert(intent.rawValue + ":" + $0).inserted }.map { cue in
                let parts = cue.split(separator: "|")
                return Cue(
                    intent: intent, words: parts[0].split(separator: " ").map(String.init),
                    weight: parts.count > 1 ? Double(parts[1]) ?? 1 : 1)
            }
        }
    }()
}
