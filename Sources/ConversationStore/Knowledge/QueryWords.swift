/// The words of customer text that are worth matching: lowercased letters and digits, without the commonest words
/// of Indonesian and English and without handles, links and very short tokens.
public enum QueryWords {
    static let stopwords: Set<String> = [
        "the", "and", "for", "you", "your", "are", "was", "but", "not", "this", "that", "with", "have", "has", "can",
        "please", "just", "what", "why", "how", "when", "from", "they", "them", "our", "out", "all", "any", "get",
        "yang", "dan", "di", "ke", "dari", "ini", "itu", "ada", "aku", "saya", "kamu", "kak", "min", "mas", "mbak",
        "ya", "yg", "gak", "ga", "nggak", "tidak", "sudah", "udah", "belum", "bisa", "mau", "kok", "sih", "dong",
        "deh", "nih", "tuh", "juga", "aja", "saja", "untuk", "buat", "dengan", "sama", "tapi", "kalau", "kalo",
        "gimana", "bagaimana", "kenapa", "apa", "halo", "hai", "tolong", "banget", "bgt", "dr", "tp", "lagi", "https",
        "http", "www", "isnt", "dont", "doesnt", "didnt", "cant", "wont", "ive", "its", "thanks", "thank", "terima",
        "kasih", "makasih",
    ]

    /// The words of `text` in order, each once.
    public static func of(_ text: String) -> [String] {
        var seen = Set<String>()
        var words: [String] = []
        let kept: (Character) -> Bool = { $0.isLetter || $0.isNumber || "@/'’".contains($0) }
        for token in text.lowercased().split(whereSeparator: { !kept($0) }) {
            guard !token.hasPrefix("@"), !token.contains("/") else { continue }
            let word = token.filter { $0 != "'" && $0 != "’" }
            guard word.count >= 3 else { continue }
            guard !stopwords.contains(word), seen.insert(word).inserted else { continue }
            words.append(word)
        }
        return words
    }
}
