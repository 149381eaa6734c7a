/// Stems Indonesian words to their root with a dictionary: Nazief and Adriani's algorithm with the confix-stripping
/// improvements (CS, ECS) as the Sastrawi project specifies them, so that its results can be checked word for word
/// against Sastrawi's.
///
/// A word is stripped of particles (`-lah`, `-kah`, `-tah`, `-pun`), possessives (`-ku`, `-mu`, `-nya`),
/// derivational suffixes (`-i`, `-kan`, `-an`, `-is`, `-isme`, `-isasi`) and up to three prefixes, each prefix
/// disambiguated by the rules below, checking the dictionary after every step; when nothing leads to a root word, the
/// word is returned as it was. Reduplicated words (`berbalas-balasan`) stem to their common root.
public struct IndonesianStemmer: Sendable {
    public let dictionary: StemDictionary

    public init(dictionary: StemDictionary = .standard) {
        self.dictionary = dictionary
    }

    /// Stems every word of a text: lowercased, everything but ASCII letters, digits, spaces and hyphens turned into
    /// spaces, and the stems joined by single spaces (as Sastrawi's `stem` does).
    public func stemText(_ text: String) -> String {
        let normalised = String(
            text.lowercased().unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "0"..."9", " ", "-": Character(scalar)
                default: " "
                }
            })
        return normalised.split(separator: " ").map { stem(String($0)) }.joined(separator: " ")
    }

    /// The stem of one lowercase word (letters, digits and hyphens).
    public func stem(_ word: String) -> String {
        isPlural(word) ? stemPlural(word) : stemSingular(word)
    }

    func isPlural(_ word: String) -> Bool {
        if let dash = word.lastIndex(of: "-"),
            ["ku", "mu", "nya", "lah", "kah", "tah", "pun"].contains(String(word[word.index(after: dash)...]))
        {
            return word[..<dash].contains("-")
        }
        return word.contains("-")
    }

    func stemPlural(_ plural: String) -> String {
        guard let dash = plural.lastIndex(of: "-") else { return plural }
        var first = String(plural[..<dash])
        var second = String(plural[plural.index(after: dash)...])
        // malaikat-malaikat-nya → malaikat + malaikat-nya
        if ["ku", "mu", "nya", "lah", "kah", "tah", "pun"].contains(second), let inner = first.lastIndex(of: "-") {
            second = String(first[first.index(after: inner)...]) + "-" + second
            first = String(first[..<inner])
        }
        let root1 = stemSingular(first)
        var root2 = stemSingular(second)
        // meniru-nirukan → tiru
        if !dictionary.contains(second) && root2 == second { root2 = stemSingular("me" + second) }
        return root1 == root2 ? root1 : plural
    }

    func stemSingular(_ word: String) -> String {
        var context = StemmingContext(word: word, dictionary: dictionary)
        context.run()
        return dictionary.contains(context.current) ? context.current : word
    }
}

/// What one step removed.
struct Removal {
    enum Kind { case particle, possessive, derivationalSuffix, derivationalPrefix }
    var kind: Kind
    /// The word before the step.
    var subject: String
    /// The word after it.
    var result: String
    var removed: String

    var isSuffix: Bool { kind != .derivationalPrefix }
}

/// The state of stemming one word.
struct StemmingContext {
    let original: String
    let dictionary: StemDictionary
    var current: String
    var removals: [Removal] = []
    /// Set by the short-word check; every later step then stops after its first visitor, as Sastrawi does.
    var stopped = false

    init(word: String, dictionary: StemDictionary) {
        original = word
        current = word
        self.dictionary = dictionary
    }

    var found: Bool { dictionary.contains(current) }

    mutating func run() {
        if found { return }
        // Words of three letters or fewer are not stemmed.
        if current.count <= 3 { stopped = true }
        if found { return }
        // Confix stripping: for these shapes try the prefix before the suffix first.
        if Self.prefersPrefixFirst(original) {
            removePrefixes()
            if found { return }
            removeSuffixes()
            if found { return }
            current = original
            removals = []
        }
        removeSuffixes()
        if found { return }
        removePrefixes()
        if found { return }
        restoreSuffixesAndRetry()
    }

    /// be…lah, be…an, me…i, di…i, pe…i, ter…i.
    static func prefersPrefixFirst(_ word: String) -> Bool {
        [("be", "lah"), ("be", "an"), ("me", "i"), ("di", "i"), ("pe", "i"), ("ter", "i")].contains { prefix, suffix in
            word.hasPrefix(prefix) && word.hasSuffix(suffix) && word.count >= prefix.count + suffix.count
        }
    }

    // MARK: - Suffixes

    mutating func removeSuffixes() {
        for step in [Removal.Kind.particle, .possessive, .derivationalSuffix] {
            let endings: [String]
            switch step {
            case .particle: endings = ["lah", "kah", "tah", "pun"]
            case .possessive: endings = ["ku", "mu", "nya"]
            default: endings = ["isasi", "isme", "is", "kan", "an", "i"]
            }
            if let result = Self.strip(
                current, endings: endings, hyphens: step != .derivationalSuffix, leftmost: step == .derivationalSuffix)
            {
                removals.append(
                    Removal(
                        kind: step, subject: current, result: result, removed: String(current.dropFirst(result.count))))
                current = result
            }
            if found || stopped { return }
        }
    }

    /// `word` without one of `endings` (and any hyphens before it), or `nil`. With `leftmost`, of several endings
    /// that fit, the one starting earliest wins (`nasionalisme` loses `isme`, not `e`), as a regular expression
    /// alternation anchored at the end finds it.
    static func strip(_ word: String, endings: [String], hyphens: Bool, leftmost: Bool) -> String? {
        var best: String?
        for ending in endings where word.hasSuffix(ending) {
            var stem = String(word.dropLast(ending.count))
            if hyphens { while stem.hasSuffix("-") { stem.removeLast() } }
            if let current = best, current.count <= stem.count { continue }
            best = stem
            if !leftmost { return best }
        }
        return best
    }

    // MARK: - Prefixes

    /// Up to three rounds; each removes at most one prefix.
    mutating func removePrefixes() {
        for _ in 0..<3 {
            removeOnePrefix()
            if found { return }
        }
    }

    mutating func removeOnePrefix() {
        let before = removals.count
        // di-, ke-, se-
        for plain in ["di", "ke", "se"] where current.hasPrefix(plain) {
            let result = String(current.dropFirst(2))
            removals.append(Removal(kind: .derivationalPrefix, subject: current, result: result, removed: plain))
            current = result
            break
        }
        if found || stopped || removals.count > before { return }
        for group in PrefixRules.groups {
            // The last candidate wins unless an earlier one is a root word (Sastrawi's disambiguator).
            var result: String?
            for rule in group {
                result = rule(current)
                if let candidate = result, dictionary.contains(candidate) { break }
            }
            if let result, !result.isEmpty {
                removals.append(
                    Removal(
                        kind: .derivationalPrefix, subject: current, result: result,
                        removed: String(current.dropLast(result.count))))
                current = result
            }
            if found || stopped || removals.count > before { return }
        }
    }

    // MARK: - Loop pengembalian akhiran

    /// ECS: put the prefixes back, then restore the removed suffixes one at a time (`-kan` first as `-k`) and try the
    /// prefixes again.
    mutating func restoreSuffixesAndRetry() {
        if let first = removals.first { current = first.subject }
        // Sastrawi drops the prefix removals while iterating over the same list, which skips every other one.
        var index = 0
        while index < removals.count {
            if removals[index].kind == .derivationalPrefix { removals.remove(at: index) }
            index += 1
        }
        let saved = removals
        let restart = current
        for removal in saved.reversed() where removal.isSuffix {
            if removal.removed == "kan" {
                current = removal.result + "k"
                removePrefixes()
                if found { return }
                current = removal.result + "kan"
            } else {
                current = removal.subject
            }
            removePrefixes()
            if found { return }
            current = restart
        }
    }
}
