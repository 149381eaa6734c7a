/// When a customer's message brings a conversation back to the queue.
package enum Reopening {
    /// A customer writing again (at `at`, milliseconds) brings a pending, snoozed or resolved conversation back to
    /// the queue, unless its status was set after the message was written (an import of old messages reopens
    /// nothing an agent closed since). `nil` when the conversation stays as it is.
    package static func patch(
        status: ConversationStatus, statusChangedAt: Int64, inboundAt at: Int64
    )
        -> ConversationPatch?
    {
        guard [.pending, .snoozed, .resolved].contains(status), statusChangedAt < at else { return nil }
        var patch = ConversationPatch()
        patch.status = .open
        patch.statusChangedAt = at
        patch.snoozedUntil = .clear
        patch.resolvedAt = .clear
        patch.resolvedBy = .clear
        return patch
    }
}
