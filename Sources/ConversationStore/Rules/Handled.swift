/// Which conversations count as handled, for the supervisor's review: answered, resolved, or marked as needing no
/// reply.
public enum Handled {
    /// Whether `conversation` has been handled.
    public static func test(_ conversation: Conversation) -> Bool {
        conversation.firstResponseAt != nil || conversation.status == .resolved || conversation.noReplyReason != nil
    }
}
