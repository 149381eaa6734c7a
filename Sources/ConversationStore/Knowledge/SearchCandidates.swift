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
    /// letter. A word becomes a string only when its first byte and length could make it a wanted term.
    package struct TermCounter {
        package let wanted: Set<String>
        private var firstBytes = [Bool](repeating: false, count: 256)
        private var lengths = Set<Int>()

        package init(_ wanted: Set<String>) {
            self.wanted = wanted
            for term in wanted {
                if let first = term.utf8.first { firstBytes[Int(first)] = true }
                lengths.insert(term.utf8.count)
            }
        }

        /// Adds each wanted term's occurrences in `text`, `weight` times each.
        package func count(in text: String, weight: Int, into counts: inout [String: Int]) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                func word(_ end: Int) {
                    guard end > start, firstBytes[Int(bytes[start])], lengths.contains(end - start) else { return }
                    let term = String(decoding: bytes[start..<end], as: UTF8.self)
                    if wanted.contains(term) { counts[term, default: 0] += weight }
                }
                for index in 0..<bytes.count {
                    let byte: UInt8 = bytes[index]
                    let letter: Bool = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                    let digit: Bool = byte >= 0x30 && byte <= 0x39
                    if !(byte >= 0x80 || letter || digit) {
                        word(index)
                        start = index + 1
                    }
                }
                word(bytes.count)
            }
        }
    }
}
