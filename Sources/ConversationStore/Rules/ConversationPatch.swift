/// What a rule changes in a conversation: the columns to set (a `nil` field is left as it is), the tags to add or
/// remove, and a message to add. Every backend writes a patch as it is; none decides what goes in one.
package struct ConversationPatch: Equatable, Sendable {
    /// A column that may be set to a value or cleared.
    package enum Change<Value: Equatable & Sendable>: Equatable, Sendable {
        case set(Value)
        case clear

        /// The value the column holds afterwards.
        package var value: Value? {
            if case .set(let value) = self { value } else { nil }
        }
    }

    package var status: ConversationStatus?
    package var statusChangedAt: Int64?
    package var priority: Priority?
    package var visibility: Visibility?
    package var assignee: Change<String>?
    package var claimExpiresAt: Change<Int64>?
    package var snoozedUntil: Change<Int64>?
    package var resolvedAt: Change<Int64>?
    package var resolvedBy: Change<String>?
    package var accountID: Int64?
    package var noReplyReason: String?
    package var noReplyAt: Int64?
    /// Takes the no-reply mark away (its reason and time), whatever `noReplyReason` and `noReplyAt` say.
    package var clearsNoReply = false
    /// Who answered or closed the conversation, when, and at which revision (see ``ActionRules/checkSeen``).
    package var handledBy: String?
    package var handledAt: Int64?
    package var handledRevision: Int64?
    /// The row's new revision, set by a rule whose patch is the whole write (see ``Revision``); a write that refreshes
    /// the derived columns bumps the revision there instead.
    package var revision: Int64?
    package var addedTags: [String] = []
    package var removedTags: [String] = []
    /// A reply or a note to store in the conversation.
    package var message: NewMessage?

    package init() {}

    /// Whether the patch changes any column of the conversation's row.
    package var changesRow: Bool {
        status != nil || statusChangedAt != nil || priority != nil || visibility != nil || assignee != nil
            || claimExpiresAt != nil || snoozedUntil != nil || resolvedAt != nil || resolvedBy != nil
            || accountID != nil || noReplyReason != nil || noReplyAt != nil || clearsNoReply || handledBy != nil
            || revision != nil
    }

    /// Whether the patch changes nothing at all.
    package var isEmpty: Bool { !changesRow && addedTags.isEmpty && removedTags.isEmpty && message == nil }
}

/// A message an agent adds to a conversation: a reply queued for delivery, or an internal note.
package struct NewMessage: Equatable, Sendable {
    package var channel: String
    package var direction: MessageDirection
    package var externalID: String
    /// The customer's message it answers (replies only).
    package var inReplyTo: String?
    package var accountID: Int64?
    package var authorID: String
    package var authorHandle: String?
    package var agent: String
    package var text: String
    package var createdAt: Int64
    package var visibility: Visibility
    /// `queued` for a reply, `nil` for a note.
    package var delivery: DeliveryState?
    /// The key the outbox sends the reply under, so it goes out once.
    package var idempotencyKey: String?
}

extension ConversationPatch {
    /// The conversation columns the patch sets, named as every store's schema names them (see
    /// ``StoreCopy/tables``), with their values: what a store writes, in one statement, for ``changesRow``.
    package var assignments: [(column: String, value: StoreCopy.Value)] {
        var result: [(column: String, value: StoreCopy.Value)] = []
        func set(_ column: String, _ value: StoreCopy.Value) { result.append((column, value)) }
        func set(_ column: String, _ change: Change<Int64>?) {
            if let change { set(column, change.value.map { .integer($0) } ?? .null) }
        }
        func set(_ column: String, _ change: Change<String>?) {
            if let change { set(column, change.value.map { .text($0) } ?? .null) }
        }
        if let status { set("status", .text(status.rawValue)) }
        if let statusChangedAt { set("status_changed_at", .integer(statusChangedAt)) }
        if let priority {
            set("priority", .integer(Int64(priority.rank)))
            // The queue's tie-break sorts ascending: the most urgent first.
            set("urgency", .integer(Int64(3 - priority.rank)))
        }
        if let visibility { set("visibility", .text(visibility.rawValue)) }
        set("assignee", assignee)
        set("claim_expires_at", claimExpiresAt)
        set("snoozed_until", snoozedUntil)
        set("resolved_at", resolvedAt)
        set("resolved_by", resolvedBy)
        if let accountID { set("account_id", .integer(accountID)) }
        if clearsNoReply {
            set("no_reply_reason", .null)
            set("no_reply_at", .null)
        } else {
            if let noReplyReason { set("no_reply_reason", .text(noReplyReason)) }
            if let noReplyAt { set("no_reply_at", .integer(noReplyAt)) }
        }
        if let handledBy { set("handled_by", .text(handledBy)) }
        if let handledAt { set("handled_at", .integer(handledAt)) }
        if let handledRevision { set("handled_revision", .integer(handledRevision)) }
        if let revision { set("revision", .integer(revision)) }
        return result
    }
}
