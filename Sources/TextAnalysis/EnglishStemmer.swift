/// The Snowball English stemmer (Porter2), written from the published algorithm
/// (snowballstem.org/algorithms/english/stemmer.html), for lowercase ASCII words. Words with other characters are
/// returned as they are.
public struct EnglishStemmer: Sendable {
    public init() {}

    static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl",
        "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl", "sky": "sky",
        "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
    static let afterStep1a: Set<String> = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ]

    public func stem(_ word: String) -> String {
        guard word.count > 2, word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "'" }) else {
            return word
        }
        if let exception = Self.exceptions[word] { return exception }
        var w = Array(word.utf8)
        if w.first == UInt8(ascii: "'") { w.removeFirst() }
        guard !w.isEmpty else { return word }
        // y as a consonant: Y
        for i in w.indices where w[i] == UInt8(ascii: "y") && (i == 0 || Self.isVowel(w[i - 1])) {
            w[i] = UInt8(ascii: "Y")
        }
        let (r1, r2) = Self.regions(w)
        var word = Word(bytes: w, r1: r1, r2: r2)
        word.step0()
        word.step1a()
        if Self.afterStep1a.contains(word.string) { return word.string }
        word.step1b()
        word.step1c()
        word.step2()
        word.step3()
        word.step4()
        word.step5()
        return word.string.replacingOccurrences(of: "Y", with: "y")
    }

    static func isVowel(_ byte: UInt8) -> Bool { "aeiouy".utf8.contains(byte) }

    /// R1 and R2 as byte offsets.
    static func regions(_ w: [UInt8]) -> (Int, Int) {
        var r1: Int
        let text = String(decoding: w, as: UTF8.self)
        if text.hasPrefix("gener") || text.hasPrefix("arsen") {
            r1 = 5
        } else if text.hasPrefix("commun") {
            r1 = 6
        } else {
            // The region after the first non-vowel following a vowel.
            var i = 0
            while i < w.count && !isVowel(w[i]) { i += 1 }
            while i < w.count && isVowel(w[i]) { i += 1 }
            r1 = min(i + 1, w.count)
            if i >= w.count { r1 = w.count }
        }
        var i = r1
        while i < w.count && !isVowel(w[i]) { i += 1 }
        while i < w.count && isVowel(w[i]) { i += 1 }
        let r2 = i >= w.count ? w.count : min(i + 1, w.count)
        return (r1, r2)
    }

    struct Word {
        var bytes: [UInt8]
        let r1: Int
        let r2: Int

        var string: String { String(decoding: bytes, as: UTF8.self) }
        var count: Int { bytes.count }

        func ends(_ suffix: String) -> Bool {
            let s = Array(suffix.utf8)
            return bytes.count >= s.count && Array(bytes[(bytes.count - s.count)...]) == s
        }

        func inR1(_ suffix: String) -> Bool { count - suffix.utf8.count >= r1 }
        func inR2(_ suffix: String) -> Bool { count - suffix.utf8.count >= r2 }

        mutating func replace(_ suffix: String, with replacement: String) {
            bytes.removeLast(suffix.utf8.count)
            bytes.append(contentsOf: replacement.utf8)
        }

        /// The longest of `suffixes` the word ends with.
        func longest(_ suffixes: [String]) -> String? {
            suffixes.filter(ends).max { $0.utf8.count < $1.utf8.count }
        }

        func hasVowel(before end: Int) -> Bool {
            bytes[..<end].contains { EnglishStemmer.isVowel($0) }
        }

        /// A short syllable ending at `end` (exclusive): consonant-vowel-consonant (last not w, x or Y), or a vowel
        /// and a consonant at the start of the word.
        func shortSyllable(endingAt end: Int) -> Bool {
            let isV = EnglishStemmer.isVowel
            if end >= 3 {
                let a = bytes[end - 3], b = bytes[end - 2], c = bytes[end - 1]
                if !isV(a) && isV(b) && !isV(c) && !"wxY".utf8.contains(c) { return true }
            }
            if end == 2 { return isV(bytes[0]) && !isV(bytes[1]) }
            return false
        }

        var isShort: Bool { r1 >= count && shortSyllable(endingAt: count) }

        mutating func step0() {
            if let suffix = longest(["'s'", "'s", "'"]) { bytes.removeLast(suffix.utf8.count) }
        }

        mutating func step1a() {
            guard let suffix = longest(["sses", "ied", "ies", "us", "ss", "s"]) else { return }
            switch suffix {
            case "sses": replace("sses", with: "ss")
            case "ied", "ies": replace(suffix, with: count - 3 > 1 ? "i" : "ie")
            case "s":
                // Delete if the part before contains a vowel not immediately before the s.
                if count >= 3 && hasVowel(before: count - 2) { bytes.removeLast() }
            default: break
            }
        }

        mutating func step1b() {
            guard let suffix = longest(["eed", "eedly", "ed", "edly", "ing", "ingly"]) else { return }
            if suffix == "eed" || suffix == "eedly" {
                if inR1(suffix) { replace(suffix, with: "ee") }
                return
            }
            let stemEnd = count - suffix.utf8.count
            guard hasVowel(before: stemEnd) else { return }
            bytes.removeLast(suffix.utf8.count)
            if ends("at") || ends("bl") || ends("iz") {
                bytes.append(UInt8(ascii: "e"))
            } else if let last = bytes.last, count >= 2, bytes[count - 2] == last, "bdfgmnprt".utf8.contains(last) {
                bytes.removeLast()
            } else if isShort {
                bytes.append(UInt8(ascii: "e"))
            }
        }

        mutating func step1c() {
            guard count > 2, let last = bytes.last, last == UInt8(ascii: "y") || last == UInt8(ascii: "Y"),
                !EnglishStemmer.isVowel(bytes[count - 2])
            else { return }
            bytes[count - 1] = UInt8(ascii: "i")
        }

        mutating func step2() {
            let rules: [(String, String)] = [
                ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
                ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
                ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"),
                ("enci", "ence"),
                ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
                ("ogi", "og"), ("li", ""),
            ]
            guard let suffix = longest(rules.map(\.0)), inR1(suffix) else { return }
            let replacement = rules.first { $0.0 == suffix }?.1 ?? ""
            switch suffix {
            case "ogi":
                if count >= 4 && bytes[count - 4] == UInt8(ascii: "l") { replace(suffix, with: replacement) }
            case "li":
                if count >= 3 && "cdeghkmnrt".utf8.contains(bytes[count - 3]) { bytes.removeLast(2) }
            default:
                replace(suffix, with: replacement)
            }
        }

        mutating func step3() {
            let rules: [(String, String)] = [
                ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
                ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
            ]
            guard let suffix = longest(rules.map(\.0)), inR1(suffix) else { return }
            if suffix == "ative" {
                if inR2(suffix) { bytes.removeLast(5) }
                return
            }
            replace(suffix, with: rules.first { $0.0 == suffix }?.1 ?? "")
        }

        mutating func step4() {
            let suffixes = [
                "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti",
                "ous",
                "ive", "ize", "ion",
            ]
            guard let suffix = longest(suffixes), inR2(suffix) else { return }
            if suffix == "ion" {
                let before = count - 4
                if before >= 0 && (bytes[before] == UInt8(ascii: "s") || bytes[before] == UInt8(ascii: "t")) {
                    bytes.removeLast(3)
                }
                return
            }
            bytes.removeLast(suffix.utf8.count)
        }

        mutating func step5() {
            guard let last = bytes.last else { return }
            if last == UInt8(ascii: "e") {
                if inR2("e") || (inR1("e") && !shortSyllable(endingAt: count - 1)) { bytes.removeLast() }
            } else if last == UInt8(ascii: "l") {
                if inR2("l") && count >= 2 && bytes[count - 2] == UInt8(ascii: "l") { bytes.removeLast() }
            }
        }
    }
}
