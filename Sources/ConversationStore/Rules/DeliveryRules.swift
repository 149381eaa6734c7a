/// What a platform's delivery report does to a reply's delivery state.
package enum DeliveryRules {
    /// Whether a report of `reported` changes a reply now `current`. Reports arrive out of order ("delivered"
    /// after "read", a late "sent" after "failed"): a failure is final and nothing undoes it, and a report of the
    /// state the reply is in changes nothing.
    package static func accepts(_ reported: DeliveryState, current: DeliveryState?) -> Bool {
        current != .failed && current != reported
    }

    /// Whether a queued reply is due for an attempt at `now` (milliseconds): never begun, or begun longer than
    /// `lease` ago and never finished (interrupted); and not waiting out a retry pause. A store lists the queued
    /// replies and keeps those this admits; taking one for an attempt stays a store's atomic update.
    package static func isDue(startedAt: Int64?, retryAt: Int64?, now: Int64, lease: Duration) -> Bool {
        (startedAt.map { $0 <= now - lease.milliseconds } ?? true) && (retryAt.map { $0 <= now } ?? true)
    }
}
