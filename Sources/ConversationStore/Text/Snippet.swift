/// The one-line preview of a message that a queue row shows.
public enum Snippet {
    /// At most this many characters (grapheme clusters).
    public static let maximumLength = 140

    /// Collapses all white space (line breaks included) to single spaces and shortens to ``maximumLength``
    /// characters, ending with `…` when cut.
    public static func make(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        guard collapsed.count > maximumLength else { return collapsed }
        return String(collapsed.prefix(maximumLength - 1)) + "…"
    }
}
