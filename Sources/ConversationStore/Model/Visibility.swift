/// Whether a message or conversation is public (a post, a comment, a mention) or private (a direct message).
public enum Visibility: String, Codable, Sendable, CaseIterable {
    case `public`
    case `private`
}
