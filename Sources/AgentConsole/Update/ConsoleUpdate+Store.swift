import ConversationStore
import Foundation

/// What comes back from the store: failures decided by their code, an outage and the way back from it, and the
/// clock that drives both reloading and reconnecting.
extension ConsoleUpdate {
    static func clockTicked(_ now: Date, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.now = now
        if let flash = state.flash, flash.until <= now { state.flash = nil }
        // Claims expire and snoozes end with time, not with writes: look again twice a minute.
        let second = Int(now.timeIntervalSince1970)
        // While the store cannot be reached it is tried again every other second.
        if state.storeError != nil {
            guard second % 2 == 0, !state.reconnecting else { return [] }
            state.reconnecting = true
            return [.reconnect]
        }
        return (second % 30 == 0 ? [reloadQueue(state)] : [])
            + (second % 60 == 20 ? [.loadRising(state.spikeThreshold)] : [])
            + presenceTick(&state) + alertTick(&state)
    }

    /// An agent action the store refused or could not store. A claim lost to another agent still opens the thread,
    /// read only.
    static func actionFailed(
        _ action: AgentAction, _ error: StoreError, _ state: inout ConsoleState
    )
        -> [ConsoleEffect]
    {
        if case .claim = action, let id = state.agentDesk?.opening {
            state.agentDesk?.opening = nil
            flash(error.code == .claimHeld ? error.message + " (read only)" : error.message, error: true, &state)
            return error.code == .notFound ? [] : [.loadThread(id)]
        }
        if bulkResult(nil, failure: error.message, &state) { return [] }
        flash(error.message, error: true, &state)
        return []
    }

    /// A read that failed: a conversation that is not there is only said; anything else is an outage, tried again
    /// until the store answers.
    static func storeFailed(_ error: StoreError, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.reconnecting = false
        if error.code != .notFound { state.storeError = error }
        flash(error.message, error: true, &state)
        return []
    }

    static func actionKept(
        _ action: AgentAction, _ id: ConversationID, _ error: StoreError, _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        state.storeError = error
        flash(error.message, error: true, &state)
        guard let desk = state.agentDesk else { return [] }
        switch action {
        case .reply:
            // The template's follow-ups are kept the same way.
            let meta = desk.drafts[id] ?? (state.opened == id ? desk.draftMeta : Draft())
            clearDraft(of: id, &state)
            return followUps(of: meta, on: id)
        case .note:
            clearDraft(of: id, &state)
        default: break
        }
        return []
    }

    static func reconnected(applied: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.reconnecting = false
        guard state.storeError != nil else { return [] }
        state.storeError = nil
        flash(
            applied == 0
                ? "store reachable again"
                : "store reachable again · \(applied) journaled action\(applied == 1 ? "" : "s") stored", &state)
        return rereadScreen(state)
    }

    static func recorded(
        _ action: JournalAction, _ id: ConversationID, _ state: inout ConsoleState
    )
        -> [ConsoleEffect]
    {
        switch action {
        case .reviewNote: flash("review note saved", &state)
        case .reviewScore(let score): flash("scored \(score) of 5", &state)
        case .personalDataRevealed:
            // Shown only once the journal holds the reveal.
            state.revealed.insert(id)
            flash(
                "personal data shown unmasked (journaled); \(state.keymap.keys(for: .reveal).first?.name ?? ":reveal") masks it again",
                &state)
            return []
        default: return []
        }
        return state.thread?.conversation.id == id ? [loadThread(id, state)] : []
    }

    /// Everything on screen read again from the store: the list, the open thread, the dashboard.
    static func rereadScreen(_ state: ConsoleState) -> [ConsoleEffect] {
        var effects = [reloadQueue(state)]
        if let id = state.thread?.conversation.id { effects.append(loadThread(id, state)) }
        if state.showingDashboard { effects.append(.loadDashboard) }
        if let id = state.agentDesk?.historyFor { effects.append(.loadHistory(id)) }
        return effects
    }

    /// Loads a thread the way this console shows it: with suggestions for the agent, with the journal's events for
    /// the review.
    static func loadThread(_ id: ConversationID, _ state: ConsoleState) -> ConsoleEffect {
        switch state.kind {
        case .agent: .loadThread(id)
        case .review: .loadTimeline(id)
        }
    }
}
