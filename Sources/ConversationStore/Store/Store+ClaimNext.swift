import Foundation

extension Store {
    /// How many of a view's first free conversations ``claimNext(_:filter:by:leaseSeconds:)`` reads at a time.
    static let claimNextWindow = 10
    /// How often it reads the view again when others took every conversation it read.
    static let claimNextRounds = 4

    /// Claims the next conversation of a view for `agent`: the first one in the view's order that nobody holds, as
    /// an agent would take it from the top of the queue. Returns `nil` when the view (with `filter`) has no free
    /// conversation.
    ///
    /// Agents taking the next one at the same moment do not queue up behind one conversation: the claim is an
    /// ordinary one (journaled, checked against the revision read, so a conversation answered or resolved since is
    /// passed over), and an agent another agent beat to the first conversation tries one of the next few free ones
    /// at random, not the second, where everyone else beaten would go too. Without contention the agent always gets
    /// the first free one.
    public func claimNext(
        _ view: QueueView = .needsReply, filter: QueueFilter = QueueFilter(), by agent: String,
        leaseSeconds: Int = AgentAction.defaultLeaseSeconds
    ) async throws -> Conversation? {
        try ActionRules.validate(.claim(leaseSeconds: leaseSeconds), agent: agent, now: now())
        var free = filter
        free.unclaimed = true
        var passed = Set<ConversationID>()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<Self.claimNextRounds {
            var candidates = try await page(view, filter: free, agent: agent, limit: Self.claimNextWindow)
                .conversations.filter { !passed.contains($0.id) }
            guard !candidates.isEmpty else { return nil }
            var index = 0
            while !candidates.isEmpty {
                let candidate = candidates.remove(at: index)
                do {
                    return try await perform(
                        .claim(leaseSeconds: leaseSeconds), on: candidate.id, by: agent, seen: candidate.revision)
                } catch let error as StoreError where error.code == .claimHeld || error.code == .changedSinceRead {
                    passed.insert(candidate.id)
                    index = candidates.isEmpty ? 0 : Int.random(in: 0..<candidates.count, using: &generator)
                }
            }
        }
        return nil
    }
}
