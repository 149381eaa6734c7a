import ConversationStore
import Foundation
import Presentation

/// The thread pane in the agent console: opening a conversation (claim first, then the thread), the thread
/// arriving, and what a stored action changes on screen.
extension ConsoleUpdate {
    static func openSelected(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.selected else {
            if state.queueLoaded {
                flash("the queue is empty", error: true, &state)
            } else {
                state.agentDesk?.openWhenLoaded = .selected
            }
            return []
        }
        return open(id, &state)
    }

    static func open(_ id: ConversationID, _ state: inout ConsoleState) -> [ConsoleEffect] {
        enter(id, &state)
        let row = state.rows.first { $0.id == id }
        if let holder = row?.assignee, holder != state.agent, (row?.claimExpiresAt ?? .distantPast) > state.now {
            flash("claimed by \(holder) (read only)", error: true, &state)
            return [.loadThread(id)]
        }
        // The thread loads once the claim is decided, so it shows who holds it.
        state.agentDesk?.opening = id
        let lease = state.agentDesk?.claimLeaseSeconds ?? AgentAction.defaultLeaseSeconds
        return [.perform(.claim(leaseSeconds: lease), id, seen: row?.revision)]
    }

    /// Makes `id` the open conversation: the draft of the one left is kept and `id`'s own comes back.
    private static func enter(_ id: ConversationID, _ state: inout ConsoleState) {
        if state.opened != id {
            keepDraft(&state)
            let kept = state.agentDesk?.drafts[id]
            state.agentDesk?.draft = LineInput(kept?.text ?? "")
            state.agentDesk?.draftMeta = kept ?? Draft()
            state.opened = id
        }
        // Nothing may be done to the previous conversation by mistake while the next one loads.
        if state.thread?.conversation.id != id { state.thread = nil }
        state.selected = state.rows.contains { $0.id == id } ? id : state.selected
        state.focus = .conversation
        state.agentDesk?.openArticle = nil
        keepSelectionVisible(&state)
    }

    /// The conversation `n` claimed (the next one nobody held) opens; its thread loads.
    static func nextClaimed(_ conversation: Conversation?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let conversation else {
            flash("nothing else needs a reply here", &state)
            return []
        }
        if let index = state.rows.firstIndex(where: { $0.id == conversation.id }) { state.rows[index] = conversation }
        enter(conversation.id, &state)
        return [.loadThread(conversation.id), reloadQueue(state)]
    }

    static func threadLoaded(
        _ thread: ConversationThread, suggestions: [Suggestion], articles: [ArticleHit], _ state: inout ConsoleState
    ) {
        let id = thread.conversation.id
        // A late answer for a conversation the agent has since left is dropped.
        if let current = state.opened, current != id { return }
        if state.thread?.conversation.id != id {
            // What the agent read when opening it: a reply or resolution is sent with this revision.
            state.agentDesk?.openedRevision[id] = thread.conversation.revision
            state.newAfter = state.lastSeen[id]
            state.threadScroll = 0
            state.agentDesk?.suggestionSelection = 0
            state.agentDesk?.articleSelection = 0
            state.agentDesk?.openArticle = nil
            // Who was in the last conversation is not in this one.
            state.agentDesk?.presence = []
        }
        // A customer's new message in the thread on screen is an alert: said, and the bell when it is wanted.
        if let shown = state.thread, shown.conversation.id == id, state.agentDesk != nil {
            let before = shown.messages.map(\.id).max() ?? 0
            if let arrived = thread.messages.last(where: { $0.id > before && $0.direction == .inbound }) {
                let who = arrived.authorHandle.map { "@" + $0 } ?? arrived.authorName ?? "the customer"
                flash("new message from \(TerminalText.singleLine(who)) in \(id)", &state)
                state.alertPending = true
            }
        }
        state.thread = thread
        if var desk = state.agentDesk {
            desk.suggestions = suggestions
            desk.articles = articles
            desk.suggestionSelection = min(desk.suggestionSelection, max(0, suggestions.count - 1))
            desk.articleSelection = min(desk.articleSelection, max(0, articles.count - 1))
            state.agentDesk = desk
        }
        if let newest = thread.messages.map(\.id).max() { state.lastSeen[id] = newest }
        if let index = state.rows.firstIndex(where: { $0.id == id }) { state.rows[index] = thread.conversation }
    }

    static func actionSucceeded(
        _ action: AgentAction, _ conversation: Conversation, _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        let before =
            state.thread?.conversation.id == conversation.id
            ? state.thread?.conversation : state.rows.first { $0.id == conversation.id }
        if let index = state.rows.firstIndex(where: { $0.id == conversation.id }) { state.rows[index] = conversation }
        if state.thread?.conversation.id == conversation.id { state.thread?.conversation = conversation }
        rememberUndo(action, before: before, after: conversation, &state)
        var effects: [ConsoleEffect] = []
        // One of a bulk action's rows: said with the others once all are back.
        if bulkResult(conversation.id, &state) {
            if state.thread?.conversation.id == conversation.id { effects.append(.loadThread(conversation.id)) }
            return effects + [reloadQueue(state)]
        }
        switch action {
        case .claim:
            if state.agentDesk?.opening == conversation.id {
                state.agentDesk?.opening = nil
                return [.loadThread(conversation.id), reloadQueue(state)]
            }
            let until = conversation.claimExpiresAt.map { " until " + clockTime($0, in: state.timeZone) } ?? ""
            flash("\(conversation.id) is yours\(until)", &state)
        case .release: flash("released \(conversation.id)", &state)
        case .reply(_, let isPrivate):
            flash(
                isPrivate ? "private reply to \(conversation.id) queued" : "reply to \(conversation.id) queued", &state)
            let meta = state.agentDesk.map { $0.drafts[conversation.id] ?? $0.draftMeta } ?? Draft()
            clearDraft(of: conversation.id, &state)
            effects += followUps(of: meta, on: conversation.id)
        case .note:
            flash("note added to \(conversation.id)", &state)
            clearDraft(of: conversation.id, &state)
        case .tag, .untag:
            flash(
                "\(conversation.id) tags: "
                    + (conversation.tags.isEmpty ? "none" : conversation.tags.joined(separator: ", ")),
                &state)
        case .setStatus(let status): flash("\(conversation.id) is \(status.rawValue)", &state)
        case .setPriority(let priority): flash("\(conversation.id) is \(priority.rawValue) priority", &state)
        case .snooze(let until):
            flash("\(conversation.id) snoozed until \(whenText(until, now: state.now, in: state.timeZone))", &state)
        case .markNoReplyNeeded: flash("\(conversation.id) marked as needing no reply", &state)
        case .clearNoReply: flash("\(conversation.id) needs a reply again", &state)
        }
        if state.thread?.conversation.id == conversation.id { effects.append(.loadThread(conversation.id)) }
        effects.append(reloadQueue(state))
        return effects
    }

    /// Keeps how to take back a tag, status, priority, snooze or no-reply just done; an undo itself is not undone
    /// again. The results of one bulk action join one undo, which takes them all back.
    static func rememberUndo(
        _ action: AgentAction, before: Conversation?, after: Conversation, _ state: inout ConsoleState
    ) {
        guard var desk = state.agentDesk else { return }
        defer { state.agentDesk = desk }
        if let index = desk.undoing.firstIndex(of: Undo.Step(action: action, conversation: after.id)) {
            desk.undoing.remove(at: index)
            return
        }
        let inBulk = desk.bulkAwaiting.remove(after.id) != nil
        guard let before, let inverse = Undo.inverse(of: action, before: before) else { return }
        let step = Undo.Step(action: inverse, conversation: after.id)
        if inBulk, var undo = desk.undo, undo.isBulk, state.now.timeIntervalSince(undo.at) <= Undo.window {
            undo.steps.append(step)
            desk.undo = undo
        } else {
            desk.undo = Undo(steps: [step], done: action.name, at: state.now, isBulk: inBulk)
        }
    }

    /// Takes back the last tag, status, priority, snooze or no-reply (every conversation of a bulk action), within a
    /// minute of it.
    static func undoLast(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let undo = state.agentDesk?.undo, !undo.steps.isEmpty, state.now.timeIntervalSince(undo.at) <= Undo.window
        else {
            flash(
                "nothing to undo (a tag, status, priority, snooze or no-reply of the last minute)", error: true, &state)
            return []
        }
        state.agentDesk?.undo = nil
        state.agentDesk?.undoing += undo.steps
        if undo.steps.count > 1 {
            state.agentDesk?.bulk = BulkRun(done: "took back the \(undo.done)", ids: undo.steps.map(\.conversation))
        }
        let subject =
            undo.steps.count == 1
            ? "\(undo.steps[0].conversation)" : "\(undo.steps.count) conversations"
        flash("undoing the \(undo.done) on \(subject)", &state)
        return undo.steps.map { .perform($0.action, $0.conversation) }
    }
}
