import ConversationStore
import TextAnalysis

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
    /// Another agent answered or resolved the conversation after the agent read it: do the action anyway (y/n)?
    /// `revision` is the conversation's revision now, which the action is sent with on yes.
    case actAnyway(AgentAction, ConversationID, revision: Int64, question: String)
    /// A public reply holding personal data was refused: send it anyway, allowing these kinds (y/n)?
    case sendPersonalData(AgentAction, ConversationID, kinds: [PersonalDataKind], question: String)
}

/// What the keyboard is doing.
public enum Mode: Hashable, Sendable {
    case normal
    case compose
    case prompt(PromptKind, LineInput)
    case commandLine(LineInput)
    case search(LineInput)
    case help
    /// The last status messages again, newest first.
    case messages
    /// The template browser has the keyboard (``AgentDesk/templateBrowser``).
    case templates
}
