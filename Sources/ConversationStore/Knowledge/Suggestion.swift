/// A reply the agent may take into the draft. Nothing is ever sent automatically.
public struct Suggestion: Hashable, Sendable {
    /// Where a suggestion comes from.
    public enum Source: String, Hashable, Sendable {
        case template
        case history
        case kb
    }

    /// The reply, with the conversation's variables filled in; `{{?ask:…}}` fields remain for the agent.
    public var text: String
    public var source: Source
    /// Why it was chosen, in a few words an agent reads at a glance.
    public var why: String
    /// The template or article it came from.
    public var reference: String
    /// Status and tags the reply's template sets when sent.
    public var setsStatus: ConversationStatus?
    public var addsTags: [String]

    public init(
        text: String, source: Source, why: String, reference: String, setsStatus: ConversationStatus? = nil,
        addsTags: [String] = []
    ) {
        self.text = text
        self.source = source
        self.why = why
        self.reference = reference
        self.setsStatus = setsStatus
        self.addsTags = addsTags
    }
}
