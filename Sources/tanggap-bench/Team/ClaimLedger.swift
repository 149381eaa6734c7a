import ConversationStore
import Synchronization

/// Which agent of the team holds which conversation, as the agents were told, to check that no conversation is
/// ever held by two of them at once.
///
/// A holding starts when the store has answered an agent's claim (the claim is stored by then) and ends when the
/// agent asks to resolve (the claim is not given up before that). So the ledger's holdings sit inside the store's
/// own, and two of them overlapping means the store let two agents hold one conversation: never a race of the
/// ledger's.
final class ClaimLedger: Sendable {
    struct Holding {
        var agent: String
        var since: ContinuousClock.Instant
        /// When the agent asked to give it up (by resolving); the claim may still be stored until the store answers.
        var lettingGo: ContinuousClock.Instant?
    }

    private struct State {
        var holdings: [ConversationID: Holding] = [:]
        var violations: [String] = []
        var claims = 0
    }

    private let state = Mutex(State())

    /// `agent` was told its claim on `conversation` is stored.
    func claimed(_ conversation: ConversationID, by agent: String) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.claims += 1
            if let held = state.holdings[conversation], held.agent != agent, held.lettingGo == nil {
                state.violations.append(
                    "\(agent) was given the claim on conversation \(conversation) while \(held.agent) held it")
            }
            if let held = state.holdings[conversation], held.agent == agent, held.lettingGo == nil { return }
            state.holdings[conversation] = Holding(agent: agent, since: now)
        }
    }

    /// `agent` is about to give `conversation` up.
    func lettingGo(_ conversation: ConversationID, by agent: String) {
        let now = ContinuousClock.now
        state.withLock { state in
            if state.holdings[conversation]?.agent == agent { state.holdings[conversation]?.lettingGo = now }
        }
    }

    /// The store answered the agent's giving up: it let go (`released`), or it refused or failed, and the agent still
    /// holds the claim.
    func settled(_ conversation: ConversationID, by agent: String, released: Bool) {
        state.withLock { state in
            guard state.holdings[conversation]?.agent == agent else { return }
            if released {
                state.holdings[conversation] = nil
            } else {
                state.holdings[conversation]?.lettingGo = nil
            }
        }
    }

    /// Holdings nobody is letting go of, for a sample against the store.
    func steady() -> [(ConversationID, Holding)] {
        state.withLock { state in state.holdings.filter { $0.value.lettingGo == nil }.map { ($0.key, $0.value) } }
    }

    /// True when `agent` held `conversation` from `since` (the same holding) through `until` without letting go.
    func heldThroughout(
        _ conversation: ConversationID, by agent: String, since: ContinuousClock.Instant,
        until: ContinuousClock.Instant
    ) -> Bool {
        state.withLock { state in
            guard let held = state.holdings[conversation], held.agent == agent, held.since == since else {
                return false
            }
            return held.lettingGo.map { $0 > until } ?? true
        }
    }

    func record(_ violation: String) {
        state.withLock { $0.violations.append(violation) }
    }

    var violations: [String] { state.withLock { $0.violations } }
    var claims: Int { state.withLock { $0.claims } }
    /// What each agent still holds, by conversation.
    var holdings: [ConversationID: String] { state.withLock { $0.holdings.mapValues(\.agent) } }
}
