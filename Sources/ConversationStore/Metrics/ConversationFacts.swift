import Foundation
import TextAnalysis

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
    /// The earliest message is inbound and nobody marked the conversation as needing no reply before it was
    /// answered (``NeedsResponse``).
    public var needsResponse: Bool
    /// The customer had a conversation that started earlier (a repeat, loyal customer); `nil` when the
    /// conversation has no customer (a brand's own post).
    public var repeatCustomer: Bool?
    /// The customer's mood, -1 (angry) to 1 (happy), when their messages tell.
    public var sentiment: Double?
    /// The customer posted personal data in public (``PersonalDataRules``).
    public var personalDataInPublic: Bool
    /// The conversation is private now (a direct message, or moved to one).
    public var isPrivate: Bool
    /// What the customer's first message wanted (``IntentClassifier``); nil without a customer message or a cue.
    public var firstIntent: Intent?
    /// Whether the customer's latest message asks for a reply, by the classifier: an estimate, never a mark.
    public var replyExpected: Bool
    /// The earliest message is the customer's and an agent marked the conversation as needing no reply.
    public var markedNoReply: Bool

    public init(
        id: ConversationID, channel: Channel, account: String?, priority: Priority, firstResponder: String?,
        firstMessageAt: Date, firstInboundAt: Date?, firstResponseAt: Date?, resolvedAt: Date?, needsResponse: Bool,
        repeatCustomer: Bool? = nil, sentiment: Double? = nil, personalDataInPublic: Bool = false,
        isPrivate: Bool = false, firstIntent: Intent? = nil, replyExpected: Bool = true, markedNoReply: Bool = false
    ) {
        self.firstIntent = firstIntent
        self.replyExpected = replyExpected
        self.markedNoReply = markedNoReply
        self.personalDataInPublic = personalDataInPublic
        self.isPrivate = isPrivate
        self.repeatCustomer = repeatCustomer
        self.sentiment = sentiment
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

/// How much one agent answered in a period's conversations: every response they sent (not only first responses),
/// and in how many conversations. A report by agent reads it, so an agent who answered after someone else's first
/// response (an imported brand reply, another agent) is still seen.
public struct AgentReplies: Hashable, Sendable {
    public var agent: String
    public var replies: Int
    public var conversations: Int

    public init(agent: String, replies: Int, conversations: Int) {
        self.agent = agent
        self.replies = replies
        self.conversations = conversations
    }

    /// Each agent's responses among their outbound messages (what counts as one: ``Derivation``), by agent.
    package static func count(_ messages: [AgentMessage]) -> [AgentReplies] {
        var replies: [String: Int] = [:]
        var conversations: [String: Set<Int64>] = [:]
        for message in messages
        where Derivation.isResponse(direction: "outbound", automatic: message.automatic, delivery: message.delivery) {
            replies[message.agent, default: 0] += 1
            conversations[message.agent, default: []].insert(message.conversation)
        }
        return replies.keys.sorted().map {
            AgentReplies(agent: $0, replies: replies[$0] ?? 0, conversations: conversations[$0]?.count ?? 0)
        }
    }
}

/// An outbound message an agent wrote, as a store reads it for ``AgentReplies``.
public struct AgentMessage: Hashable, Sendable {
    public var agent: String
    public var conversation: Int64
    public var automatic: Bool
    public var delivery: String?

    public init(agent: String, conversation: Int64, automatic: Bool, delivery: String?) {
        self.agent = agent
        self.conversation = conversation
        self.automatic = automatic
        self.delivery = delivery
    }
}

/// A brand account's own messages in a period: replies (an answer to someone) and broadcasts (a post of its own, in
/// reply to nothing). The articles this product serves measured brands by this share: one operator's tweets were
/// 65.59% promotion, Optus's 99.67% service.
public struct OutboundCount: Hashable, Sendable {
    /// The brand account's handle; `nil` for messages with no account.
    public var account: String?
    public var replies: Int
    public var broadcasts: Int

    public init(account: String?, replies: Int, broadcasts: Int) {
        self.account = account
        self.replies = replies
        self.broadcasts = broadcasts
    }

    /// `replies / (replies + broadcasts)`; `nil` with no outbound messages.
    public var serviceShare: Double? {
        replies + broadcasts == 0 ? nil : Double(replies) / Double(replies + broadcasts)
    }

    /// Counts from a store's grouping of the outbound messages by account and by whether they name the message they
    /// answer: one that does is a reply, one that does not a broadcast.
    package static func counts(_ groups: [(account: String?, answering: Bool, count: Int)]) -> [OutboundCount] {
        var byAccount: [String?: OutboundCount] = [:]
        for group in groups {
            var count = byAccount[group.account] ?? OutboundCount(account: group.account, replies: 0, broadcasts: 0)
            if group.answering { count.replies += group.count } else { count.broadcasts += group.count }
            byAccount[group.account] = count
        }
        return byAccount.values.sorted { ($0.account ?? "") < ($1.account ?? "") }
    }

    /// The counts of several accounts together.
    public static func total(_ counts: [OutboundCount], account: String? = nil) -> OutboundCount {
        OutboundCount(
            account: account, replies: counts.reduce(0) { $0 + $1.replies },
            broadcasts: counts.reduce(0) { $0 + $1.broadcasts })
    }
}
