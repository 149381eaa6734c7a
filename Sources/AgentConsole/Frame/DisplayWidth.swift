import ConversationStore
import Presentation

/// How many terminal cells text takes, and what is drawn for each character.
///
/// The policy, which the terminal layer follows when it paints: a character (grapheme cluster) takes the width of
/// its first scalar, as glibc's `wcwidth` counts it (East Asian wide and fullwidth characters and emoji with emoji
/// presentation take 2 cells, combining marks 0, everything else 1). Emoji sequences (skin tones, ZWJ families,
/// flags) are drawn as their first emoji alone, because terminals and `wcwidth` disagree on the width of the whole
/// sequence and a wrong guess shifts every column after it. A flag is the exception: its two regional indicators
/// are drawn both, two cells, one each as glibc counts them (a terminal that joins them into a flag draws it two
/// cells wide too), so `🇮🇩` keeps its `D`.
public enum DisplayWidth {
    /// Cells taken by one character: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if isFlag(character) { return 2 }
        return of(first)
    }

    /// Two regional indicators: a flag.
    static func isFlag(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        return scalars.count == 2 && scalars.allSatisfy { (0x1F1E6...0x1F1FF).contains($0.value) }
    }

    /// Cells taken by one scalar, as glibc's `wcwidth` counts it.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B { return 0 }
        // Regional indicators (flag halves) are one cell each to glibc, whatever their emoji property says.
        if (0x1F1E6...0x1F1FF).contains(value) { return 1 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Cells taken by a string.
    public static func of(_ text: String) -> Int {
        // Counted by bytes when it can be: grapheme breaking was half the time of opening a long thread.
        if TerminalText.isPrintableASCII(text) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// What to draw for a character: the character itself, or the first emoji of an emoji sequence.
    public static func glyph(_ character: Character) -> String {
        let scalars = character.unicodeScalars
        guard scalars.count > 1, let first = scalars.first else { return String(character) }
        if isFlag(character) { return String(character) }
        if first.properties.isEmoji && (first.properties.isEmojiPresentation || scalars.contains("\u{FE0F}")) {
            return String(first)
        }
        // A base with combining marks: at most five scalars fit one terminal cell. Joiners and other invisible
        // format characters (U+200D after a letter, U+200C) are left out: a terminal gives the character after a
        // joiner the joiner's cell, and every column after it shifts.
        let drawn = scalars.filter { $0.properties.generalCategory != .format }
        return String(String.UnicodeScalarView(drawn.prefix(5)))
    }

    /// The longest prefix of `text` that fits `width` cells, with `…` in the last cell when something was cut.
    public static func clip(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        if TerminalText.isPrintableASCII(text) {
            return String(decoding: text.utf8.prefix(width - 1), as: UTF8.self) + "…"
        }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > width - 1 { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    /// Splits text into lines of at most `width` cells, breaking at spaces where it can.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            let ascii = TerminalText.isPrintableASCII(paragraph)
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = ascii ? word.utf8.count : of(String(word))
                if lineWidth > 0 && lineWidth + 1 + wordWidth > width {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                if wordWidth > width {
                    // A word longer than the line: cut it into pieces.
                    for character in word {
                        let cells = of(character)
                        if lineWidth + cells > width {
                            lines.append(line)
                            line = ""
                            lineWidth = 0
                        }
                        line.append(character)
                        lineWidth += cells
                    }
                    continue
                }
                if lineWidth > 0 {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += wordWidth
            }
            lines.append(line)
        }
        return lines
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), as glibc's `wcwidth` treats them.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
            0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
            0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
            0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
            0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
            0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
