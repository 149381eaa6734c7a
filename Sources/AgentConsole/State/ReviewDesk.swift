import ConversationStore

/// What only the supervisor's review has: which handled conversations to list, the SLA policy they are judged by,
/// and what the journals recorded about the open one.
public struct ReviewDesk: Sendable {
    /// Which handled conversations the list holds.
    public var filter: ReviewFilter
    /// The store's SLA policy, for the review's "within SLA".
    public var slaPolicy: SLAPolicy
    /// What the journals recorded about the open conversation.
    public var events: [StoreEvent] = []

    /// A review over the handled conversations that `filter` selects.
    public init(filter: ReviewFilter = ReviewFilter(), slaPolicy: SLAPolicy = SLAPolicy()) {
        self.filter = filter
        self.slaPolicy = slaPolicy
    }
}
