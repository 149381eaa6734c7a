import Foundation

/// Splits text into words, numbers, `@handles`, `#tags`, URLs and emoji, after Unicode normalisation (NFKC) and case
/// folding. Characters repeated three or more times are squeezed to one (`bangeeet` → `banget`, `!!!` → `!`).
public enum Tokenizer {
    public static func tokens(_ text: String) -> [Token] {
        // Most traffic is plain ASCII: it needs no normalisation and no grapheme breaking, and reads several times
        // faster as bytes. The result is the same as the general path's (the tests compare both).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiTokens(Array(text.utf8)) }
        return generalTokens(text)
    }

    /// The general path: any Unicode text, by grapheme clusters.
    static func generalTokens(_ text: String) -> [Token] {
        let normalised = text.precomposedStringWithCompatibilityMapping
        var tokens: [Token] = []
        let characters = Array(normalised)
        var index = 0
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while index < characters.count {
            let c = characters[index]
            if c.isWhitespace || c.isNewline {
                index += 1
                continue
            }
            // URLs: http(s):// or www. up to the next space.
            let rest = String(characters[index..<min(characters.count, index + 8)]).lowercased()
            if rest.hasPrefix("http://") || rest.hasPrefix("https://") || rest.hasPrefix("www.") {
                var end = index
                while end < characters.count && !characters[end].isWhitespace { end += 1 }
                var url = String(characters[index..<end])
                while let last = url.last, ".,;:!?)\"'".contains(last) { url.removeLast() }
                tokens.append(Token(kind: .url, text: url.lowercased(), original: url))
                index += url.count
                continue
            }
            if (c == "@" || c == "#"), index + 1 < characters.count, isWordCharacter(characters[index + 1]) {
                var end = index + 1
                while end < characters.count && (isWordCharacter(characters[end]) || characters[end] == ".") {
                    end += 1
                }
                var name = String(characters[(index + 1)..<end])
                while name.hasSuffix(".") { name.removeLast() }
                let original = String(c) + name
                tokens.append(Token(kind: c == "@" ? .handle : .hashtag, text: name.lowercased(), original: original))
                index += original.count
                continue
            }
            if c.unicodeScalars.first.map({
                $0.properties.isEmojiPresentation || ($0.properties.isEmoji && c.unicodeScalars.count > 1)
            }) == true {
                tokens.append(
                    Token(
                        kind: .emoji, text: String(c.unicodeScalars.first.map(String.init) ?? String(c)),
                        original: String(c)))
                index += 1
                continue
            }
            if c.isNumber {
                // 10.000, 3,5, 0812-555: digits with inner separators.
                var end = index
                while end < characters.count
                    && (characters[end].isNumber
                        || ((characters[end] == "." || characters[end] == "," || characters[end] == "-")
                            && end + 1 < characters.count
                            && characters[end + 1].isNumber))
                {
                    end += 1
                }
                if end < characters.count && characters[end].isLetter {
                    // A word that starts with digits (4g, 2x): read it as a word.
                    while end < characters.count && (isWordCharacter(characters[end])) { end += 1 }
                    let word = String(characters[index..<end])
                    tokens.append(Token(kind: .word, text: squeeze(word.lowercased()), original: word))
                } else {
                    let number = String(characters[index..<end])
                    tokens.append(Token(kind: .number, text: number, original: number))
                }
                index = end
                continue
            }
            if c.isLetter {
                var end = index
                while end < characters.count
                    && (isWordCharacter(characters[end])
                        || ((characters[end] == "'" || characters[end] == "’" || characters[end] == "-")
                            && end + 1 < characters.count
                            && characters[end + 1].isLetter))
                {
                    end += 1
                }
                let word = String(characters[index..<end])
                let folded = word.lowercased().replacingOccurrences(of: "’", with: "'")
                tokens.append(Token(kind: .word, text: squeeze(folded), original: word))
                index = end
                continue
            }
            index += 1
        }
        return tokens
    }

    /// The ASCII path: the same rules as ``generalTokens(_:)`` over bytes.
    static func asciiTokens(_ bytes: [UInt8]) -> [Token] {
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        @inline(__always) func isWord(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == 0x5F }
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func lower(_ range: Range<Int>) -> String {
            String(decoding: bytes[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        func startsWith(_ prefix: String, at index: Int) -> Bool {
            let p = Array(prefix.utf8)
            guard index + p.count <= bytes.count else { return false }
            for offset in 0..<p.count {
                let b = bytes[index + offset]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != p[offset] { return false }
            }
            return true
        }
        var tokens: [Token] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let c = bytes[index]
            if isSpace(c) {
                index += 1
                continue
            }
            if startsWith("http://", at: index) || startsWith("https://", at: index) || startsWith("www.", at: index) {
                var end = index
                while end < count && !isSpace(bytes[end]) { end += 1 }
                while end > index, ".,;:!?)\"'".utf8.contains(bytes[end - 1]) { end -= 1 }
                tokens.append(Token(kind: .url, text: lower(index..<end), original: text(index..<end)))
                index = max(end, index + 1)
                continue
            }
            if c == 0x40 || c == 0x23, index + 1 < count, isWord(bytes[index + 1]) {
                var end = index + 1
                while end < count && (isWord(bytes[end]) || bytes[end] == 0x2E) { end += 1 }
                while end > index + 1 && bytes[end - 1] == 0x2E { end -= 1 }
                tokens.append(
                    Token(
                        kind: c == 0x40 ? .handle : .hashtag, text: lower((index + 1)..<end),
                        original: text(index..<end)))
                index = end
                continue
            }
            if isDigit(c) {
                var end = index
                while end < count
                    && (isDigit(bytes[end])
                        || ((bytes[end] == 0x2E || bytes[end] == 0x2C || bytes[end] == 0x2D) && end + 1 < count
                            && isDigit(bytes[end + 1])))
                {
                    end += 1
                }
                if end < count && isLetter(bytes[end]) {
                    while end < count && isWord(bytes[end]) { end += 1 }
                    tokens.append(Token(kind: .word, text: squeeze(lower(index..<end)), original: text(index..<end)))
                } else {
                    tokens.append(Token(kind: .number, text: text(index..<end), original: text(index..<end)))
                }
                index = end
                continue
            }
            if isLetter(c) {
                var end = index
                while end < count
                    && (isWord(bytes[end])
                        || ((bytes[end] == 0x27 || bytes[end] == 0x2D) && end + 1 < count && isLetter(bytes[end + 1])))
                {
                    end += 1
                }
                tokens.append(Token(kind: .word, text: squeeze(lower(index..<end)), original: text(index..<end)))
                index = end
                continue
            }
            index += 1
        }
        return tokens
    }

    /// Runs of three or more of the same character become one.
    public static func squeeze(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            // ASCII, the usual word: one byte a character, and nothing to squeeze most of the time.
            let bytes = Array(word.utf8)
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            var start = 0
            while start < bytes.count {
                var end = start + 1
                while end < bytes.count && bytes[end] == bytes[start] { end += 1 }
                kept.append(contentsOf: end - start >= 3 ? bytes[start..<start + 1] : bytes[start..<end])
                start = end
            }
            return kept.count == bytes.count ? word : String(decoding: kept, as: UTF8.self)
        }
        var result = ""
        var run: Character?
        var length = 0
        var pending = ""
        for character in word {
            if character == run {
                length += 1
                pending.append(character)
                continue
            }
            result += length >= 3 ? String(run ?? " ") : pending
            run = character
            length = 1
            pending = String(character)
        }
        result += length >= 3 ? String(run ?? " ") : pending
        return result
    }
}
