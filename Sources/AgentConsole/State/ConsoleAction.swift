import ConversationStore
import Foundation

/// What happened: a key, a resize, a tick of the clock, or the result of an effect coming back.
///
/// Failures come back as the store's own `StoreError`, so the update decides by its code (a held claim, a missing
/// conversation, an unreachable store), never by reading the message.
public enum ConsoleAction: Sendable {
    /// A key was pressed.
    case keyPressed(Key)
    /// The terminal changed size.
    case resized(width: Int, height: Int)
    /// The clock moved on.
    case clockTicked(Date)
    /// A page of the list arrived, to replace the list or to be appended to it.
    case queueLoaded(QueuePage, QueueCounts, appended: Bool)
    /// A thread arrived, with the suggestions and articles that match it.
    case threadLoaded(ConversationThread, [Suggestion], [ArticleHit])
    /// The store's service policy, as it is now.
    case policyLoaded(SLAPolicy)
    /// The templates that fit a conversation arrived.
    case templatesLoaded(ConversationID, [TemplateChoice])
    /// A conversation's customer history arrived; `nil` when it has no customer.
    case historyLoaded(ConversationID, CustomerHistory?)
    /// Who else has a conversation open, as of now.
    case presenceLoaded(ConversationID, [Presence])
    /// The store applied an agent action; the conversation as it is now.
    case actionSucceeded(AgentAction, Conversation)
    /// The store refused an agent action, or failed to store it.
    case actionFailed(AgentAction, StoreError)
    /// The conversation `claimNext` claimed for the agent; nil when nothing was free.
    case nextClaimed(Conversation?)
    /// The store refused a claim, reply or resolution because another agent answered or resolved the conversation
    /// after the agent read it (``StoreError/Code/changedSinceRead``: the error names who, when, and the revision now).
    case actionOvertaken(AgentAction, ConversationID, StoreError)
    /// The store refused a public reply holding personal data (``StoreError/Code/personalData``).
    case personalDataRefused(AgentAction, ConversationID, StoreError)
    /// The store could not be reached, but the action is safe in the agent's journal and is stored once the store
    /// answers.
    case actionKept(AgentAction, ConversationID, StoreError)
    /// The store answers again after failing; `applied` journaled actions were stored on the way back.
    case reconnected(applied: Int)
    /// Someone wrote to the store.
    case storeChanged
    /// A read from the store failed.
    case storeFailed(StoreError)
    /// The external editor closed, with the edited text (nil when it failed or was abandoned).
    case editorClosed(ConversationID, text: String?)
    /// What the journals recorded about a conversation (review).
    case eventsLoaded(ConversationID, [StoreEvent])
    /// The terms rising now past the spike threshold.
    case risingLoaded([RisingTerms.Rise])
    /// The dashboard's numbers arrived.
    case dashboardLoaded(Dashboard)
    /// A journal-only action (a review note, a score, a suggestion shown) was recorded.
    case recorded(JournalAction, ConversationID)
    /// A journal-only action could not be recorded.
    case recordFailed(JournalAction, StoreError)
    /// The terminal went away (SIGHUP, stdin closed) or the agent pressed Ctrl-C.
    case interrupted
}
