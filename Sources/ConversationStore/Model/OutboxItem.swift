import Foundation

/// A queued reply as the dispatcher sees it: the message, how often it was tried, and whether an earlier attempt
/// was cut off before the platform's answer was recorded.
public struct OutboxItem: Hashable, Sendable {
    public var message: Message
    /// Attempts begun so far, this one not included.
    public var attempts: Int
    /// True when an earlier attempt began and never came back (the sender died or lost the store mid-call): the
    /// platform may or may not have the reply.
    public var interrupted: Bool

    public init(message: Message, attempts: Int, interrupted: Bool) {
        self.message = message
        self.attempts = attempts
        self.interrupted = interrupted
    }
}
