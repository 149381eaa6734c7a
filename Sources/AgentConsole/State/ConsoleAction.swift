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
    case storeChanged
    case storeFailed(String)
    case editorClosed(ConversationID, text: String?)
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
    case quit
}
