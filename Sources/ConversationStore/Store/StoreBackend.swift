import Foundation

/// What a storage backend provides. ``Store`` is the API callers use; a backend is the SQL behind it.
///
/// Every backend runs the same behavioural tests, so the rules (threading, claims, the derived timestamps) must
/// come out the same. Times are passed in, never read from a clock, so tests fix them.
public protocol StoreBackend: Sendable {
    /// The SLA policy the backend was opened with: what it works by until a supervisor sets one in the store.
    var policy: SLAPolicy { get }

    /// The policy the store works by now: the one set in it (``JournalAction/setPolicy(toml:)``), else ``policy``.
    func currentPolicy() async throws -> SLAPolicy

    /// Threads and stores a batch of messages, then applies the platforms' delivery reports (as
    /// ``recordDeliveryReport(channel:externalID:state:error:)`` does), all in one transaction: the whole batch is
    /// stored or none of it. Duplicates are counted and left alone, so storing a batch again is harmless.
    func ingest(_ messages: [IncomingMessage], facts: TextFacts, reports: [DeliveryReport]) async throws -> IngestResult

    /// Applies one agent action in one transaction and returns the conversation as it is afterwards. With a journal
    /// entry, the entry is mirrored in the same transaction, and an entry already mirrored is not applied again; an
    /// entry the store refuses is mirrored as refused. `facts` are the analysis of the conversation's customer texts
    /// (``customerTexts(of:)``), worked out before the transaction so that none is done while it holds the lock.
    func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        facts: TextFacts
    ) async throws
        -> Conversation

    /// The customer texts that deriving this conversation's columns may analyse: its customer's latest three, and
    /// every one up to its first response (all of them before it has one). Empty for an unknown id.
    func customerTexts(of conversation: ConversationID) async throws -> [String]

    /// The store's id, which journal entries name so they are applied to the store they were meant for.
    func storeID() async throws -> String

    /// Mirrors a journal entry that changes no conversation (a suggestion shown, a review note, a role given),
    /// once.
    func record(_ entry: JournalEntry) async throws

    /// Which of these journal entries the store has mirrored (applied or refused).
    func appliedEntryIDs(_ ids: [String]) async throws -> Set<String>
    /// Mirrors an entry the store refused (with the refusal), so recovery does not try it again.
    func recordRefusal(_ entry: JournalEntry, error: StoreError) async throws
    /// The public keys each agent has acted with through a process holding the key (``JournalTrust``).
    func agentKeys() async throws -> [String: Set<String>]
    /// Registers `key` as one `agent` acts with; a key already registered changes nothing.
    func registerKey(_ key: String, of agent: String, at time: Date) async throws
    /// The time of the latest entry the store applied from each of these journals.
    func lastAppliedTimes(journals: [String]) async throws -> [String: Date]

    /// The mirrored entries about a conversation, oldest first.
    func events(conversation: ConversationID) async throws -> [StoreEvent]

    /// Mirrored entries in `[since, until)`, of one agent and host when given, oldest first.
    func events(since: Date?, until: Date?, agent: String?, host: String?, limit: Int) async throws -> [StoreEvent]

    /// The customer messages written in `[since, until)`, with the conversation each is in now.
    func inboundTexts(since: Date, until: Date) async throws -> [(conversation: ConversationID, text: String)]

    /// How many customer messages of the hours in `hours` had each of these terms (``TermHours``); a term in none
    /// is left out. ``TrendTerms/messages`` asks for the hours' message count.
    func termCounts(_ terms: [String], hours: Range<Int64>) async throws -> [String: Int]

    /// The ``TrendTerms/version`` the store's hourly term counts were made by; nil while they are incomplete.
    func termIndexVersion() async throws -> String?

    /// Begins counting every customer message's terms again (``Store/indexTrends()``): removes the counts and the
    /// version, notes `token` as the rebuild under way, and returns the id up to which the rebuild counts the
    /// customer messages (those stored later are counted by their ingest). No ingest is part-way through meanwhile.
    func beginTermIndexRebuild(token: String) async throws -> Int64

    /// Customer messages with ids in `(after, through]`, by id, at most `limit`: each id, text and time in
    /// milliseconds.
    func inboundTexts(after: Int64, through: Int64, limit: Int) async throws -> [(id: Int64, text: String, at: Int64)]

    /// Adds these counts to the store's, if `token` is still the rebuild under way (false otherwise: another
    /// rebuild began since, and this one stops).
    func addTermCounts(_ rows: [TermHours.Row], token: String) async throws -> Bool

    /// Marks the counts as complete and made by `version`, if `token` is still the rebuild under way.
    func finishTermIndexRebuild(token: String, version: String) async throws -> Bool

    /// The agents with roles.
    func agents() async throws -> [AgentRecord]

    /// Where this store takes the agent from (``AgentIdentity``): SQLite, the login as a supervisor mapped it;
    /// PostgreSQL, the role the connection authenticated as.
    func identitySource(login: String) async throws -> AgentIdentity.Source

    /// The logins supervisors mapped to agents, by login.
    func loginMappings() async throws -> [LoginMapping]

    /// Handled conversations (answered, resolved or marked as needing no reply) that match a review filter, newest
    /// activity first.
    func handled(_ filter: ReviewFilter, limit: Int, now: Date) async throws -> [Conversation]

    /// One page of a view, keyset-paged.
    func page(
        _ view: QueueView, filter: QueueFilter, agent: String, after cursor: QueueCursor?, limit: Int, now: Date
    ) async throws -> QueuePage

    /// A conversation with its messages, following merges (an id that was merged into another answers with the
    /// conversation it became part of).
    func thread(_ id: ConversationID) async throws -> ConversationThread?

    /// The customer of a conversation (following merges) with their conversations, the most recently active first,
    /// and the notes on them, newest first, each list at most `limit` long; `nil` for an unknown id or a conversation
    /// with no customer.
    func customerHistory(of id: ConversationID, limit: Int) async throws -> CustomerHistory?

    /// Writes what one console session has open (`presence`), or that it has nothing open (`nil`), and removes
    /// sessions not heard from since `staleBefore`. Not journaled: it changes no conversation.
    func setPresence(session: String, _ presence: Presence?, staleBefore: Date) async throws

    /// The sessions that said they have the conversation open, as stored.
    func presence(in conversation: ConversationID) async throws -> [Presence]

    /// The conversation holding the message with this external id (on any channel), if any.
    func conversation(containing externalID: String) async throws -> ConversationID?

    /// Counts for the status bar.
    func counts(agent: String, now: Date) async throws -> QueueCounts

    /// Per-conversation facts for the report: conversations whose earliest message falls in `[since, until)`.
    func reportFacts(since: Date?, until: Date?) async throws -> [ConversationFacts]

    /// The first customer message's time of each conversation needing a response (``NeedsResponse``) whose earliest
    /// message falls in `[since, until)`: what staffing forecasts from, read without the rest of the report's facts.
    func arrivalTimes(since: Date, until: Date) async throws -> [Date]

    /// The outbound messages an agent wrote in the conversations whose earliest message falls in `[since, until)`,
    /// as stored (which count as responses is the core's: ``AgentReplies/count(_:)``).
    func agentMessages(since: Date?, until: Date?) async throws -> [AgentMessage]

    /// How many outbound messages were created in `[since, until)`, by brand account and by whether they have an
    /// `in_reply_to` (what that makes them is the core's: ``OutboundCount/counts(_:)``).
    func outboundGroups(since: Date?, until: Date?) async throws -> [(account: String?, answering: Bool, count: Int)]

    /// The total number of conversations.
    func conversationCount() async throws -> Int

    /// Replies waiting for delivery, oldest first.
    func queuedReplies(limit: Int) async throws -> [Message]

    /// Records the platform's answer for a queued reply and ends its attempt. A message the platform echoed back
    /// under the id it gave (stored by the intake before this answer came) is the same message and is folded into it.
    func recordDelivery(of message: Int64, state: DeliveryState, externalID: String?, error: String?) async throws

    /// Queued replies of these brand accounts due for an attempt at `now`, oldest first: never tried, due again
    /// after a retry wait, or begun longer than `lease` ago and never finished (interrupted). Handles match without
    /// regard to case.
    func dueDeliveries(accounts: [Account], now: Date, lease: Duration, limit: Int) async throws -> [OutboxItem]

    /// How many replies wait in the outbox.
    func outboxDepth() async throws -> Int

    /// Marks a queued reply as on its way, unless another sender holds it (begun within `lease`) or it is no longer
    /// queued. True when this caller may send it.
    func beginDelivery(of message: Int64, at now: Date, lease: Duration) async throws -> Bool

    /// Ends an attempt that the platform answered with a passing failure: the reply stays queued until `retryAt`.
    func deferDelivery(of message: Int64, until retryAt: Date, error: String) async throws

    /// A delivery report from the platform (WhatsApp's `statuses`) for an outbound message known by the platform's
    /// id. False when no outbound message has that id.
    func recordDeliveryReport(
        channel: Channel, externalID: String, state: DeliveryState, error: String?
    ) async throws
        -> Bool

    /// Adds or replaces knowledge-base articles (by id) and keeps the search index in step.
    func saveArticles(_ articles: [Article]) async throws

    /// Articles matching any of the analysed terms, best first (BM25, title above tags above body).
    func searchArticles(
        terms: [String], pairs: Set<String>, limit: Int
    ) async throws -> [(article: Article, score: Double)]

    /// How many articles the knowledge base holds.
    func articleCount() async throws -> Int

    /// A number that changes whenever the knowledge base does (an article saved by any process), so a copy of it
    /// kept in memory knows when to read it again.
    func knowledgeGeneration() async throws -> Int

    /// How many bytes of text the knowledge base holds for search: titles, bodies, analysed fields and passages.
    func knowledgeBytes() async throws -> Int

    /// The whole knowledge base as stored for search (``KnowledgeSnapshot``), read in one transaction.
    func knowledgeSnapshot() async throws -> KnowledgeSnapshot

    /// One article by id.
    func article(id: String) async throws -> Article?

    /// Answered conversations (of the same brand account, when one is given) whose customer wrote most like
    /// `terms`, best first.
    func similarAnswered(
        terms: [String], account: String?, excluding: ConversationID?, limit: Int
    ) async throws
        -> [AnsweredExample]

    /// Recounts what ranking leans on (how many answered conversations hold each word), after a bulk import.
    func refreshStatistics() async throws

    /// Adds or replaces reply templates (by id).
    func saveTemplates(_ templates: [ReplyTemplate]) async throws

    /// Every reply template, by name.
    func templates() async throws -> [ReplyTemplate]

    /// Changes to the store, from this process and others, until the sequence is dropped.
    func changes(pollInterval: Duration) -> AsyncStream<StoreChange>

    /// Up to `limit` messages (notes too) created before `before`, with ids above `after`, in id order, each with the
    /// kinds already masked out of it.
    func messageTexts(before: Date, after: Int64, limit: Int) async throws -> [StoredText]

    /// Replaces message texts (``Store/redact(olderThan:dryRun:by:)``), and derives their conversations again (the
    /// snippet, the kinds of personal data, what "replies that worked before" remembers), in one transaction.
    func replaceTexts(_ texts: [StoredText]) async throws
}

/// A stored message's text, by its id.
public struct StoredText: Hashable, Sendable {
    public var id: Int64
    public var conversation: Int64
    public var text: String
    /// The kinds of personal data masked out of the text (``PersonalDataRules/bits(_:)``), kept with the message so
    /// its conversation still counts what was posted: read as stored, written as given.
    public var masked: Int

    public init(id: Int64, conversation: Int64, text: String, masked: Int = 0) {
        self.id = id
        self.conversation = conversation
        self.text = text
        self.masked = masked
    }
}

extension StoreBackend {
    /// Applies an action with the conversation's texts analysed inside the transaction (for tests and tools that
    /// hold no lock others wait on); agents go through ``Store/perform(_:on:by:)``.
    package func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?
    ) async throws -> Conversation {
        try await apply(action, on: conversation, by: agent, at: now, entry: entry, facts: TextFacts())
    }

    /// Threads and stores a batch of messages in one transaction; duplicates are counted and left alone.
    public func ingest(_ messages: [IncomingMessage], facts: TextFacts) async throws -> IngestResult {
        try await ingest(messages, facts: facts, reports: [])
    }
}
