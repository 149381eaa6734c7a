/// The two consoles of one program: the agent's, which answers customers, and the supervisor's review, which replays
/// handled conversations and changes none of them.
public enum ConsoleKind: Sendable {
    /// The agent console on the live queue.
    case agent(AgentDesk)
    /// The supervisor's review of handled conversations.
    case review(ReviewDesk)
}
