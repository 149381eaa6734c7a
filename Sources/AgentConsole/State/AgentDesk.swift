import ConversationStore

/// A conversation asked for before the queue had arrived.
public enum OpenWhenLoaded: Hashable, Sendable {
    /// `enter`: the first row.
    case selected
}

/// What only the agent console has: the queue's view and filter, the claim under way, the suggestions and articles
/// beside the thread, and the drafts.
public struct AgentDesk: Sendable {
    /// The queue view shown.
    public var view: QueueView = .needsReply
    /// The queue filter typed after `/`.
    public var filter = QueueFilter()
    /// What the agent asked to open while the queue was still loading, done once it arrives.
    public var openWhenLoaded: OpenWhenLoaded?
    /// The conversation being opened: its claim is on the way, and its thread loads once the claim is decided.
    public var opening: ConversationID?
    /// The suggested replies for the open thread.
    public var suggestions: [Suggestion] = []
    /// The highlighted suggestion.
    public var suggestionSelection = 0
    /// The knowledge-base articles that match the open thread.
    public var articles: [ArticleHit] = []
    /// The highlighted article.
    public var articleSelection = 0
    /// The article shown in place of the thread.
    public var openArticle: Article?
    /// The draft being edited.
    public var draft = LineInput()
    /// What the draft is (a note, a private reply) and where it came from.
    public var draftMeta = Draft()
    /// Unsent drafts by conversation.
    public var drafts: [ConversationID: Draft] = [:]
    /// The suggestion a digit asked to put in place of a draft holding the agent's own edits: pressed again, it does.
    public var replaceAsked: Int?
    /// How long a claim lasts.
    public var claimLeaseSeconds = AgentAction.defaultLeaseSeconds
    /// The revision of the open conversation when the agent opened it: a reply or resolution is sent with it, so
    /// an answer another agent sent meanwhile is asked about rather than answered twice.
    public var openedRevision: [ConversationID: Int64] = [:]
    /// The suggestions last journaled as shown, and for which conversation, so a reload does not record them again.
    public var shownSuggestions: [String] = []
    /// The conversation `shownSuggestions` were shown for.
    public var shownSuggestionsFor: ConversationID?

    /// A desk with the drafts kept from earlier sessions.
    public init(drafts: [ConversationID: Draft] = [:]) {
        self.drafts = drafts
    }
}
