/// Which conversations count as handled, for the supervisor's review: answered, resolved, or marked as needing no
/// reply.
public enum Handled {
    /// Whether `conversation` has been handled.
    public static func test(_ conversation: Conversation) -> Bool {
        conversation.firstResponseAt != nil || conversation.status == .resolved || conversation.noReplyReason != nil
    }
}

/// Which conversations need a response: the denominator of the response rate.
public enum NeedsResponse {
    /// A conversation needs a response when its earliest message is the customer's, unless an agent marked it as
    /// needing none (spam, a plain thank-you; the reason is kept).
    public static func test(firstMessageInbound: Bool, noReplyReason: String?) -> Bool {
        firstMessageInbound && noReplyReason == nil
    }
}
