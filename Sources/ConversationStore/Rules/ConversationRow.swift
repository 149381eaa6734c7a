/// The columns of a conversation row that the rules read: what a backend hands the rules before a change, read in
/// the same transaction that writes the change.
///
/// Times are milliseconds since 1970, as the stores keep them.
package struct ConversationRow: Equatable, Sendable {
    package var id: Int64
    package var channel: String
    package var status: ConversationStatus
    package var statusChangedAt: Int64
    package var priority: Priority
    package var visibility: Visibility
    package var assignee: String?
    package var claimExpiresAt: Int64?
    package var snoozedUntil: Int64?
    package var accountID: Int64?
    /// The handle of the brand account the conversation is with, when it has one.
    package var accountHandle: String?
    package var customerID: Int64?
    package var noReplyReason: String?
    package var noReplyAt: Int64?
    /// The external id of the customer's latest message, which a reply answers.
    package var latestInboundExternalID: String?
    /// Bumped by every write to the conversation (each action, each message stored in it).
    package var revision: Int64
    /// The agent whose reply, resolution or no-reply was applied last, when, and at which revision.
    package var handledBy: String?
    package var handledAt: Int64?
    package var handledRevision: Int64?

    package init(
        id: Int64, channel: String, status: ConversationStatus, statusChangedAt: Int64, priority: Priority = .normal,
        visibility: Visibility = .public, assignee: String? = nil, claimExpiresAt: Int64? = nil,
        snoozedUntil: Int64? = nil, accountID: Int64? = nil, accountHandle: String? = nil, customerID: Int64? = nil,
        noReplyReason: String? = nil, noReplyAt: Int64? = nil, latestInboundExternalID: String? = nil,
        revision: Int64 = 0, handledBy: String? = nil, handledAt: Int64? = nil, handledRevision: Int64? = nil
    ) {
        self.id = id
        self.channel = channel
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.priority = priority
        self.visibility = visibility
        self.assignee = assignee
        self.claimExpiresAt = claimExpiresAt
        self.snoozedUntil = snoozedUntil
        self.accountID = accountID
        self.accountHandle = accountHandle
        self.customerID = customerID
        self.noReplyReason = noReplyReason
        self.noReplyAt = noReplyAt
        self.latestInboundExternalID = latestInboundExternalID
        self.revision = revision
        self.handledBy = handledBy
        self.handledAt = handledAt
        self.handledRevision = handledRevision
    }
}
