/// Where a conversation that needs a response stands against its SLA target.
public enum SLAState: String, Sendable {
    /// Answered within the target.
    case met
    /// Answered later than the target, or unanswered once the target has passed.
    case breached
    /// Unanswered, and still inside the target.
    case pending

    /// The state of a conversation whose customer first wrote at `firstInbound`, first answered at `firstResponse`
    /// (`nil` while unanswered), against `target` at `now`; all in milliseconds.
    public init(firstInbound: Int64, firstResponse: Int64?, target: Int64, now: Int64) {
        if let firstResponse {
            self = firstResponse - firstInbound <= target ? .met : .breached
        } else {
            self = now - firstInbound > target ? .breached : .pending
        }
    }
}
