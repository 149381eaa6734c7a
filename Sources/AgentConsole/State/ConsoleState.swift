import ConversationStore
import Foundation

/// Which pane has the keyboard.
public enum Pane: String, Hashable, Sendable, CaseIterable {
    case queue, conversation, suggestions, knowledge
}

/// What a draft is for.
public enum DraftKind: Hashable, Sendable {
    case reply(isPrivate: Bool)
    case note
}

/// An unsent reply or note, kept per conversation until it is sent or the agent clears it.
public struct Draft: Hashable, Sendable, Codable {
    public var text: String
    public var isNote: Bool
    public var isPrivate: Bool
    /// What the template the draft came from does when the reply is sent.
    public var setsStatus: ConversationStatus?
    public var addsTags: [String]
    /// The suggestion the draft started from, to tell later how much the agent edited it.
    public var suggestion: String?
    /// The suggestion's text as taken.
    public var suggestionText: String?

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

/// A question the console asks in the bottom line.
public enum PromptKind: Hashable, Sendable {
    case tag
    case priority
    case snooze
    case noReply
    /// Fill a `{{?ask:Label}}` field of the draft.
    case askField(placeholder: String)
    /// A supervisor's note on how the open conversation was handled.
    case reviewNote
}

/// What the keyboard is doing.
public enum Mode: Hashable, Sendable {
    case normal
    case compose
    case prompt(PromptKind, LineInput)
    case commandLine(LineInput)
    case search(LineInput)
    case help
}

/// A short message in the status bar.
public struct Flash: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public var until: Date

    public init(text: String, isError: Bool, until: Date) {
        self.text = text
        self.isError = isError
        self.until = until
    }
}

/// Everything the console shows, and nothing it does not. The update function changes it; rendering reads it.
public struct ConsoleState: Sendable {
    public var agent: String
    public var width: Int
    public var height: Int
    public var now: Date
    public var timeZone: TimeZone

    public var view: QueueView = .needsReply
    public var filter = QueueFilter()
    public var rows: [Conversation] = []
    public var nextCursor: QueueCursor?
    public var selected: ConversationID?
    /// The first queue row on screen.
    public var queueTop = 0
    public var counts = QueueCounts(needsReply: 0, breaching: 0, mine: 0)
    public var queueLoaded = false
    /// The agent pressed enter while the queue was loading: open the first row when it arrives.
    public var openWhenLoaded = false

    public var thread: ConversationThread?
    /// The conversation being opened: its claim is on the way, and its thread loads once the claim is decided.
    public var opening: ConversationID?
    /// Lines scrolled up from the end of the thread.
    public var threadScroll = 0
    /// The newest message id the agent has seen in each conversation, for the "new" marker.
    public var lastSeen: [ConversationID: Int64] = [:]
    /// Messages after this id are new in the open thread.
    public var newAfter: Int64?
    public var suggestions: [Suggestion] = []
    public var suggestionSelection = 0
    public var articles: [ArticleHit] = []
    public var articleSelection = 0
    public var openArticle: Article?

    public var focus: Pane = .queue
    /// Which of suggestions and knowledge base the medium layout shows.
    public var sidePane: Pane = .suggestions
    public var mode: Mode = .normal
    public var draft = LineInput()
    public var draftMeta = Draft()
    /// The conversation the draft being edited belongs to.
    public var draftFor: ConversationID?
    public var drafts: [ConversationID: Draft] = [:]
    public var flash: Flash?
    public var storeError: String?
    /// A try at the store after it failed is under way.
    public var reconnecting = false
    public var keymap: Keymap
    public var claimLeaseSeconds = AgentAction.defaultLeaseSeconds

    /// The supervisor's review: the list holds handled conversations, opening one replays its timeline, and
    /// nothing customer-facing can be done.
    public var isReview = false
    public var reviewFilter = ReviewFilter()
    /// The store's SLA policy, for the review's "within SLA".
    public var slaPolicy = SLAPolicy()
    /// What the journals recorded about the open conversation (review).
    public var events: [StoreEvent] = []
    public var dashboard: Dashboard?
    public var showingDashboard = false
    /// The suggestions last journaled as shown, and for which conversation, so a reload does not record them again.
    public var shownSuggestions: [String] = []
    public var shownSuggestionsFor: ConversationID?

    public init(
        agent: String, width: Int, height: Int, now: Date, timeZone: TimeZone = .current, keymap: Keymap = .standard
    ) {
        self.agent = agent
        self.width = width
        self.height = height
        self.now = now
        self.timeZone = timeZone
        self.keymap = keymap
    }

    /// The index of the selected row, if it is on the list.
    public var selectedIndex: Int? {
        selected.flatMap { id in rows.firstIndex { $0.id == id } }
    }

    public var selectedConversation: Conversation? {
        selectedIndex.map { rows[$0] }
    }

    /// How many queue rows fit on screen.
    public var visibleQueueRows: Int {
        max(1, Layout(width: width, height: height, state: self).queue.inner.height - 1)
    }
}
