import ConversationStore
import Foundation

/// The supervisor's review, the dashboard, and the traces the agent console leaves in the journal.
extension ConsoleUpdate {
    /// Journals the suggestions on screen once per conversation and set, so a reload does not record them again.
    static func journalShownSuggestions(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard !state.isReview, let id = state.thread?.conversation.id, !state.suggestions.isEmpty else { return [] }
        let references = state.suggestions.map { "\($0.source.rawValue):\($0.reference)" }
        guard state.shownSuggestionsFor != id || state.shownSuggestions != references else { return [] }
        state.shownSuggestionsFor = id
        state.shownSuggestions = references
        return [.record(.suggestionsShown(references), id)]
    }

    /// Puts the selected (or open) article's answer into the draft.
    static func insertArticle(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.thread?.conversation.id, !state.isReview else {
            flash("open a conversation first (enter)", error: true, &state)
            return []
        }
        let selected = state.articleSelection < state.articles.count ? state.articles[state.articleSelection] : nil
        guard let article = state.openArticle ?? selected?.article else {
            flash("no knowledge-base article to insert", error: true, &state)
            return []
        }
        let answer = article.answer
        let current = state.draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        state.draft = LineInput(current.isEmpty ? answer : current + "\n" + answer)
        state.openArticle = nil
        state.mode = .compose
        return [.record(.articleInserted(id: article.id), id)]
    }

    /// While the dashboard shows, q quits, ? shows the keys, and any other key closes it.
    static func dashboardKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.keymap.command(for: key) {
        case .quit?: return run(.quit, &state)
        case .help?:
            state.mode = .help
            return []
        default:
            state.showingDashboard = false
            return []
        }
    }

    /// Keys in the review: moving, opening (without claiming), filtering, a review note (`a`) and a score (1–5).
    /// Everything that would reach a customer or change a conversation is refused.
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
        case .down, .up, .first, .last, .pageDown, .pageUp, .focusNext, .search, .help, .quit, .dashboard, .sidePane:
            return run(command, &state)
        case .open:
            return reviewOpen(&state)
        case .next:
            _ = move(by: 1, &state)
            return reviewOpen(&state)
        case .back:
            if state.focus == .queue && !state.reviewFilter.isEmpty {
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
            flash(
                "review is read-only: \(command.rawValue) is for the agent console", error: true, &state)
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
            state.events = []
        }
        state.draftFor = id
        state.focus = .conversation
        keepSelectionVisible(&state)
        return [.loadThread(id)]
    }

    static func applyReviewFilter(_ filter: ReviewFilter, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.reviewFilter = filter
        state.queueLoaded = false
        state.selected = nil
        state.queueTop = 0
        state.rows = []
        return [reloadQueue(state)]
    }
}
