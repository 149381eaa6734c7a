import Foundation
import TextAnalysis

/// A thread between one customer and the brand, as the queue shows it.
///
/// The timestamps are derived from the conversation's messages by the published rules (see `Report`), so they stay
/// right whatever order the messages arrived in.
public struct Conversation: Hashable, Codable, Sendable, Identifiable {
    public var id: ConversationID
    public var channel: Channel
    /// The brand account the customer wrote to, when known.
    public var account: String?
    public var customer: Customer?
    public var status: ConversationStatus
    public var priority: Priority
    /// The agent holding the claim, while the lease runs.
    public var assignee: String?
    public var claimExpiresAt: Date?
    public var visibility: Visibility
    public var tags: [String]
    /// The channel's own id of the conversation's earliest message.
    public var externalID: String
    /// The latest customer text, shortened for a queue row.
    public var snippet: String
    public var messageCount: Int
    public var firstMessageAt: Date
    public var firstInboundAt: Date?
    public var firstResponseAt: Date?
    /// The agent who sent the first response; for a reply from outside the console (imported history, one posted on
    /// the platform), `@` and the brand account's handle.
    public var firstResponder: String?
    public var lastInboundAt: Date?
    public var lastOutboundAt: Date?
    public var lastMessageAt: Date
    /// The earliest customer message not yet answered; `nil` when the brand has the last word.
    public var awaitingReplySince: Date?
    /// True when the conversation waits on an agent: the customer has the last word, it is `new` or `open`, and
    /// nobody marked it as needing no reply since.
    public var needsReply: Bool
    /// When the reply is due under the SLA policy, while `needsReply` holds.
    public var slaDueAt: Date?
    public var snoozedUntil: Date?
    public var resolvedAt: Date?
    public var noReplyReason: String?

    /// True when the earliest message is the customer's and nobody marked the conversation as needing no reply
    /// before it was answered (an answered conversation always counts):
    /// the denominator of the response rate.
    public var needsResponse: Bool
    /// How the customer's last messages feel, −1 (angry) … +1 (happy); `nil` before they wrote.
    public var sentiment: Double?
    /// Bumped by every write to the conversation: each agent action, each message stored in it. Pass the revision
    /// the agent read as `seen` to ``Store/perform(_:on:by:seen:)``, so an answer another agent sent meanwhile is
    /// noticed rather than answered twice.
    public var revision: Int64
    /// The kinds of personal data the customer posted in public messages of this conversation, in declaration order
    /// (see ``PersonalDataRules``); empty when none.
    public var personalData: [PersonalDataKind]
    /// What the customer's latest message wants (``IntentClassifier``); nil before they wrote or when no cue says.
    public var intent: Intent?
    /// Whether the customer's latest message asks for a reply at all, by the classifier: an estimate beside
    /// `needsReply`, which only an agent's no-reply mark ends.
    public var replyExpected: Bool

    /// A public conversation with an unhappy customer who has a wide reach or has waited past the SLA: move it to a
    /// private channel before it spreads.
    public func isHighRisk(now: Date) -> Bool {
        guard visibility == .public, Mood.isUnhappy(sentiment) else { return false }
        return (customer?.followers ?? 0) >= 10_000 || (slaDueAt.map { $0 < now } ?? false)
    }

    public init(
        id: ConversationID, channel: Channel, account: String?, customer: Customer?, status: ConversationStatus,
        priority: Priority, assignee: String?, claimExpiresAt: Date?, visibility: Visibility, tags: [String],
        externalID: String, snippet: String, messageCount: Int, firstMessageAt: Date, firstInboundAt: Date?,
        firstResponseAt: Date?, firstResponder: String?, lastInboundAt: Date?, lastOutboundAt: Date?,
        lastMessageAt: Date, awaitingReplySince: Date?, needsReply: Bool, slaDueAt: Date?, snoozedUntil: Date?,
        resolvedAt: Date?, noReplyReason: String?, needsResponse: Bool, sentiment: Double? = nil,
        revision: Int64 = 0, personalData: [PersonalDataKind] = [], intent: Intent? = nil, replyExpected: Bool = true
    ) {
        self.intent = intent
        self.replyExpected = replyExpected
        self.id = id
        self.channel = channel
        self.account = account
        self.customer = customer
        self.status = status
        self.priority = priority
        self.assignee = assignee
        self.claimExpiresAt = claimExpiresAt
        self.visibility = visibility
        self.tags = tags
        self.externalID = externalID
        self.snippet = snippet
        self.messageCount = messageCount
        self.firstMessageAt = firstMessageAt
        self.firstInboundAt = firstInboundAt
        self.firstResponseAt = firstResponseAt
        self.firstResponder = firstResponder
        self.lastInboundAt = lastInboundAt
        self.lastOutboundAt = lastOutboundAt
        self.lastMessageAt = lastMessageAt
        self.awaitingReplySince = awaitingReplySince
        self.needsReply = needsReply
        self.slaDueAt = slaDueAt
        self.snoozedUntil = snoozedUntil
        self.resolvedAt = resolvedAt
        self.noReplyReason = noReplyReason
        self.needsResponse = needsResponse
        self.sentiment = sentiment
        self.revision = revision
        self.personalData = personalData
    }
}
