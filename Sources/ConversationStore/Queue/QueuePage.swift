/// One page of a queue view, and where the next one starts.
public struct QueuePage: Hashable, Sendable {
    public var conversations: [Conversation]
    /// Pass to the next call to continue after the last conversation of this page; `nil` on the last page.
    public var next: QueueCursor?

    public init(conversations: [Conversation], next: QueueCursor?) {
        self.conversations = conversations
        self.next = next
    }
}
