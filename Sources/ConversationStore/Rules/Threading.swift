/// Where each arriving message goes. Every store threads by these decisions; it only looks up what they ask for.
///
/// - A message with a parent the store has joins the parent's conversation.
/// - A message whose parent has not arrived starts a conversation of its own; when the parent comes, the two
///   conversations merge (see ``Merge``).
/// - A message without a parent starts a new conversation, except a private message, which joins the customer's
///   open private conversation with the same brand account.
/// - A customer's message may bring its conversation back to the queue (see ``Reopening``).
///
/// Conversation timestamps are then derived from the messages (see ``Derivation``), so the same messages in any
/// order give the same conversations.
package enum Threading {
    /// Where to look for a message's conversation.
    package enum Home: Equatable, Sendable {
        /// The conversation holding the message with this external id (on the same channel), when it has arrived.
        case parent(String)
        /// The customer's open private conversation with the account, if there is one.
        case openPrivate
        /// None: the message starts a conversation.
        case new
    }

    /// Where to look for `message`'s conversation; `customerKnown` when its author is a customer the store has.
    package static func home(of message: IncomingMessage, customerKnown: Bool) -> Home {
        if let parent = message.inReplyTo { return .parent(parent) }
        if message.visibility == .private && customerKnown { return .openPrivate }
        return .new
    }

    /// A private conversation candidate for ``Home/openPrivate``: one of the customer's conversations on the channel.
    package struct Candidate: Sendable {
        package var id: Int64
        package var lastMessageAt: Int64
        package var status: ConversationStatus
        package var visibility: Visibility
        package var accountID: Int64?

        package init(
            id: Int64, lastMessageAt: Int64, status: ConversationStatus, visibility: Visibility, accountID: Int64?
        ) {
            self.id = id
            self.lastMessageAt = lastMessageAt
            self.status = status
            self.visibility = visibility
            self.accountID = accountID
        }
    }

    /// The conversation a private message with `accountID` joins among the customer's conversations on its channel:
    /// the latest private one that is not resolved, with the same account (or none, when the message names none).
    package static func openPrivate(among candidates: [Candidate], accountID: Int64?) -> Int64? {
        candidates.filter { $0.visibility == .private && $0.status != .resolved && $0.accountID == accountID }
            .max { ($0.lastMessageAt, $0.id) < ($1.lastMessageAt, $1.id) }?.id
    }

    /// The handle of the brand account a message names itself: its `account`, or the author of an outbound message
    /// (a leading `@` dropped); `nil` when it names none.
    package static func accountHandle(of message: IncomingMessage) -> String? {
        guard
            let raw = message.account
                ?? (message.direction == .outbound ? message.author.handle ?? message.author.id : nil)
        else { return nil }
        let handle = raw.hasPrefix("@") ? String(raw.dropFirst()) : raw
        return handle.isEmpty ? nil : handle
    }

    /// Whether a message that names no account is the customer's, whose `@handles` may name the brand's account.
    package static func looksForMentionedAccount(_ message: IncomingMessage) -> Bool {
        message.account == nil && message.direction == .inbound
    }

    /// Whether the message's author is a customer (the brand's own messages and notes are not).
    package static func isFromCustomer(_ message: IncomingMessage) -> Bool { message.direction == .inbound }

    /// Whether the message may reopen the conversation it joined: a customer's message joining a conversation that
    /// was there before it (one it started is new).
    package static func mayReopen(_ message: IncomingMessage, joinedExisting: Bool) -> Bool {
        message.direction == .inbound && joinedExisting
    }
}
