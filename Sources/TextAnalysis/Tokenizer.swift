import Foundation

/// Splits text into words, numbers, `@handles`, `#tags`, URLs and emoji, after Unicode normalisation (NFKC) and case
/// folding. Characters repeated three or more times are squeezed to one (`bangeeet` → `banget`, `!!!` → `!`).
public enum Tokenizer {
    public static func tokens(_ text: String) -> [Token] {
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

    /// Runs of three or more of the same character become one.
    public static func squeeze(_ word: String) -> String {
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
