/// What time alone does to a conversation: a claim whose lease ran out is given back, and a snooze that ended
/// brings the conversation back to the queue. Every write that checks a claim sweeps first, so an expired claim
/// never blocks anyone.
package enum ClaimSweep {
    /// Whether `row` has anything for the sweep at `now` (milliseconds).
    package static func isDue(_ row: ConversationRow, now: Int64) -> Bool {
        patch(for: row, now: now) != nil
    }

    /// The change the sweep makes at `now`, or `nil` when there is none.
    package static func patch(for row: ConversationRow, now: Int64) -> ConversationPatch? {
        var patch = ConversationPatch()
        if let expires = row.claimExpiresAt, expires <= now {
            patch.assignee = .clear
            patch.claimExpiresAt = .clear
        }
        if wakes(row, now: now) {
            patch.status = .open
            patch.snoozedUntil = .clear
            patch.statusChangedAt = now
        } else if !patch.isEmpty {
            // A claim given back is a write of its own; a conversation woken is refreshed, which bumps it then.
            patch.revision = Revision.after(row.revision)
        }
        return patch.isEmpty ? nil : patch
    }

    /// Whether a snoozed conversation comes back at `now`.
    package static func wakes(_ row: ConversationRow, now: Int64) -> Bool {
        row.status == .snoozed && (row.snoozedUntil.map { $0 <= now } ?? false)
    }
}
