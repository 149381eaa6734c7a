import ConversationStore
import Foundation

/// Presence and alerts, once a second with the clock: this console tells the others which conversation it has open
/// and whether the agent is typing, reads who else has the open one, and alerts on one of the agent's conversations
/// about to breach (and rings the bell for any alert, when the config asks for it).
extension ConsoleUpdate {
    /// How long before its SLA due time one of the agent's conversations is alerted.
    public static let breachWarning: TimeInterval = 5 * 60

    static func presenceTick(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk else { return [] }
        defer { state.agentDesk = desk }
        let open = state.thread?.conversation.id
        let writing: Bool
        switch state.mode {
        case .compose, .templates, .prompt(.askField, _): writing = true
        default: writing = false
        }
        let typing =
            open != nil && writing
            && desk.lastTypedAt.map { state.now.timeIntervalSince($0) < PresenceRules.typingFor } == true
        var effects: [ConsoleEffect] = []
        let last = desk.announced
        let every = typing ? PresenceRules.typingEvery : PresenceRules.heartbeat
        let stale = last.map { state.now.timeIntervalSince($0.at) >= every } ?? true
        if last?.conversation != open || last?.typing != typing || (open != nil && stale) {
            // Nothing open and nothing said yet: nothing to say.
            if last != nil || open != nil { effects.append(.announce(open, typing: typing)) }
            desk.announced = Announcement(conversation: open, typing: typing, at: state.now)
        }
        if let open {
            if Int(state.now.timeIntervalSince1970) % 3 == 0 { effects.append(.loadPresence(open)) }
        } else {
            desk.presence = []
        }
        return effects
    }

    /// One of the agent's conversations (on the list or open) due within ``breachWarning``: said once each; the bell
    /// for this and any alert since the last tick.
    static func alertTick(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk else { return [] }
        let mine = (state.rows + [state.thread?.conversation].compactMap { $0 }).filter { row in
            guard row.assignee == state.agent, row.needsReply, let due = row.slaDueAt else { return false }
            let left = due.timeIntervalSince(state.now)
            return left > 0 && left <= breachWarning
        }
        // Forgotten once it is no longer about to breach (answered, or given a later due time), so it is alerted again.
        desk.breachAlerted.formIntersection(mine.map(\.id))
        state.agentDesk = desk
        let fresh = mine.filter { !desk.breachAlerted.contains($0.id) }
        var seen = Set<ConversationID>()
        let ids = fresh.map(\.id).filter { seen.insert($0).inserted }
        if let first = fresh.min(by: { ($0.slaDueAt ?? .distantFuture) < ($1.slaDueAt ?? .distantFuture) }),
            let due = first.slaDueAt
        {
            desk.breachAlerted.formUnion(ids)
            let left = ConsoleRenderer.shortDuration(due.timeIntervalSince(state.now))
            let others = ids.count > 1 ? " (and \(ids.count - 1) more of yours)" : ""
            state.agentDesk = desk
            flash("\(first.id) is yours and breaches its SLA in \(left)\(others)", error: true, &state)
            state.alertPending = true
        }
        guard state.alertPending else { return [] }
        state.alertPending = false
        return state.bellOnAlerts ? [.bell] : []
    }
}
