/// What a platform's delivery report does to a reply's delivery state.
package enum DeliveryRules {
    /// Whether a report of `reported` changes a reply now `current`. Reports arrive out of order ("delivered"
    /// after "read", a late "sent" after "failed"): a failure is final and nothing undoes it, and a report of the
    /// state the reply is in changes nothing.
    package static func accepts(_ reported: DeliveryState, current: DeliveryState?) -> Bool {
        current != .failed && current != reported
    }
}
