import ConversationStore
import Foundation

/// Bulk actions: rows marked with `space`, then one tag, priority, snooze, status or no-reply sent to each of them,
/// every one an action of its own in the journal.
extension ConsoleUpdate {
    /// Marks the highlighted row (or unmarks it) and moves to the next.
    static func toggleMark(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk, let id = state.selected, state.selectedIndex != nil else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        if let index = desk.marked.firstIndex(of: id) {
            desk.marked.remove(at: index)
        } else {
            desk.marked.append(id)
        }
        state.agentDesk = desk
        if desk.marked.isEmpty {
            flash("no rows marked", &state)
        } else {
            flash(
                "\(desk.marked.count) marked: t ! z p x X y O act on every marked row; space unmarks, esc clears all",
                &state)
        }
        return move(by: 1, &state)
    }

    /// Whether an action goes to every marked row: the ones that change a conversation's state, never a claim, a
    /// reply or a note.
    static func isBulk(_ action: AgentAction) -> Bool {
        switch action {
        case .tag, .untag, .setPriority, .setStatus, .snooze, .markNoReplyNeeded, .clearNoReply: true
        case .claim, .release, .reply, .note: false
        }
    }

    /// The marked rows, when there are any and the action is a bulk one.
    static func bulkTargets(for action: AgentAction, _ state: ConsoleState) -> [ConversationID]? {
        guard isBulk(action), let marked = state.agentDesk?.marked, !marked.isEmpty else { return nil }
        return marked
    }

    /// Sends `action` to each marked row (a resolution with the revision each row was read at, so one another agent
    /// answered meanwhile is refused rather than closed unseen), and clears the marks. The results' undos join one.
    static func sendToMarked(
        _ action: AgentAction, _ ids: [ConversationID], _ state: inout ConsoleState
    )
        -> [ConsoleEffect]
    {
        sendToMarked(ids.map { ($0, action) }, done: described(action, state), &state)
    }

    /// Sends each marked row its own action (all of one kind: the first names them), and clears the marks; rows
    /// `left` out are counted as not done, with the reason given.
    static func sendToMarked(
        _ actions: [(ConversationID, AgentAction)], done: String, left: [String] = [], _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        guard let name = actions.first?.1.name else { return [] }
        let ids = actions.map(\.0)
        state.agentDesk?.marked = []
        state.agentDesk?.bulkAwaiting = Set(ids)
        let now = state.now
        state.agentDesk?.undo = Undo(steps: [], done: name, at: now, isBulk: true)
        var run = BulkRun(done: done, ids: ids)
        run.total += left.count
        run.failures = left
        state.agentDesk?.bulk = run
        flash("\(name) sent to \(ids.count) marked conversation\(ids.count == 1 ? "" : "s")", &state)
        return actions.map { id, action in
            let seen = action.isAskedAboutWhenOvertaken ? state.rows.first { $0.id == id }?.revision : nil
            return .perform(action, id, seen: seen)
        }
    }

    /// An action as the bulk message says what it did.
    static func described(_ action: AgentAction, _ state: ConsoleState) -> String {
        switch action {
        case .tag(let tags): "tagged " + tags.joined(separator: ", ")
        case .untag(let tags): "untagged " + tags.joined(separator: ", ")
        case .setPriority(let priority): "set \(priority.rawValue) priority"
        case .setStatus(.resolved): "resolved"
        case .setStatus(.open): "opened again"
        case .setStatus(let status): "set \(status.rawValue)"
        case .snooze(let until): "snoozed until \(whenText(until, now: state.now, in: state.timeZone))"
        case .markNoReplyNeeded: "marked as needing no reply"
        case .clearNoReply: "marked as needing a reply"
        case .claim, .release, .reply, .note: action.name
        }
    }

    /// Counts one result of a bulk action under way (`conversation` when it succeeded, nil for a refusal); true when
    /// it was one, so its own message is not said. The last result says how the whole went.
    static func bulkResult(_ conversation: ConversationID?, failure: String? = nil, _ state: inout ConsoleState) -> Bool
    {
        guard var run = state.agentDesk?.bulk, run.remaining > 0 else { return false }
        if let conversation {
            guard run.awaiting.remove(conversation) != nil else { return false }
            run.succeeded += 1
        } else {
            run.failures.append(failure ?? "refused")
        }
        run.remaining -= 1
        guard run.remaining == 0 else {
            state.agentDesk?.bulk = run
            return true
        }
        state.agentDesk?.bulk = nil
        let rows = "\(run.succeeded) of \(run.total) marked conversation\(run.total == 1 ? "" : "s")"
        let why = run.failures.isEmpty ? "" : "; not done: " + run.failures.joined(separator: "; ")
        flash("\(run.done): \(rows)\(why)", error: !run.failures.isEmpty, &state)
        return true
    }

    /// Drops marks on rows no longer on the list (another agent's action or the clock moved them out of the view):
    /// a bulk action goes only to rows the agent can see.
    static func pruneMarks(_ state: inout ConsoleState) {
        guard let marked = state.agentDesk?.marked, !marked.isEmpty else { return }
        let onList = Set(state.rows.map(\.id))
        state.agentDesk?.marked = marked.filter { onList.contains($0) }
    }
}
