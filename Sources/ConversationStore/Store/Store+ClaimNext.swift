import Foundation

extension Store {
    /// How many of a view's first free conversations ``claimNext(_:filter:by:leaseSeconds:)`` reads at a time.
    static let claimNextWindow = 10
    /// How many claims it tries, each on a fresh read of the view, before it gives up.
    static let claimNextRounds = 6

    /// Claims the next conversation of a view for `agent`: the first one in the view's order that nobody else holds
    /// (one the agent holds already comes up in its turn, so work left half-done is picked up again), leaving out
    /// `excluding` (the one the agent has open), as an agent would take it from the top of the queue. Returns `nil`
    /// when the view (with `filter`) has no such conversation.
    ///
    /// Agents taking the next one at the same moment do not queue up behind one conversation: the claim is an
    /// ordinary one (journaled, checked against the revision read, so a conversation answered or resolved since is
    /// passed over), and an agent another agent beat to the first conversation reads the view again and tries one of
    /// the first few free ones at random, not the first, where everyone else beaten would go too. Without contention
    /// the agent always gets the first free one. After six refusals in a row (it takes a team of hundreds taking the
    /// next one at once) it gives up with ``StoreError/Code/claimHeld``.
    public func claimNext(
        _ view: QueueView = .needsReply, filter: QueueFilter = QueueFilter(), by agent: String,
        leaseSeconds: Int = AgentAction.defaultLeaseSeconds, excluding: Set<ConversationID> = []
    ) async throws -> Conversation? {
        try ActionRules.validate(.claim(leaseSeconds: leaseSeconds), agent: agent, now: now())
        var free = filter
        free.freeFor = agent
        var passed = excluding
        var generator = SystemRandomNumberGenerator()
        for round in 0..<Self.claimNextRounds {
            let candidates = try await page(
                view, filter: free, agent: agent, limit: Self.claimNextWindow + passed.count
            ).conversations.filter { !passed.contains($0.id) }
            guard !candidates.isEmpty else { return nil }
            // The first free one; after a refusal, one of the free ones read afresh, at random.
            let candidate = round == 0 ? candidates[0] : candidates.randomElement(using: &generator) ?? candidates[0]
            do {
                return try await perform(
                    .claim(leaseSeconds: leaseSeconds), on: candidate.id, by: agent, seen: candidate.revision)
            } catch let error as StoreError where error.code == .claimHeld || error.code == .changedSinceRead {
                passed.insert(candidate.id)
            }
        }
        throw StoreError(
            .claimHeld,
            "other agents took each of the \(passed.count - excluding.count) conversations tried first; take the next again"
        )
    }
}
