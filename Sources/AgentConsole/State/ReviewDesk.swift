import ConversationStore

/// What only the supervisor's review has: which handled conversations to list, and what the journals recorded about
/// the open one (the SLA policy they are judged by is the store's, ``ConsoleState/policy``).
public struct ReviewDesk: Sendable {
    /// Which handled conversations the list holds.
    public var filter: ReviewFilter
    /// What the journals recorded about the open conversation.
    public var events: [StoreEvent] = []

    /// A review over the handled conversations that `filter` selects.
    public init(filter: ReviewFilter = ReviewFilter()) {
        self.filter = filter
    }
}
