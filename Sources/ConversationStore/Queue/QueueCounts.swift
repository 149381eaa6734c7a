/// The numbers an agent keeps an eye on.
public struct QueueCounts: Hashable, Codable, Sendable {
    /// Conversations waiting on an agent.
    public var needsReply: Int
    /// Of those, the ones already past their SLA due time.
    public var breaching: Int
    /// Claimed by the asking agent and not resolved.
    public var mine: Int

    public init(needsReply: Int, breaching: Int, mine: Int) {
        self.needsReply = needsReply
        self.breaching = breaching
        self.mine = mine
    }
}
