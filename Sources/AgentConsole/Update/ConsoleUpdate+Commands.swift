import ConversationStore
import Foundation
import TextAnalysis

/// Commands in the normal mode, by name: what each key of the keymap (and each `:` command without an argument)
/// does.
extension ConsoleUpdate {
    /// A key in the agent console's normal mode: `1`–`9` take a suggestion, the rest go through the keymap.
    static func agentKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if case .character(let character) = key, let digit = character.wholeNumberValue, (1...9).contains(digit) {
            return takeSuggestion(digit - 1, &state)
        }
        state.agentDesk?.replaceAsked = nil
        guard let command = state.keymap.command(for: key) else { return [] }
        return run(command, &state)
    }

    static func run(_ command: ConsoleCommand, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch command {
        case .down: return move(by: 1, &state)
        case .up: return move(by: -1, &state)
        case .pageDown: return move(by: state.visibleQueueRows, &state)
        case .pageUp: return move(by: -state.visibleQueueRows, &state)
        case .first where state.focus == .conversation:
            state.threadScroll = threadScrollLimit(state)
            return []
        case .last where state.focus == .conversation:
            state.threadScroll = 0
            return []
        case .first: return move(by: -state.rows.count, &state)
        case .last: return move(by: state.rows.count, &state)
        case .open:
            switch state.focus {
            case .suggestions where state.thread != nil:
                return takeSuggestion(state.agentDesk?.suggestionSelection ?? 0, &state)
            case .knowledge where state.agentDesk?.articles.isEmpty == false: return openArticle(&state)
            default: return openSelected(&state)
            }
        case .back: return back(&state)
        case .next: return openNext(&state)
        case .reply, .replyPrivately, .note: return startDraft(command, &state)
        case .editor:
            guard let id = state.thread?.conversation.id, let desk = state.agentDesk else {
                flash("open a conversation first (enter)", error: true, &state)
                return []
            }
            return [.openEditor(id, text: desk.draft.text)]
        case .tag: return ask(.tag, &state)
        case .priority: return ask(.priority, &state)
        case .snooze: return ask(.snooze, &state)
        case .noReply: return ask(.noReply, &state)
        case .confirmNoReply: return confirmNoReply(&state)
        case .pending: return perform(.setStatus(.pending), &state)
        case .resolve: return perform(.setStatus(.resolved), &state)
        case .claim:
            let lease = state.agentDesk?.claimLeaseSeconds ?? AgentAction.defaultLeaseSeconds
            return perform(.claim(leaseSeconds: lease), &state)
        case .release: return perform(.release, &state)
        case .focusNext:
            focusNext(&state)
            return []
        case .view:
            let all = QueueView.allCases
            let index = state.agentDesk.flatMap { all.firstIndex(of: $0.view) } ?? 0
            return switchView(all[(index + 1) % all.count], &state)
        case .search:
            switch state.kind {
            // The filter as it stands, and a space: what is typed adds a term (ctrl-u clears it all).
            case .agent(let desk):
                state.mode = .search(LineInput(desk.filter.isEmpty ? "" : desk.filter.description + " "))
            case .review(let desk):
                state.mode = .search(LineInput(desk.filter.isEmpty ? "" : desk.filter.description + " "))
            }
            return []
        case .commandLine:
            state.mode = .commandLine(LineInput())
            return []
        case .help:
            state.mode = .help
            state.helpTop = 0
            return []
        case .undo: return undoLast(&state)
        case .messages:
            state.mode = .messages
            state.helpTop = 0
            return []
        case .article: return openArticle(&state)
        case .sidePane:
            state.sidePane = state.sidePane == .suggestions ? .knowledge : .suggestions
            if state.focus == .suggestions || state.focus == .knowledge { state.focus = state.sidePane }
            return []
        case .quit: return quit(&state)
        case .insertArticle: return insertArticle(&state)
        case .dashboard: return openDashboard(&state)
        case .reveal: return reveal(&state)
        case .reopen: return perform(.setStatus(.open), &state)
        case .mark: return toggleMark(&state)
        case .templates: return openTemplates(&state)
        case .history: return openHistory(&state)
        case .rising: return listRising(&state)
        case .status:
            flash("say which: :status open, :status pending or :status resolved", error: true, &state)
            return []
        }
    }

    /// Shows the open conversation's personal data unmasked, once the journal records that the agent did (see
    /// `recorded`); asked again, masks it.
    static func reveal(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.thread?.conversation.id else {
            flash("open a conversation first (enter)", error: true, &state)
            return []
        }
        if state.revealed.remove(id) != nil {
            flash("personal data masked again", &state)
            return []
        }
        let masked = state.thread?.messages.contains { PersonalData.mask($0.text) != $0.text } ?? false
        guard masked else {
            flash("nothing masked in this conversation to show", &state)
            return []
        }
        return [.record(.personalDataRevealed, id)]
    }

    /// Closes what is open: the article, then the customer's history, then the marks, then the focus on a pane, then the queue's filter, then the open thread
    /// (its draft is kept for when it is opened again).
    static func back(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.agentDesk?.openArticle != nil {
            state.agentDesk?.openArticle = nil
        } else if state.agentDesk?.historyFor != nil {
            closeHistory(&state)
        } else if let marked = state.agentDesk?.marked, !marked.isEmpty {
            state.agentDesk?.marked = []
            flash("\(marked.count) mark\(marked.count == 1 ? "" : "s") cleared", &state)
        } else if state.focus != .queue {
            state.focus = .queue
        } else if let desk = state.agentDesk, !desk.filter.isEmpty {
            return applyFilter(QueueFilter(), &state)
        } else if let id = state.thread?.conversation.id, state.agentDesk != nil {
            keepDraft(&state)
            state.agentDesk?.draft = LineInput()
            state.agentDesk?.draftMeta = Draft()
            state.thread = nil
            state.opened = nil
            flash("closed \(id)" + (state.agentDesk?.drafts[id] == nil ? "" : "; its draft is kept"), &state)
        }
        return []
    }

    /// Moves the keyboard to the next pane the layout shows.
    static func focusNext(_ state: inout ConsoleState) {
        let panes = Layout(width: state.width, height: state.height, state: state).focusable
        if let index = panes.firstIndex(of: state.focus) {
            state.focus = panes[(index + 1) % panes.count]
        } else {
            state.focus = panes.first ?? .queue
        }
        if state.focus == .suggestions || state.focus == .knowledge { state.sidePane = state.focus }
    }
}
