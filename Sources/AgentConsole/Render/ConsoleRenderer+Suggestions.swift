import ConversationStore
import Foundation
import Presentation

/// The agent console's side panes: suggested replies and the knowledge base.
extension ConsoleRenderer {
    func sideTitle(_ pane: Pane, layout: Layout, state: ConsoleState) -> String {
        guard layout.kind == .medium else {
            return pane == .suggestions ? "Suggested replies" : "Knowledge base"
        }
        return pane == .suggestions
            ? "Suggested replies │ knowledge base (s)" : "Knowledge base │ suggested replies (s)"
    }

    func drawSuggestions(_ state: ConsoleState, _ desk: AgentDesk, _ rect: Rect, layout: Layout, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        drawBox(
            rect, title: sideTitle(.suggestions, layout: layout, state: state), focused: state.focus == .suggestions,
            &frame)
        let inner = rect.inner
        guard inner.height > 0 else { return }
        guard state.thread != nil else {
            frame.write(
                DisplayWidth.clip("open a conversation to see suggestions", to: inner.width - 1), x: inner.x + 1,
                y: inner.y, role: .dim)
            return
        }
        if desk.suggestions.isEmpty {
            frame.write(
                DisplayWidth.clip("no suggestion matches; r writes a reply", to: inner.width - 1), x: inner.x + 1,
                y: inner.y, role: .dim)
            return
        }
        var y = inner.y
        for (index, suggestion) in desk.suggestions.enumerated() {
            guard y + 1 < inner.maxY || (y < inner.maxY && index == desk.suggestions.count - 1) else { break }
            // The last suggestion may have one row left: its text shows, its reason would fall on the border.
            let rows = min(2, inner.maxY - y)
            let selected = state.focus == .suggestions && index == desk.suggestionSelection
            if selected { frame.fill(Rect(x: inner.x, y: y, width: inner.width, height: rows), role: .selection) }
            let number = "\(index + 1) "
            frame.write(number, x: inner.x + 1, y: y, role: selected ? .selection : .key)
            let text = TerminalText.singleLine(suggestion.text)
            frame.write(
                DisplayWidth.clip(text, to: inner.width - 4), x: inner.x + 3, y: y,
                role: selected ? .selection : .normal)
            if rows == 2 {
                let why = "[\(suggestion.source.rawValue)] " + TerminalText.singleLine(suggestion.why)
                frame.write(
                    DisplayWidth.clip(why, to: inner.width - 4), x: inner.x + 3, y: y + 1,
                    role: selected ? .selection : .dim)
            }
            y += 2
        }
    }

    func drawKnowledge(_ state: ConsoleState, _ desk: AgentDesk, _ rect: Rect, layout: Layout, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        drawBox(
            rect, title: sideTitle(.knowledge, layout: layout, state: state), focused: state.focus == .knowledge, &frame
        )
        let inner = rect.inner
        guard inner.height > 0 else { return }
        if desk.articles.isEmpty {
            let hint =
                state.thread == nil ? "open a conversation to see articles" : "no article matches this conversation"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        var y = inner.y
        for (index, hit) in desk.articles.enumerated() {
            guard y + 1 < inner.maxY else { break }
            let selected = state.focus == .knowledge && index == desk.articleSelection
            if selected { frame.fill(Rect(x: inner.x, y: y, width: inner.width, height: 2), role: .selection) }
            frame.write(
                DisplayWidth.clip(TerminalText.singleLine(hit.article.title), to: inner.width - 2), x: inner.x + 1,
                y: y, role: selected ? .selection : .title)
            frame.write(
                DisplayWidth.clip(TerminalText.singleLine(hit.snippet), to: inner.width - 3), x: inner.x + 2, y: y + 1,
                role: selected ? .selection : .dim)
            y += 2
        }
        if y < inner.maxY {
            frame.write(
                DisplayWidth.clip("K opens the selected article", to: inner.width - 2), x: inner.x + 1,
                y: inner.maxY - 1, role: .dim)
        }
    }
}
