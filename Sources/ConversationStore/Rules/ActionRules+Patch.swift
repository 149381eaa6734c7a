import Foundation

/// What each agent action does to a conversation, decided from the row as it stands in the action's transaction.
extension ActionRules {
    /// The change `action` makes to `row`, by `agent` at `at` (milliseconds); throws ``StoreError/Code/claimHeld``
    /// when the action needs the claim and another agent holds it, and ``StoreError/Code/changedSinceRead`` when
    /// another agent answered or resolved the conversation after revision `seen` (see ``checkSeen``). `newKey` names
    /// a reply or note (the outbox sends a reply under it once); a test passes a fixed one.
    package static func patch(
        for action: AgentAction, on row: ConversationRow, by agent: String, at: Int64, seen: Int64? = nil,
        newKey: String = UUID().uuidString.lowercased()
    ) throws -> ConversationPatch {
        // The claim first: while another agent holds it, acting anyway could not go through either, so asking
        // whether to act anyway would be a question with no useful answer.
        if action.needsClaim, let holder = row.assignee, holder != agent {
            throw StoreError(
                .claimHeld, "conversation \(ConversationID(row.id)) is claimed by \(holder)", holder: holder)
        }
        try checkSeen(action, on: row, by: agent, seen: seen)
        var patch = ConversationPatch()
        // A new conversation an agent claims or answers is open from then on.
        if row.status == .new, action.opensANewConversation {
            patch.status = .open
            patch.statusChangedAt = at
        }
        switch action {
        case .claim(let leaseSeconds):
            patch.assignee = .set(agent)
            patch.claimExpiresAt = .set(at + Int64(leaseSeconds) * 1000)
        case .release:
            if row.assignee == agent {
                patch.assignee = .clear
                patch.claimExpiresAt = .clear
            }
        case .reply(let text, let isPrivate):
            patch.message = NewMessage(
                channel: row.channel, direction: .outbound, externalID: Message.localIDPrefix + newKey,
                inReplyTo: row.latestInboundExternalID, accountID: row.accountID,
                authorID: row.accountHandle ?? agent, authorHandle: row.accountHandle, agent: agent, text: text,
                createdAt: at, visibility: isPrivate ? .private : row.visibility, delivery: .queued,
                idempotencyKey: newKey)
            // Answering claims the conversation, and never shortens a longer claim the agent took.
            patch.assignee = .set(agent)
            patch.claimExpiresAt = .set(
                max(row.claimExpiresAt ?? 0, at + Int64(AgentAction.defaultLeaseSeconds) * 1000))
            if isPrivate { patch.visibility = .private }
        case .note(let text):
            patch.message = NewMessage(
                channel: row.channel, direction: .note, externalID: Message.notePrefix + newKey, inReplyTo: nil,
                accountID: nil,
                authorID: agent, authorHandle: agent, agent: agent, text: text, createdAt: at, visibility: .private,
                delivery: nil, idempotencyKey: nil)
        case .tag(let tags):
            patch.addedTags = normalisedTags(tags)
        case .untag(let tags):
            patch.removedTags = normalisedTags(tags)
        case .setStatus(.resolved):
            patch.status = .resolved
            patch.statusChangedAt = at
            patch.resolvedAt = .set(at)
            patch.resolvedBy = .set(agent)
            patch.snoozedUntil = .clear
            patch.assignee = .clear
            patch.claimExpiresAt = .clear
        case .setStatus(let status):
            patch.status = status
            patch.statusChangedAt = at
            patch.resolvedAt = .clear
            patch.resolvedBy = .clear
            patch.snoozedUntil = .clear
        case .setPriority(let priority):
            patch.priority = priority
        case .snooze(let until):
            patch.status = .snoozed
            patch.statusChangedAt = at
            patch.snoozedUntil = .set(until.milliseconds)
            patch.assignee = .clear
            patch.claimExpiresAt = .clear
        case .markNoReplyNeeded(let reason):
            patch.noReplyReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            patch.noReplyAt = at
        case .clearNoReply:
            if row.noReplyReason != nil || row.noReplyAt != nil { patch.clearsNoReply = true }
        }
        if action.handles {
            patch.handledBy = agent
            patch.handledAt = at
            // The revision the action's write makes (its derived refresh bumps the row once).
            patch.handledRevision = Revision.after(row.revision)
        }
        return patch
    }

    /// Refuses a claim, a reply or a resolution when another agent answered or resolved the conversation after the
    /// agent read it at revision `seen`: two agents answering one customer twice is what this prevents. Without
    /// `seen` (a script that read nothing) nothing is checked. Passing the revision the refusal names sends anyway.
    package static func checkSeen(_ action: AgentAction, on row: ConversationRow, by agent: String, seen: Int64?) throws
    {
        guard let seen, action.isCheckedAgainstRead, let other = row.handledBy, other != agent,
            let handled = row.handledRevision, handled > seen
        else { return }
        let subject = "conversation \(ConversationID(row.id))"
        let done: String
        if row.status == .resolved {
            done = "\(other) resolved \(subject)"
        } else if row.noReplyAt != nil, row.noReplyAt == row.handledAt {
            done = "\(other) marked \(subject) as needing no reply"
        } else {
            done = "\(other) answered \(subject)"
        }
        let when = row.handledAt.map { Date(milliseconds: $0) }
        let at = when.map { " at " + Timestamp.format($0) } ?? ""
        throw StoreError(
            .changedSinceRead,
            "\(done)\(at) after you opened it (you read revision \(seen); it is at \(row.revision) now)",
            holder: other, changedAt: when, revision: row.revision)
    }
}

extension AgentAction {
    /// Whether applying the action answers or closes the conversation: a reply, a resolution, a no-reply.
    var handles: Bool {
        switch self {
        case .reply, .setStatus(.resolved), .markNoReplyNeeded: true
        default: false
        }
    }

    /// Whether the action is refused when another agent answered or resolved the conversation since it was read.
    var isCheckedAgainstRead: Bool {
        switch self {
        case .claim, .reply, .setStatus(.resolved): true
        default: false
        }
    }

    /// Whether the action opens a `new` conversation: claims and replies do; the others leave the status to
    /// themselves.
    var opensANewConversation: Bool {
        switch self {
        case .claim, .reply: true
        default: false
        }
    }
}
