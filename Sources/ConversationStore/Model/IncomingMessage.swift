import Foundation

/// A message as it arrives from outside (an import file, a webhook), normalised and checked, before the store
/// threads it.
public struct IncomingMessage: Hashable, Codable, Sendable {
    /// The person who wrote it, in the channel's terms.
    public struct Author: Hashable, Codable, Sendable {
        public var id: String
        public var handle: String?
        public var name: String?
        public var followers: Int?

        public init(id: String, handle: String? = nil, name: String? = nil, followers: Int? = nil) {
            self.id = id
            self.handle = handle
            self.name = name
            self.followers = followers
        }
    }

    public var channel: Channel
    /// The channel's own id; a second message with the same channel and id is a duplicate.
    public var externalID: String
    public var inReplyTo: String?
    public var direction: MessageDirection
    public var author: Author
    public var text: String
    public var createdAt: Date
    public var visibility: Visibility
    /// The brand account the message was written to or from, when the source says so. Outbound messages without
    /// one are taken to come from the account named by their author's handle.
    public var account: String?
    /// True for automatic acknowledgements and bot posts.
    public var automatic: Bool
    /// The kinds of personal data masked out of `text` as it arrived (``PersonalDataRules/bits(_:)``): the
    /// conversation is still flagged for what the customer posted, though the store keeps it masked.
    public var maskedPersonalData: Int?

    public init(
        channel: Channel, externalID: String, inReplyTo: String? = nil, direction: MessageDirection, author: Author,
        text: String, createdAt: Date, visibility: Visibility = .public, account: String? = nil,
        automatic: Bool = false
    ) {
        self.channel = channel
        self.externalID = externalID
        self.inReplyTo = inReplyTo
        self.direction = direction
        self.author = author
        self.text = text
        self.createdAt = createdAt
        self.visibility = visibility
        self.account = account
        self.automatic = automatic
    }
}
