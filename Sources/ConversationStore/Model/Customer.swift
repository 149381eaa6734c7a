import Foundation

/// A person who writes to the brand on one channel.
public struct Customer: Hashable, Codable, Sendable {
    public var channel: Channel
    /// The channel's own id of the person (stable even when the handle changes).
    public var externalID: String
    public var handle: String?
    public var name: String?
    public var firstSeenAt: Date
    /// How many conversations this person has had with the brand: more than one marks a repeat customer.
    public var conversationCount: Int
    /// Followers when the channel reports them: the reach of what they post.
    public var followers: Int?

    public init(
        channel: Channel, externalID: String, handle: String?, name: String?, firstSeenAt: Date,
        conversationCount: Int, followers: Int?
    ) {
        self.channel = channel
        self.externalID = externalID
        self.handle = handle
        self.name = name
        self.firstSeenAt = firstSeenAt
        self.conversationCount = conversationCount
        self.followers = followers
    }
}
