import ConversationStore
import TextAnalysis

/// Work the update function asks for; the runtime does it and reports back with actions.
public enum ConsoleEffect: Hashable, Sendable {
    /// A page of a queue view; comes back as `queueLoaded`.
    case loadQueue(QueueView, QueueFilter, limit: Int)
    /// The queue's next page; comes back as `queueLoaded` to append.
    case loadMore(QueueView, QueueFilter, after: QueueCursor, limit: Int)
    /// A thread with its suggestions and articles; comes back as `threadLoaded`.
    case loadThread(ConversationID)
    /// The templates that fit a conversation, for the template browser; come back as `templatesLoaded`.
    case loadTemplates(ConversationID)
    /// The customer's history beside a conversation; comes back as `historyLoaded`.
    case loadHistory(ConversationID)
    /// Tells the other consoles which conversation this one has open (`nil`: none) and whether the agent is typing.
    case announce(ConversationID?, typing: Bool)
    /// Who else has a conversation open; comes back as `presenceLoaded`.
    case loadPresence(ConversationID)
    /// Rings the terminal's bell; the terminal does this one.
    case bell
    /// A thread with what the journals recorded about it, for the review; comes back as `eventsLoaded` then
    /// `threadLoaded`.
    case loadTimeline(ConversationID)
    /// An agent action on a conversation; `seen` is the conversation's revision the agent read, so a claim, reply
    /// or resolution another agent's answer overtook comes back as `actionOvertaken`.
    /// `allowing`: kinds of personal data the agent allowed in a public reply.
    case perform(AgentAction, ConversationID, seen: Int64? = nil, allowing: Set<PersonalDataKind> = [])
    /// A claim on the next conversation of the view (with the filter) that nobody else holds, other than the open one
    /// (`Store.claimNext`); comes back as `nextClaimed`, or `actionFailed` for the claim.
    case claimNext(QueueView, QueueFilter, leaseSeconds: Int, excluding: ConversationID?)
    /// The draft in `$VISUAL` or `$EDITOR`; the terminal does this one, and answers with `editorClosed`.
    case openEditor(ConversationID, text: String)
    /// Keeps the unsent drafts where the next session finds them.
    case saveDrafts([ConversationID: Draft])
    /// Handled conversations for the review list; they come back as `queueLoaded`.
    case loadHandled(ReviewFilter, limit: Int)
    /// Journals an action that changes no conversation.
    case record(JournalAction, ConversationID)
    /// The dashboard's numbers; come back as `dashboardLoaded`.
    case loadDashboard
    /// Read the terms rising now past this threshold (nothing when the store's term counts are not complete yet).
    case loadRising(RisingTerms.Threshold)
    /// Tries the store again after it failed, storing what the journal kept meanwhile.
    case reconnect
    /// Ends the session; the terminal does this one.
    case quit
}
