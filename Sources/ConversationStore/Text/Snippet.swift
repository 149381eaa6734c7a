/// The one-line preview of a message that a queue row shows.
public enum Snippet {
    /// At most this many characters (grapheme clusters).
    public static let maximumLength = 140

    /// Collapses all white space (line breaks included) to single spaces and shortens to ``maximumLength``
    /// characters, ending with `…` when cut.
    public static func make(_ text: String) -> String {
        ascii(text) ?? characters(text)
    }

    /// The preview worked out by characters, for any text.
    package static func characters(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        guard collapsed.count > maximumLength else { return collapsed }
        return String(collapsed.prefix(maximumLength - 1)) + "…"
    }

    /// The same preview read byte by byte, for text that is all ASCII (most of it: each ASCII byte but the
    /// white space collapsed is one character); `nil` for any other text.
    package static func ascii(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, maximumLength + 1))
        var space = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            // ASCII's white space: tab, line feed, vertical tab, form feed, carriage return, space.
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                space = !bytes.isEmpty
                continue
            }
            if space { bytes.append(0x20) }
            space = false
            bytes.append(byte)
            if bytes.count > maximumLength { break }
        }
        guard bytes.count > maximumLength else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.prefix(maximumLength - 1), as: UTF8.self) + "…"
    }
}
