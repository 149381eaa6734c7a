/// Makes text from outside (customer messages, names, handles) safe to print on a terminal.
///
/// Customer text is hostile: an escape sequence can recolour or clear the screen, retitle the window or worse; a
/// bidi override can make a line read backwards; zero-width characters hide text. All of them are neutralised here
/// before anything reaches a terminal.
public enum TerminalText {
    /// One line of text: control characters become a visible `^X` form (`ESC` → `^[`), line and tab breaks become
    /// spaces, bidi controls and invisible format characters are dropped, and so are joiners (U+200D, U+200C)
    /// outside an emoji sequence: a terminal gives the character after one the joiner's cell, and the line shifts.
    public static func singleLine(_ text: String) -> String {
        // Printable ASCII has nothing to neutralise.
        if isPrintableASCII(text) { return text }
        var result = String.UnicodeScalarView()
        for character in text {
            let scalars = character.unicodeScalars
            let emojiSequence = scalars.first.map { $0.properties.isEmoji && $0.value > 0x7F } ?? false
            for scalar in scalars {
                if !emojiSequence, scalar.value == 0x200D || scalar.value == 0x200C { continue }
                append(scalar, to: &result)
            }
        }
        return String(result)
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        switch scalar.value {
        case 0x0A, 0x0D, 0x09, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
            result.append(" ")
        case 0x00...0x1F:
            result.append("^")
            result.append(Unicode.Scalar(UInt8(scalar.value) + 0x40))
        case 0x7F:
            result.append(contentsOf: "^?".unicodeScalars)
        case 0x80...0x9F:
            result.append("\u{FFFD}")
        case 0x061C, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
            return
        default:
            result.append(scalar)
        }
    }

    /// Printable ASCII only (space to tilde): one character a byte, one terminal cell a character, nothing to
    /// neutralise. Most of what a console draws is, and telling so needs no grapheme breaking.
    public static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Several lines: like ``singleLine(_:)`` for each line, split at line breaks.
    public static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { singleLine(String($0)) }
    }
}
