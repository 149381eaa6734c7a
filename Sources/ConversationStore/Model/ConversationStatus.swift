/// The life-cycle state of a conversation.
public enum ConversationStatus: String, Codable, Sendable, CaseIterable {
    /// Nobody has worked on it yet.
    case new
    /// An agent is on it, or the customer wrote again.
    case open
    /// Waiting on the customer; a new inbound message reopens it.
    case pending
    /// Hidden until a time; returns as `open` then, or earlier when the customer writes.
    case snoozed
    /// Done; a new inbound message reopens it.
    case resolved
}
