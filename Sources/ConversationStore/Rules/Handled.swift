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
    /// needing none (spam, a plain thank-you; the reason is kept) and nobody answered it. An answered conversation
    /// always counts: a mark on the customer's closing thanks ends the wait in the queue, and never takes an answer
    /// out of the response rate.
    public static func test(firstMessageInbound: Bool, noReplyReason: String?, answered: Bool) -> Bool {
        firstMessageInbound && (noReplyReason == nil || answered)
    }

    /// A conversation an agent took out of the denominator: its earliest message is the customer's, an agent marked
    /// it as needing no response, and nobody answered it.
    public static func markedNone(firstMessageInbound: Bool, noReplyReason: String?, answered: Bool) -> Bool {
        firstMessageInbound && noReplyReason != nil && !answered
    }

    /// Whether the classifier's estimate would take a conversation out of the denominator were an agent to confirm
    /// it: it needs a response, has none, and its customer's latest message asks for nothing
    /// (``Conversation/replyExpected``). Never counted as out until an agent marks it.
    public static func estimatedNone(needsResponse: Bool, answered: Bool, replyExpected: Bool) -> Bool {
        needsResponse && !answered && !replyExpected
    }
}
