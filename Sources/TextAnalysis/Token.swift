/// One unit of analysed text.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case word, number, handle, hashtag, url, emoji
    }

    public var kind: Kind
    /// The normalised form: lowercased, elongation squeezed, slang replaced, stemmed (for words).
    public var text: String
    /// The text as it stood.
    public var original: String

    public init(kind: Kind, text: String, original: String) {
        self.kind = kind
        self.text = text
        self.original = original
    }

    public var description: String { kind == .word ? text : "\(kind.rawValue):\(text)" }
}
