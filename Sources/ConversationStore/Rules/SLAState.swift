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
    /// `counted(from, to)` is the time that counts against the target between two instants: all of it on the
    /// calendar's clock (the default), the open time on a business clock (``SLAPolicy/countedMilliseconds(from:to:)``).
    public init(
        firstInbound: Int64, firstResponse: Int64?, target: Int64, now: Int64,
        counted: (Int64, Int64) -> Int64 = { max(0, $1 - $0) }
    ) {
        if let firstResponse {
            self = counted(firstInbound, firstResponse) <= target ? .met : .breached
        } else {
            self = counted(firstInbound, now) > target ? .breached : .pending
        }
    }
}
