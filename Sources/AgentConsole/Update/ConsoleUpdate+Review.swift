import ConversationStore
import Foundation

/// The supervisor's review: moving through handled conversations, replaying one (nothing is claimed), a review note
/// and a score. Everything that would reach a customer or change a conversation is refused.
extension ConsoleUpdate {
    /// Keys in the review: moving, opening (without claiming), filtering, a review note (`a`) and a score (1–5).
    static func reviewKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if case .character(let character) = key, let digit = character.wholeNumberValue, (1...5).contains(digit) {
            guard let id = state.thread?.conversation.id else {
                flash("open a conversation to score it (enter)", error: true, &state)
                return []
            }
            return [.record(.reviewScore(digit), id)]
        }
        guard let command = state.keymap.command(for: key) else { return [] }
        switch command {
        case .down, .up, .first, .last, .pageDown, .pageUp, .focusNext, .search, .help, .quit, .dashboard, .sidePane,
            .reveal, .messages:
            return run(command, &state)
        case .open:
            return reviewOpen(&state)
        case .next:
            // The next row of the list, whichever pane has the keyboard (in a replay it is the thread's).
            state.focus = .queue
            _ = move(by: 1, &state)
            return reviewOpen(&state)
        case .back:
            if let desk = state.reviewDesk, state.focus == .queue && !desk.filter.isEmpty {
                return applyReviewFilter(ReviewFilter(), &state)
            }
            return run(.back, &state)
        case .note:
            guard state.thread != nil else {
                flash("open a conversation to review it (enter)", error: true, &state)
                return []
            }
            state.mode = .prompt(.reviewNote, LineInput())
            return []
        default:
            flash("review is read-only: \(command.rawValue) is for the agent console", error: true, &state)
            return []
        }
    }

    /// Opens the selected handled conversation to replay it; nothing is claimed.
    static func reviewOpen(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.focus = .queue
        guard let id = state.selected else {
            flash(state.queueLoaded ? "no handled conversation matches" : "still loading", error: true, &state)
            return []
        }
        if state.thread?.conversation.id != id {
            state.thread = nil
            state.reviewDesk?.events = []
        }
        state.opened = id
        state.focus = .conversation
        keepSelectionVisible(&state)
        return [.loadTimeline(id)]
    }

    static func applyReviewFilter(_ filter: ReviewFilter, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.reviewDesk?.filter = filter
        state.queueLoaded = false
        state.selected = nil
        state.queueTop = 0
        state.rows = []
        return [reloadQueue(state)]
    }
}
