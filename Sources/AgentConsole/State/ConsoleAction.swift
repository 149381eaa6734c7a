import ConversationStore
import Foundation

/// What happened: a key, a resize, a tick of the clock, or the result of an effect coming back.
public enum ConsoleAction: Sendable {
    case keyPressed(Key)
    case resized(width: Int, height: Int)
    case clockTicked(Date)
    case queueLoaded(QueuePage, QueueCounts, appended: Bool)
    case threadLoaded(ConversationThread, [Suggestion], [ArticleHit])
    case actionSucceeded(AgentAction, Conversation)
    case actionFailed(AgentAction, message: String)
    /// The store could not be reached, but the action is safe in the agent's journal and is stored once the store
    /// answers.
    case actionKept(AgentAction, ConversationID, message: String)
    /// The store answers again after failing; `applied` journaled actions were stored on the way back.
    case reconnected(applied: Int)
    case storeChanged
    case storeFailed(String)
    case editorClosed(ConversationID, text: String?)
    /// What the journals recorded about a conversation (review).
    case eventsLoaded(ConversationID, [StoreEvent])
    case dashboardLoaded(Dashboard)
    /// A journal-only action (a review note, a score, a suggestion shown) was recorded.
    case recorded(JournalAction, ConversationID)
    case recordFailed(JournalAction, message: String)
    /// The terminal went away (SIGHUP, stdin closed) or the agent pressed Ctrl-C.
    case interrupted
}

/// Work the update function asks for; the runner does it and reports back with an action.
public enum ConsoleEffect: Hashable, Sendable {
    case loadQueue(QueueView, QueueFilter, limit: Int)
    case loadMore(QueueView, QueueFilter, after: QueueCursor, limit: Int)
    case loadThread(ConversationID)
    case perform(AgentAction, ConversationID)
    case openEditor(ConversationID, text: String)
    case saveDrafts([ConversationID: Draft])
    /// Handled conversations for the review list; they come back as `queueLoaded`.
    case loadHandled(ReviewFilter, limit: Int)
    /// Journals an action that changes no conversation.
    case record(JournalAction, ConversationID)
    case loadDashboard
    /// Tries the store again after it failed, storing what the journal kept meanwhile.
    case reconnect
    case quit
}
