/// Words too common to match on, in Indonesian and English (after slang normalisation, before stemming).
public enum Stopwords {
    public static let indonesian: Set<String> = [
        "yang", "dan", "di", "ke", "dari", "ini", "itu", "ada", "saya", "kamu", "kakak", "admin", "ya", "tidak",
        "sudah",
        "belum", "bisa", "mau", "juga", "saja", "untuk", "dengan", "sama", "tetapi", "tapi", "kalau", "bagaimana",
        "mengapa", "apa", "halo", "hai", "tolong", "sekali", "lagi", "akan", "pada", "oleh", "atau", "karena",
        "jadi", "terus", "sih", "kok", "nya", "pun", "lah", "kah", "dia", "kita", "kami", "mereka", "masih",
        "sedang", "telah", "harus", "dalam", "bahwa", "para", "agar", "supaya", "seperti", "begitu", "begini", "oke",
        "terima", "kasih", "maaf", "mohon", "min", "nih", "dong", "deh", "kan", "aja", "gimana", "kenapa", "apakah",
    ]

    public static let english: Set<String> = [
        "the", "a", "an", "and", "or", "but", "if", "to", "of", "in", "on", "at", "for", "with", "from", "by", "is",
        "are",
        "was", "were", "be", "been", "am", "it", "its", "this", "that", "these", "those", "i", "you", "he", "she", "we",
        "they", "me", "my", "your", "our", "their", "him", "her", "them", "do", "does", "did", "have", "has", "had",
        "not", "no", "so", "as", "can", "could", "would", "should", "will", "just", "please", "hi", "hello", "thanks",
        "thank", "what", "why", "how", "when", "where", "who", "which", "there", "here", "about", "up", "out", "all",
        "any", "get", "got", "im", "dont", "cant", "isnt", "doesnt", "didnt", "wont", "ive",
    ]

    public static func contains(_ word: String) -> Bool {
        indonesian.contains(word) || english.contains(word)
    }
}
