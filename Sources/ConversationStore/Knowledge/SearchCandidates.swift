/// How a search picks the documents it ranks, in any store: FTS5 (and PostgreSQL's text search) score every
/// match before they sort, so a query of common words would score most of a large knowledge base.
package enum SearchCandidates {
    /// How many matching documents FTS5 may rank for candidates. FTS5 scores every match before it sorts, so a
    /// query of common words would score most of a large knowledge base; terms are taken rarest first while their
    /// matches stay within the budget (the rarest always). Words left out still count when the candidates are
    /// ranked.
    package static let budget = 1_000

    /// The terms that pick candidates: rarest first while their matches stay within the budget.
    package static func terms(
        _ terms: [String], frequencies: [String: Int], budget: Int = budget
    )
        -> [String]
    {
        let ordered = terms.sorted { (frequencies[$0] ?? 0, $0) < (frequencies[$1] ?? 0, $1) }
        var chosen: [String] = []
        var total = 0
        for term in ordered {
            let frequency = frequencies[term] ?? 0
            if !chosen.isEmpty && total + frequency > budget { break }
            chosen.append(term)
            total += frequency
        }
        return chosen
    }

    /// Counts query terms in analysed text (the words FTS5's unicode61 tokenizer indexes). Reads bytes: analysed
    /// text is lowercase words, and any byte of a non-ASCII letter counts as part of a word, as unicode61 counts the
    /// letter. A word is compared byte for byte with the wanted terms of its first byte and length; no string is
    /// made or hashed for it (a candidate's body is hundreds of words and a query a handful of terms).
    package struct TermCounter {
        package let wanted: Set<String>
        private let names: [String]
        private let bytes: [[UInt8]]
        /// For each first byte, the wanted terms starting with it.
        private let byFirst: [[Int]]

        package init(_ wanted: Set<String>) {
            self.wanted = wanted
            names = wanted.sorted()
            bytes = names.map { Array($0.utf8) }
            var byFirst = [[Int]](repeating: [], count: 256)
            for (index, term) in bytes.enumerated() {
                if let first = term.first { byFirst[Int(first)].append(index) }
            }
            self.byFirst = byFirst
        }

        /// Adds each wanted term's occurrences in `text`, `weight` times each.
        package func count(in text: String, weight: Int, into counts: inout [String: Int]) {
            var found = [Int](repeating: 0, count: names.count)
            var text = text
            text.withUTF8 { text in
                var start = 0
                func word(_ end: Int) {
                    guard end > start else { return }
                    for index in byFirst[Int(text[start])] where bytes[index].count == end - start {
                        if bytes[index].elementsEqual(text[start..<end]) {
                            found[index] += weight
                            return
                        }
                    }
                }
                for index in 0..<text.count where !SearchCandidates.isWordByte(text[index]) {
                    word(index)
                    start = index + 1
                }
                word(text.count)
            }
            for (index, count) in found.enumerated() where count > 0 { counts[names[index], default: 0] += count }
        }
    }

    /// Whether a byte of analysed text is part of a word as FTS5's unicode61 tokenizer splits it: an ASCII letter or
    /// digit, or any byte of a non-ASCII character.
    @inline(__always)
    package static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Each word of analysed text, split as ``TermCounter`` counts them.
    package static func forEachWord(in text: String, _ body: (String) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0...bytes.count where index == bytes.count || !isWordByte(bytes[index]) {
                if index > start { body(String(decoding: bytes[start..<index], as: UTF8.self)) }
                start = index + 1
            }
        }
    }
}
