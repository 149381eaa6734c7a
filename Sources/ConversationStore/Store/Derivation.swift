import Foundation
import TextAnalysis

/// A message as the derived columns read it.
package struct DerivedMessage: Sendable {
    /// The message columns a backend reads, the conversation's id first.
    package static let columns = """
        conversation_id, id, external_id, direction, created_at, automatic, delivery, agent, author_handle,
        author_id, text, customer_id, account_id, visibility, masked_personal_data
        """

    var id: Int64
    package var externalID: String
    var direction: String
    var createdAt: Int64
    var automatic: Bool
    var delivery: String?
    var agent: String?
    var authorHandle: String?
    var authorID: String
    var text: String
    package var customerID: Int64?
    package var accountID: Int64?
    /// Posted in public (a post, a comment, a mention) rather than a direct message.
    var isPublic: Bool
    /// The kinds of personal data masked out of the text when it arrived or later (``PersonalDataRules/bits(_:)``).
    var maskedPersonalData: Int

    var isInbound: Bool { direction == "inbound" }
    var isNote: Bool { direction == "note" }
    /// A response, by the published formula: outbound, by a person, not finally refused.
    var isResponse: Bool { Derivation.isResponse(direction: direction, automatic: automatic, delivery: delivery) }

    /// Earlier first; at the same time, by external id (as the stores order them).
    static func earlier(_ a: DerivedMessage, _ b: DerivedMessage) -> Bool {
        (a.createdAt, a.externalID) < (b.createdAt, b.externalID)
    }

    package init(
        id: Int64, externalID: String, direction: String, createdAt: Int64, automatic: Bool, delivery: String?,
        agent: String?, authorHandle: String?, authorID: String, text: String, customerID: Int64?, accountID: Int64?,
        visibility: String, maskedPersonalData: Int = 0
    ) {
        self.id = id
        self.externalID = externalID
        self.direction = direction
        self.createdAt = createdAt
        self.automatic = automatic
        self.delivery = delivery
        self.agent = agent
        self.authorHandle = authorHandle
        self.authorID = authorID
        self.text = text
        self.customerID = customerID
        self.accountID = accountID
        self.isPublic = visibility != Visibility.private.rawValue
        self.maskedPersonalData = maskedPersonalData
    }
}

/// The columns of a conversation derived from its messages — first and last times, the first response, who is
/// waiting since when, the SLA due time, the customer's mood — worked out the same way by every backend. They are
/// recomputed from the messages after every change rather than patched, so the same messages in any order give the
/// same conversation.
package struct Derivation: Sendable {
    /// What the conversation row holds that the derivation reads.
    package struct State: Sendable {
        package var channel: String
        var status: ConversationStatus
        var priority: Priority
        package var accountID: Int64?
        package var customerID: Int64?
        var noReplyAt: Int64?

        package init(
            channel: String, status: ConversationStatus, priority: Priority, accountID: Int64?, customerID: Int64?,
            noReplyAt: Int64?
        ) {
            self.channel = channel
            self.status = status
            self.priority = priority
            self.accountID = accountID
            self.customerID = customerID
            self.noReplyAt = noReplyAt
        }
    }

    /// What counts as a response: an outbound message written by a person (not automatic) whose delivery did not
    /// finally fail.
    package static func isResponse(direction: String, automatic: Bool, delivery: String?) -> Bool {
        direction == MessageDirection.outbound.rawValue && !automatic && delivery != DeliveryState.failed.rawValue
    }

    /// `due_at` of a conversation that waits for nobody.
    package static let notDue = Int64.max

    package var accountID: Int64?
    package var customerID: Int64?
    package var externalID: String
    package var snippet: String
    package var messageCount: Int
    package var firstMessageAt: Int64
    package var firstMessageInbound: Bool
    package var firstInboundAt: Int64?
    package var firstResponseAt: Int64?
    package var firstResponder: String?
    package var lastInboundAt: Int64?
    package var lastOutboundAt: Int64?
    package var lastMessageAt: Int64
    package var awaitingSince: Int64?
    package var needsReply: Bool
    package var dueAt: Int64
    package var sentiment: Double?
    /// The kinds of personal data in the customer's public messages, as ``PersonalDataRules/bits(_:)``.
    package var personalData: Int
    /// What the customer's latest message wants, and whether it asks for a reply at all (``IntentClassifier``: an
    /// estimate; only an agent's no-reply mark takes a conversation out of the response rate).
    package var intent: Intent?
    package var replyExpected: Bool
    /// What the customer's first message wanted: what `report --by intent` groups by.
    package var firstIntent: Intent?
    /// The customer's first text: where the backend looks for a brand account named in it, when no message names
    /// one (`accountID` is then `nil`).
    package var earliestInboundText: String?
    /// The customer whose conversation count may have changed, besides the one it had.
    var previousCustomerID: Int64?

    /// `nil` for a conversation without messages (notes aside).
    package init?(state: State, messages all: [DerivedMessage], policy: SLAPolicy, facts: TextFacts = TextFacts()) {
        let messages = all.filter { !$0.isNote }
        guard let first = messages.min(by: DerivedMessage.earlier) else { return nil }
        let inbound = messages.filter(\.isInbound)
        let responses = messages.filter(\.isResponse)
        let firstInbound = inbound.map(\.createdAt).min()
        let lastInbound = inbound.map(\.createdAt).max()
        // A response answers the customer: brand posts before the customer's first message are not responses.
        var firstResponse: Int64?
        if let firstInbound {
            firstResponse = responses.filter { $0.createdAt >= firstInbound }.map(\.createdAt).min()
        }
        if let firstResponse {
            let responder = responses.filter { $0.createdAt >= firstResponse }.min(by: DerivedMessage.earlier)
            firstResponder = responder.map(Self.responder)
        }
        let awaitingMessages = Self.awaiting(messages)
        let awaiting = awaitingMessages.map(\.createdAt).min()
        let latestInbound = inbound.max(by: DerivedMessage.earlier)
        let earliestInbound = inbound.min(by: DerivedMessage.earlier)
        let snippetSource =
            latestInbound?.text ?? messages.max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }?.text

        accountID = state.accountID ?? all.filter { $0.accountID != nil }.min(by: DerivedMessage.earlier)?.accountID
        earliestInboundText = earliestInbound?.text
        customerID = earliestInbound?.customerID ?? state.customerID
        previousCustomerID = state.customerID

        let latestTexts = inbound.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.prefix(3).map(\.text)
        let waitingOnAgent = awaiting != nil && (state.status == .new || state.status == .open)
        let dismissed = state.noReplyAt.map { marked in (lastInbound ?? Int64.min) <= marked } ?? false
        needsReply = waitingOnAgent && !dismissed
        let channel = Channel(rawValue: state.channel) ?? .web
        dueAt =
            needsReply
            ? policy.due(awaiting: awaiting ?? 0, priority: state.priority, channel: channel)
            : Self.notDue

        externalID = first.externalID
        snippet = Snippet.make(snippetSource ?? "")
        messageCount = all.count
        firstMessageAt = first.createdAt
        firstMessageInbound = first.isInbound
        firstInboundAt = firstInbound
        firstResponseAt = firstResponse
        lastInboundAt = lastInbound
        lastOutboundAt = messages.filter { $0.direction == "outbound" && $0.delivery != "failed" }.map(\.createdAt)
            .max()
        lastMessageAt = messages.map(\.createdAt).max() ?? first.createdAt
        awaitingSince = awaiting
        sentiment = Self.sentiment(of: Array(latestTexts), facts: facts)
        let intents = IntentColumns(
            latest: latestInbound?.text, earliest: earliestInbound?.text, awaiting: awaitingMessages.map(\.text),
            facts: facts)
        intent = intents.intent
        replyExpected = intents.replyExpected
        firstIntent = intents.firstIntent
        personalData = inbound.filter(\.isPublic).reduce(0) {
            $0 | facts.personalData(of: $1.text) | $1.maskedPersonalData
        }
    }

    /// The customer's messages awaiting an answer: those after the latest response (all of them before one).
    package static func awaiting(_ messages: [DerivedMessage]) -> [DerivedMessage] {
        let lastResponse = messages.filter(\.isResponse).map(\.createdAt).max()
        return messages.filter { $0.isInbound && $0.createdAt > (lastResponse ?? Int64.min) }
    }

    /// Who sent a response: the agent, or for a reply from outside the console (imported history, one posted on
    /// the platform itself) `@` and the brand account, so a report never counts an account as an agent.
    static func responder(_ message: DerivedMessage) -> String {
        message.agent ?? "@" + (message.authorHandle ?? message.authorID)
    }

    /// A first responder stored before brand replies were told from agents, as `responder` writes it now: a name no
    /// agent of the conversation sent a message under was the brand account's. `nil` when it stands as it is.
    package static func upgradedResponder(_ stored: String, sentByAnAgentOfThatName: Bool) -> String? {
        stored.hasPrefix("@") || sentByAnAgentOfThatName ? nil : "@" + stored
    }

    /// The sentiment of the customer's latest texts (newest first, up to three, the latest counting most), to two
    /// decimals; `nil` without texts.
    package static func sentiment(of texts: [String], facts: TextFacts = TextFacts()) -> Double? {
        var total = 0.0
        var weights = 0.0
        for (index, text) in texts.prefix(3).enumerated() {
            let weight = 1.0 / Double(index + 1)
            total += weight * facts.sentiment(of: text)
            weights += weight
        }
        return weights > 0 ? (total / weights * 100).rounded() / 100 : nil
    }

    /// The customers whose conversation count may have changed.
    package var changedCustomers: Set<Int64> {
        previousCustomerID == customerID ? [] : Set([previousCustomerID, customerID].compactMap { $0 })
    }

    /// What "replies that worked before" remembers of an answered conversation: the terms of what the customer
    /// asked up to the first response, and that response with personal data masked; `nil` before a response.
    package static func answer(
        of messages: [DerivedMessage], facts: TextFacts = TextFacts()
    ) -> (terms: String, reply: String)? {
        let messages = messages.filter { !$0.isNote }
        guard let reply = messages.filter(\.isResponse).min(by: DerivedMessage.earlier) else { return nil }
        let asked = messages.filter { $0.isInbound && $0.createdAt <= reply.createdAt }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.map(\.text)
        let terms = facts.terms(of: asked).joined(separator: " ")
        // Suggested to agents answering other customers: this customer's personal data stays behind.
        return terms.isEmpty ? nil : (terms, PersonalData.mask(reply.text))
    }
}

/// Where an ingested message went, in either backend.
package struct Placement {
    package var conversation: Int64
    /// Customers whose conversation count may have changed.
    package var customers: [Int64]
    /// Conversations merged away while placing this message.
    package var merged: [Int64]

    package init(conversation: Int64, customers: [Int64], merged: [Int64]) {
        self.conversation = conversation
        self.customers = customers
        self.merged = merged
    }
}

/// What recomputing derived columns touched: the conversations (merged ids followed to their survivors) and the
/// customers whose conversation count may have changed.
package struct Refreshed {
    package var conversations: [Int64]
    package var customers: Set<Int64>

    package init(conversations: [Int64], customers: Set<Int64>) {
        self.conversations = conversations
        self.customers = customers
    }
}
