import Foundation

/// Everything an agent can do to a conversation. Every change an agent makes goes through
/// ``Store/perform(_:on:by:seen:)`` as one of these, so the journal can record it before it is applied.
public enum AgentAction: Hashable, Codable, Sendable {
    /// Takes the conversation for a while; nobody else can claim it, reply or change its status until the lease runs
    /// out or the agent releases it. Claiming again renews the lease.
    case claim(leaseSeconds: Int)
    /// Gives the claim back.
    case release
    /// Queues a reply in the outbox. A private reply moves the conversation to a private channel; otherwise the
    /// reply goes where the conversation is.
    case reply(text: String, isPrivate: Bool)
    /// Adds an internal note.
    case note(text: String)
    /// Adds tags (lowercased; letters, digits, `-`, `_`, `:`, `/`).
    case tag([String])
    /// Removes tags.
    case untag([String])
    /// Sets `open`, `pending` or `resolved` (snoozing has its own action).
    case setStatus(ConversationStatus)
    case setPriority(Priority)
    /// Hides the conversation until a time, or until the customer writes.
    case snooze(until: Date)
    /// Marks the conversation as needing no reply (spam, a plain thank-you); the reason is kept for review.
    case markNoReplyNeeded(reason: String)
    /// Takes a no-reply mark back: the conversation needs a reply after all, and counts in the response rate again.
    case clearNoReply

    /// The default claim: ten minutes, renewed while the agent works.
    public static let defaultLeaseSeconds = 600

    /// A short lowercase name for messages and the journal (`claim`, `reply`, `private-reply` for a reply that moves
    /// the customer to a private message, …).
    public var name: String {
        switch self {
        case .claim: "claim"
        case .release: "release"
        case .reply(_, let isPrivate): isPrivate ? "private-reply" : "reply"
        case .note: "note"
        case .tag: "tag"
        case .untag: "untag"
        case .setStatus: "status"
        case .setPriority: "priority"
        case .snooze: "snooze"
        case .markNoReplyNeeded: "no-reply"
        case .clearNoReply: "reply-needed"
        }
    }

    /// True for actions that need the conversation not to be claimed by somebody else.
    public var needsClaim: Bool {
        switch self {
        case .claim, .release, .reply, .setStatus, .snooze, .markNoReplyNeeded, .clearNoReply: true
        case .note, .tag, .untag, .setPriority: false
        }
    }
}
