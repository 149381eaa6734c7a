/// A named slice of the conversations, each in the order an agent works it.
public enum QueueView: String, Codable, Sendable, CaseIterable {
    /// Waiting on an agent, most urgent first: SLA due time, then priority.
    case needsReply = "needs-reply"
    /// Of those, the ones that probably need no reply (``Conversation/probablyNeedsNoReply``: the stores select
    /// `needs_reply` and not `reply_expected`, the columns the core works out), most urgent first: for an agent to
    /// confirm or answer.
    case probablyNoReply = "probably-no-reply"
    /// Waiting on an agent with an unhappy customer, most urgent first.
    case unhappy
    /// Claimed by the asking agent and not resolved, by SLA due time.
    case mine
    /// `new` or `open` and claimed by nobody, by SLA due time.
    case unassigned
    /// Waiting on the customer, most recently active first.
    case pending
    /// Snoozed, the soonest to wake first.
    case snoozed
    /// Resolved, the most recently resolved first.
    case resolved
    /// Everything, the most recently active first.
    case all
}

/// A column a view is ordered by: the view's keys, then the conversation's id.
package enum QueueSortKey: String, Sendable {
    case dueAt = "due_at"
    case urgency
    case lastMessageAt = "last_message_at"
    case snoozedUntil = "snoozed_until"
    case resolvedAt = "resolved_at"
}

extension QueueView {
    /// The order an agent works the view in, which every store pages by: what needs an answer first (SLA due time,
    /// then priority), the most recently active, the soonest to wake, or the latest resolved.
    package var ordering: (keys: [QueueSortKey], descending: Bool) {
        switch self {
        case .needsReply, .probablyNoReply, .unhappy, .mine, .unassigned: ([.dueAt, .urgency], false)
        case .pending, .all: ([.lastMessageAt], true)
        case .snoozed: ([.snoozedUntil], false)
        case .resolved: ([.resolvedAt], true)
        }
    }
}
