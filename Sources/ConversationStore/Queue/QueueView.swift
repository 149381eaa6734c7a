/// A named slice of the conversations, each in the order an agent works it.
public enum QueueView: String, Codable, Sendable, CaseIterable {
    /// Waiting on an agent, most urgent first: SLA due time, then priority.
    case needsReply = "needs-reply"
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
