/// The `{{?ask:Label}}` fields of a reply template, which the agent must fill before the reply can be sent.
public enum TemplateFields {
    /// The first unfilled field in the text (`{{?ask:Order number}}`), or `nil` when there is none.
    public static func firstUnfilled(in text: String) -> String? {
        guard let start = text.range(of: "{{?ask:"),
            let end = text.range(of: "}}", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.lowerBound..<end.upperBound])
    }
}
