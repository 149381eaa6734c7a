/// How two conversations become one, when a message shows they are the same thread (a reply that arrived before
/// its parent started a conversation of its own; when the parent comes, the two merge).
package enum Merge {
    /// Which of two conversations survives: the older id (the lower one). The other answers as an alias of it.
    package static func order(_ a: Int64, _ b: Int64) -> (survivor: Int64, loser: Int64) {
        (min(a, b), max(a, b))
    }

    /// What the survivor becomes: it keeps its own state and takes over what only the other had. A `new` survivor
    /// takes the other's status; the higher priority wins; private if either moved private; an unclaimed survivor
    /// takes the other's claim; the brand account and a "no reply needed" mark carry over where the survivor has
    /// none. The messages and tags move with the merge, and the survivor's derived columns are worked out again.
    package static func patch(kept: ConversationRow, gone: ConversationRow) -> ConversationPatch {
        var patch = ConversationPatch()
        patch.status = kept.status == .new ? gone.status : kept.status
        patch.priority = max(kept.priority, gone.priority)
        patch.visibility = kept.visibility == .private || gone.visibility == .private ? .private : .public
        if kept.assignee == nil {
            patch.assignee = gone.assignee.map { .set($0) } ?? .clear
            patch.claimExpiresAt = gone.claimExpiresAt.map { .set($0) } ?? .clear
        }
        if kept.accountID == nil { patch.accountID = gone.accountID }
        if kept.noReplyReason == nil { patch.noReplyReason = gone.noReplyReason }
        if kept.noReplyAt == nil { patch.noReplyAt = gone.noReplyAt }
        return patch
    }
}
