import ConversationStore
import Foundation

/// Confirming the estimate that a conversation needs no reply: one key, the reason filled in from what the
/// customer's latest message is (``IntentRules/confirmedNoReplyReason(_:)``), for the highlighted or open
/// conversation or every marked row. Only a confirmation takes a conversation out of the response rate.
extension ConsoleUpdate {
    static func confirmNoReply(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let marked = state.agentDesk?.marked ?? []
        let noReply = state.keymap.keys(for: .noReply).first?.name ?? "X"
        guard marked.isEmpty else {
            var actions: [(ConversationID, AgentAction)] = []
            var left: [String] = []
            for id in marked {
                guard let conversation = shown(id, state) else { continue }
                let estimate = IntentRules.confirmedNoReplyReason(conversation)
                if let reason = estimate.reason {
                    actions.append((id, .markNoReplyNeeded(reason: reason)))
                } else {
                    left.append("\(id) (\(estimate.why))")
                }
            }
            guard !actions.isEmpty else {
                flash(
                    "none of the marked conversations probably needs no reply; \(noReply) marks them with a reason",
                    error: true, &state)
                return []
            }
            return sendToMarked(actions, done: "confirmed as needing no reply", left: left, &state)
        }
        guard let id = target(state), let conversation = shown(id, state) else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        let estimate = IntentRules.confirmedNoReplyReason(conversation)
        guard let reason = estimate.reason else {
            flash("\(id): \(estimate.why); \(noReply) marks it with a reason of your own", error: true, &state)
            return []
        }
        return perform(.markNoReplyNeeded(reason: reason), &state)
    }

    /// The conversation as the console last read it: the open thread's, else the queue row's.
    static func shown(_ id: ConversationID, _ state: ConsoleState) -> Conversation? {
        if let thread = state.thread, thread.conversation.id == id { return thread.conversation }
        return state.rows.first { $0.id == id }
    }
}
