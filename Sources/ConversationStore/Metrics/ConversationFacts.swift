import Foundation

/// The few facts about one conversation that the published metric formulas read.
public struct ConversationFacts: Hashable, Sendable {
    public var id: ConversationID
    public var channel: Channel
    public var account: String?
    public var priority: Priority
    /// Who sent the first response: the agent, or in imported history the brand account.
    public var firstResponder: String?
    public var firstMessageAt: Date
    public var firstInboundAt: Date?
    public var firstResponseAt: Date?
    public var resolvedAt: Date?
    /// The earliest message is inbound and nobody marked the conversation as needing no reply.
    public var needsResponse: Bool

    public init(
        id: ConversationID, channel: Channel, account: String?, priority: Priority, firstResponder: String?,
        firstMessageAt: Date, firstInboundAt: Date?, firstResponseAt: Date?, resolvedAt: Date?, needsResponse: Bool
    ) {
        self.id = id
        self.channel = channel
        self.account = account
        self.priority = priority
        self.firstResponder = firstResponder
        self.firstMessageAt = firstMessageAt
        self.firstInboundAt = firstInboundAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.needsResponse = needsResponse
    }
}
