import ConversationStore
import Foundation

/// The list pane: pages arriving, moving the selection, views and filters, and keeping the selection on screen.
extension ConsoleUpdate {
    static func queueLoaded(_ page: QueuePage, counts: QueueCounts, appended: Bool, _ state: inout ConsoleState) {
        let previousIndex = state.selectedIndex ?? 0
        state.rows =
            appended
            ? state.rows + page.conversations.filter { row in !state.rows.contains { $0.id == row.id } }
            : page.conversations
        state.nextCursor = page.next
        state.counts = counts
        state.queueLoaded = true
        if !appended { pruneMarks(&state) }
        // The selection follows its conversation; if that left the view, the row in its place is selected.
        if state.selectedIndex == nil {
            state.selected = state.rows.isEmpty ? nil : state.rows[min(previousIndex, state.rows.count - 1)].id
        }
        keepSelectionVisible(&state)
    }

    /// Moves the selection in the focused pane: the queue's rows, the thread's scroll, or a side pane's entries.
    static func move(by offset: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.focus {
        case .conversation:
            // Never past the first line: a scroll beyond it left the pane blank, and took as many keys to come back.
            state.threadScroll = min(threadScrollLimit(state), max(0, state.threadScroll - offset))
            return []
        case .suggestions:
            if let desk = state.agentDesk {
                state.agentDesk?.suggestionSelection = clamp(
                    desk.suggestionSelection + offset, count: desk.suggestions.count)
            }
            return []
        case .knowledge:
            if let desk = state.agentDesk {
                state.agentDesk?.articleSelection = clamp(desk.articleSelection + offset, count: desk.articles.count)
            }
            return []
        case .queue:
            guard !state.rows.isEmpty else { return [] }
            let index = clamp((state.selectedIndex ?? 0) + offset, count: state.rows.count)
            state.selected = state.rows[index].id
            keepSelectionVisible(&state)
            if index >= state.rows.count - 10, let cursor = state.nextCursor, let desk = state.agentDesk {
                return [.loadMore(desk.view, desk.filter, after: cursor, limit: pageSize)]
            }
            return []
        }
    }

    /// How far the open thread scrolls up: its lines beyond what its pane shows at this size.
    static func threadScrollLimit(_ state: ConsoleState) -> Int {
        guard let thread = state.thread else { return 0 }
        let inner = Layout(width: state.width, height: state.height, state: state).conversation.inner
        guard inner.height > 0, inner.width > 2 else { return 0 }
        var events: [StoreEvent] = []
        if case .review(let desk) = state.kind { events = desk.events }
        let lines = ConsoleRenderer().threadLines(thread, state, events: events, width: inner.width - 1)
        return max(0, lines.count - inner.height)
    }

    static func switchView(_ view: QueueView, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.agentDesk?.view = view
        state.queueLoaded = false
        state.rows = []
        state.selected = nil
        state.queueTop = 0
        state.focus = .queue
        return [reloadQueue(state)]
    }

    /// The text typed after `/`: a queue filter, or a review filter in the review.
    static func searchTyped(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        do {
            switch state.kind {
            case .review:
                return applyReviewFilter(
                    try ReviewFilter(parsing: text, now: state.now, timeZone: state.timeZone), &state)
            case .agent:
                return applyFilter(try QueueFilter(parsing: text), &state)
            }
        } catch let error as StoreError {
            flash(error.message, error: true, &state)
        } catch {
            flash("\(error)", error: true, &state)
        }
        return []
    }

    static func applyFilter(_ filter: QueueFilter, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.agentDesk?.filter = filter
        state.queueLoaded = false
        state.selected = nil
        state.queueTop = 0
        state.rows = []
        return [reloadQueue(state)]
    }

    /// The list read again: the queue view, or the handled conversations in the review.
    static func reloadQueue(_ state: ConsoleState) -> ConsoleEffect {
        let limit = max(pageSize, state.rows.count)
        switch state.kind {
        case .agent(let desk): return .loadQueue(desk.view, desk.filter, limit: limit)
        case .review(let desk): return .loadHandled(desk.filter, limit: limit)
        }
    }

    static func keepSelectionVisible(_ state: inout ConsoleState) {
        guard let index = state.selectedIndex else {
            state.queueTop = 0
            return
        }
        let visible = state.visibleQueueRows
        if index < state.queueTop { state.queueTop = index }
        if index >= state.queueTop + visible { state.queueTop = index - visible + 1 }
        state.queueTop = max(0, min(state.queueTop, max(0, state.rows.count - visible)))
    }

    /// Claims and opens the next conversation that needs a reply and nobody else holds (but the one open), in the queue's order and within
    /// its filter (`Store.claimNext`, so two agents pressing `n` at once get different ones); in the unhappy view, the
    /// next unhappy one, and in probably-no-reply the next of those.
    static func openNext(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let desk = state.agentDesk else { return [] }
        let view: QueueView = desk.view == .unhappy || desk.view == .probablyNoReply ? desk.view : .needsReply
        return [.claimNext(view, desk.filter, leaseSeconds: desk.claimLeaseSeconds, excluding: state.opened)]
    }
}
