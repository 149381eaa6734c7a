import ConversationStore
import Foundation

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
    /// The agent's last action that can be taken back, and how: done within ``Undo/window`` of `at`.
    public var undo: Undo?
    /// Undo steps sent: their success is not remembered as something to undo in turn.
    public var undoing: [Undo.Step] = []
    /// The template browser, while it is open.
    public var templateBrowser: TemplateBrowser?
    /// The conversation whose customer's history was asked for (`H`): shown beside the thread once it loads.
    public var historyFor: ConversationID?
    /// The customer's history, shown in place of the suggestions and the knowledge base.
    public var history: CustomerHistory?
    /// The other sessions that have the open conversation open (``PresenceRules``).
    public var presence: [Presence] = []
    /// What this console last told the others: the conversation it has open, whether the agent is typing, when.
    public var announced: Announcement?
    /// When the agent last typed in a draft, for "typing" shown to others.
    public var lastTypedAt: Date?
    /// Conversations of this agent already alerted as about to breach.
    public var breachAlerted: Set<ConversationID> = []
    /// Rows marked (`space`) for a bulk action, in the order marked.
    public var marked: [ConversationID] = []
    /// Conversations a bulk action was sent to whose results have not come back: their undos join one.
    public var bulkAwaiting: Set<ConversationID> = []
    /// A bulk action (or the undo of one) under way: its results are said together once all are back.
    public var bulk: BulkRun?
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

/// Taking back the agent's last tag, status, priority, snooze or no-reply: the actions that put the conversations
/// back as they were, each sent (and journaled) as an action of its own. A bulk action's undo takes back every
/// conversation it changed.
public struct Undo: Hashable, Sendable {
    /// One conversation put back.
    public struct Step: Hashable, Sendable {
        public var action: AgentAction
        public var conversation: ConversationID
    }

    public var steps: [Step]
    /// What was done, as the message says it.
    public var done: String
    public var at: Date
    /// The undo of a bulk action: more of its results join it as they come back.
    public var isBulk = false

    /// How long after the action it can be taken back.
    public static let window: TimeInterval = 60

    /// The action that takes `action` back, given the conversation as it was before; `nil` when there is none.
    public static func inverse(of action: AgentAction, before: Conversation) -> AgentAction? {
        switch action {
        case .tag(let tags):
            let added = tags.map { $0.lowercased() }.filter { !before.tags.contains($0) }
            return added.isEmpty ? nil : .untag(added)
        case .untag(let tags):
            let removed = tags.map { $0.lowercased() }.filter { before.tags.contains($0) }
            return removed.isEmpty ? nil : .tag(removed)
        case .setPriority(let priority):
            return priority == before.priority ? nil : .setPriority(before.priority)
        case .setStatus, .snooze:
            switch before.status {
            case .open, .new: return .setStatus(.open)
            case .pending: return .setStatus(.pending)
            case .resolved: return .setStatus(.resolved)
            case .snoozed: return before.snoozedUntil.map { .snooze(until: $0) }
            }
        case .markNoReplyNeeded:
            return before.noReplyReason == nil ? .clearNoReply : nil
        default:
            return nil
        }
    }
}

/// The template browser: every template that fits the open conversation, searched as the agent types, one previewed
/// whole with the conversation's variables filled in.
public struct TemplateBrowser: Hashable, Sendable {
    /// The conversation the draft is for.
    public var conversation: ConversationID
    /// The templates that fit it; `nil` while they load.
    public var choices: [TemplateChoice]?
    /// What the agent typed to search.
    public var query = LineInput()
    /// The highlighted template among the matching ones.
    public var selection = 0

    public init(conversation: ConversationID) { self.conversation = conversation }

    /// The templates matching the query, by name.
    public var matching: [TemplateChoice] { (choices ?? []).filter { $0.matches(query.text) } }
}

/// What a console told the others about itself (``Presence``).
public struct Announcement: Hashable, Sendable {
    public var conversation: ConversationID?
    public var typing: Bool
    public var at: Date
}

/// A bulk action's results as they come back, said in one message once the last is in: how many of the marked rows
/// it changed, and why any did not.
public struct BulkRun: Hashable, Sendable {
    /// What was done, as the message says it ("resolved", "tagged refund").
    public var done: String
    public var total: Int
    /// Rows whose results have not come back.
    public var awaiting: Set<ConversationID>
    /// Results not yet back, counted (a refusal does not say which row it was).
    public var remaining: Int
    public var succeeded = 0
    public var failures: [String] = []

    public init(done: String, ids: [ConversationID]) {
        self.done = done
        total = ids.count
        awaiting = Set(ids)
        remaining = ids.count
    }
}
