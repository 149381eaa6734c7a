import ConversationStore
import Foundation

/// Everything the console shows, and nothing it does not. The update function changes it; rendering reads it.
///
/// What both consoles share (the list, the open thread, the keyboard, the status bar) lives here; what only one of
/// them has lives in its `kind`: the agent's drafts, suggestions and queue view, or the review's filter and journal
/// events.
public struct ConsoleState: Sendable {
    /// The agent (or supervisor) at the keyboard.
    public var agent: String
    /// The terminal's width in cells.
    public var width: Int
    /// The terminal's height in cells.
    public var height: Int
    /// The time the console last heard of.
    public var now: Date
    /// The zone clock times are shown in.
    public var timeZone: TimeZone
    /// Which console this is, with its own state.
    public var kind: ConsoleKind

    /// The list: the queue, or the handled conversations in the review.
    public var rows: [Conversation] = []
    /// Where the next page of the list starts, when there is one.
    public var nextCursor: QueueCursor?
    /// The selected row's conversation.
    public var selected: ConversationID?
    /// The first queue row on screen.
    public var queueTop = 0
    /// The numbers in the status bar.
    public var counts = QueueCounts(needsReply: 0, breaching: 0, mine: 0)
    /// The first page of the list has arrived.
    public var queueLoaded = false

    /// The open conversation's thread, once it has loaded.
    public var thread: ConversationThread?
    /// The conversation last opened: its draft is the one being edited, and answers about any other are dropped.
    public var opened: ConversationID?
    /// Conversations whose personal data the agent chose to see unmasked (journaled); everything else shows it
    /// masked.
    public var revealed: Set<ConversationID> = []
    /// The first line of the help shown (it scrolls where the terminal is too small for all of it).
    public var helpTop = 0
    /// The status messages shown, oldest first, the last hundred.
    public var messageLog: [LoggedMessage] = []
    /// Lines scrolled up from the end of the thread.
    public var threadScroll = 0
    /// The newest message id the agent has seen in each conversation, for the "new" marker.
    public var lastSeen: [ConversationID: Int64] = [:]
    /// Messages after this id are new in the open thread.
    public var newAfter: Int64?

    /// The pane that has the keyboard.
    public var focus: Pane = .queue
    /// Which of the two side panes the medium layout shows.
    public var sidePane: Pane = .suggestions
    /// What the keyboard is doing.
    public var mode: Mode = .normal
    /// The message in the status bar, until it times out.
    public var flash: Flash?
    /// Why the store cannot be reached, while it cannot.
    public var storeError: StoreError?
    /// A try at the store after it failed is under way.
    public var reconnecting = false
    /// Which key runs which command.
    public var keymap: Keymap

    /// Ring the terminal's bell on an alert (a new message in the open thread, one of mine about to breach); off
    /// unless the config turns it on.
    public var bellOnAlerts = false
    /// An alert happened since the last tick: the bell rings then (once, however many alerts there were).
    public var alertPending = false

    /// The store's service policy: SLA clocks are read by it (business hours stop them while closed).
    public var policy = SLAPolicy()

    /// The terms rising now past the spike threshold (``RisingTerms/Threshold/spike`` unless the config says
    /// otherwise), best first: the status bar names the first, and `R` lists its conversations.
    public var rising: [RisingTerms.Rise] = []
    /// What a term must reach for every agent to be told.
    public var spikeThreshold = RisingTerms.Threshold.spike
    /// The rising terms already announced: each is announced once while it stays up.
    public var risingAnnounced: Set<String> = []
    /// The rising term whose conversations the queue lists (`R` goes on to the next).
    public var risingListed: String?

    /// The dashboard's numbers, once computed.
    public var dashboard: Dashboard?
    /// The dashboard covers the screen.
    public var showingDashboard = false
    /// Which of ``dashboardPages`` the dashboard shows.
    public var dashboardPage = 0

    /// A part of the dashboard a page shows.
    public enum DashboardPart: Hashable, Sendable {
        /// Everything, rising topics and staffing beside the backlog and the heatmap (a wide terminal).
        case whole
        /// Today, the week by hour, the backlog and the heatmap.
        case figures
        /// Today and the week by hour.
        case today
        /// The backlog and the heatmap.
        case backlog
        /// Rising topics and the staffing map.
        case ahead

        /// As the title names it.
        public var title: String {
            switch self {
            case .whole, .figures: "the figures"
            case .today: "today and the week"
            case .backlog: "backlog and heatmap"
            case .ahead: "rising topics and staffing"
            }
        }
    }

    /// The dashboard's pages at this size: one where everything fits side by side (110 columns inside the box), the
    /// figures and what lies ahead where the figures fit one above the other (33 rows), else three.
    public var dashboardPages: [DashboardPart] {
        let inner = (width: width - 2, height: height - 3)
        if inner.width >= ConsoleRenderer.dashboardSideBySideWidth { return [.whole] }
        if inner.height >= 33 { return [.figures, .ahead] }
        return [.today, .backlog, .ahead]
    }

    /// A console of a kind, at a terminal size and time.
    public init(
        agent: String, width: Int, height: Int, now: Date, timeZone: TimeZone = .current, keymap: Keymap = .standard,
        kind: ConsoleKind = .agent(AgentDesk())
    ) {
        self.agent = agent
        self.width = width
        self.height = height
        self.now = now
        self.timeZone = timeZone
        self.keymap = keymap
        self.kind = kind
    }

    /// The agent console's own state; nil in the review. Changes through it are kept only in the agent console.
    public var agentDesk: AgentDesk? {
        get {
            if case .agent(let desk) = kind { return desk }
            return nil
        }
        set {
            if let newValue, case .agent = kind { kind = .agent(newValue) }
        }
    }

    /// The review's own state; nil in the agent console. Changes through it are kept only in the review.
    public var reviewDesk: ReviewDesk? {
        get {
            if case .review(let desk) = kind { return desk }
            return nil
        }
        set {
            if let newValue, case .review = kind { kind = .review(newValue) }
        }
    }

    /// The index of the selected row, if it is on the list.
    public var selectedIndex: Int? {
        selected.flatMap { id in rows.firstIndex { $0.id == id } }
    }

    /// The selected row's conversation, if it is on the list.
    public var selectedConversation: Conversation? {
        selectedIndex.map { rows[$0] }
    }

    /// How many queue rows fit on screen.
    public var visibleQueueRows: Int {
        max(1, Layout(width: width, height: height, state: self).queue.inner.height - 1)
    }
}
