import Foundation

/// What the brand knows of a customer, beside the thread an agent is reading: their conversations (on the same
/// channel, where the platform says who they are), the notes agents left on them, their tags, and how often they
/// write.
public struct CustomerHistory: Hashable, Sendable {
    /// An internal note on one of the customer's conversations.
    public struct Note: Hashable, Sendable {
        public var conversation: ConversationID
        public var agent: String?
        public var text: String
        public var at: Date

        public init(conversation: ConversationID, agent: String?, text: String, at: Date) {
            self.conversation = conversation
            self.agent = agent
            self.text = text
            self.at = at
        }
    }

    /// How the customer stands with the brand, from how many conversations they have had.
    public enum Standing: String, Hashable, Sendable {
        /// Their first conversation.
        case firstTime = "first time"
        /// A few before this one.
        case returning
        /// Many: someone who keeps coming back.
        case loyal
    }

    /// The conversation the history was asked for.
    public var conversation: ConversationID
    public var customer: Customer
    /// Their conversations, the most recently active first, this one among them (at most the limit asked for).
    public var conversations: [Conversation]
    /// How many conversations they have had in all.
    public var conversationTotal: Int
    /// How many messages they have written, in all their conversations.
    public var messagesWritten: Int
    /// Notes on their conversations, newest first (at most the limit asked for).
    public var notes: [Note]

    public init(
        conversation: ConversationID, customer: Customer, conversations: [Conversation], conversationTotal: Int,
        messagesWritten: Int, notes: [Note]
    ) {
        self.conversation = conversation
        self.customer = customer
        self.conversations = conversations
        self.conversationTotal = conversationTotal
        self.messagesWritten = messagesWritten
        self.notes = notes
    }

    /// A loyal customer has had at least this many conversations.
    public static let loyalFrom = 5

    public var standing: Standing {
        conversationTotal <= 1 ? .firstTime : conversationTotal >= Self.loyalFrom ? .loyal : .returning
    }

    /// Every tag on their conversations, the most used first (then by name).
    public var tags: [(tag: String, count: Int)] {
        var counts: [String: Int] = [:]
        for conversation in conversations { for tag in conversation.tags { counts[tag, default: 0] += 1 } }
        return counts.map { (tag: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.tag < $1.tag
        }
    }
}
