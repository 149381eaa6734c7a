import ConversationStore

/// An unsent reply or note, kept per conversation until it is sent or the agent clears it.
public struct Draft: Hashable, Sendable, Codable {
    /// The draft's text.
    public var text: String
    /// An internal note, not a reply.
    public var isNote: Bool
    /// A reply that moves the customer to a private message.
    public var isPrivate: Bool
    /// What the template the draft came from does when the reply is sent.
    public var setsStatus: ConversationStatus?
    /// Tags the template the draft came from adds when the reply is sent.
    public var addsTags: [String]
    /// The suggestion the draft started from, to tell later how much the agent edited it.
    public var suggestion: String?
    /// The suggestion's text as taken.
    public var suggestionText: String?

    /// A draft; empty unless told otherwise.
    public init(
        text: String = "", isNote: Bool = false, isPrivate: Bool = false, setsStatus: ConversationStatus? = nil,
        addsTags: [String] = [], suggestion: String? = nil, suggestionText: String? = nil
    ) {
        self.suggestionText = suggestionText
        self.text = text
        self.isNote = isNote
        self.isPrivate = isPrivate
        self.setsStatus = setsStatus
        self.addsTags = addsTags
        self.suggestion = suggestion
    }
}
