import Foundation

/// One message of a conversation: the customer's, an agent's reply, or an internal note.
public struct Message: Hashable, Codable, Sendable, Identifiable {
    public var id: Int64
    public var conversation: ConversationID
    public var channel: Channel
    /// The channel's own id, unique per channel. Replies written here carry a local id (`tanggap:…`) until the
    /// platform gives them one.
    public var externalID: String
    /// The external id of the message this one answers, whether or not the store has it.
    public var inReplyTo: String?
    public var direction: MessageDirection
    /// The channel's id of the author (the customer, or the brand account for outbound messages).
    public var authorID: String
    public var authorHandle: String?
    public var authorName: String?
    /// The agent who wrote an outbound message or note in this tool.
    public var agent: String?
    public var text: String
    public var createdAt: Date
    public var visibility: Visibility
    /// The outbox state of an outbound message; `nil` for inbound messages and notes.
    public var delivery: DeliveryState?
    public var deliveryError: String?
    /// True for automatic acknowledgements and bot posts, which never count as a response.
    public var automatic: Bool

    public init(
        id: Int64, conversation: ConversationID, channel: Channel, externalID: String, inReplyTo: String?,
        direction: MessageDirection, authorID: String, authorHandle: String?, authorName: String?, agent: String?,
        text: String, createdAt: Date, visibility: Visibility, delivery: DeliveryState?, deliveryError: String?,
        automatic: Bool
    ) {
        self.id = id
        self.conversation = conversation
        self.channel = channel
        self.externalID = externalID
        self.inReplyTo = inReplyTo
        self.direction = direction
        self.authorID = authorID
        self.authorHandle = authorHandle
        self.authorName = authorName
        self.agent = agent
        self.text = text
        self.createdAt = createdAt
        self.visibility = visibility
        self.delivery = delivery
        self.deliveryError = deliveryError
        self.automatic = automatic
    }

    /// The prefix of the local id a reply written here carries until the platform gives it one.
    public static let localIDPrefix = "tanggap:"

    /// The prefix of an internal note's id.
    public static let notePrefix = "tanggap-note:"

    /// The key that names this reply to a platform across attempts (`Idempotency-Key`): its local id without the
    /// prefix.
    public var deliveryKey: String {
        externalID.hasPrefix(Self.localIDPrefix)
            ? String(externalID.dropFirst(Self.localIDPrefix.count)) : "message-\(id)"
    }

    /// True when this message counts as a response by the published formula: outbound, written by a person, and
    /// not finally refused by the platform.
    public var countsAsResponse: Bool {
        direction == .outbound && !automatic && delivery != .failed
    }
}
