import ConversationStore
import Foundation
import Presentation
import TextAnalysis

/// The template browser over the thread, and the customer's history beside it.
extension ConsoleRenderer {
    /// Where the history goes: in place of the suggestions and the knowledge base (wide), of the side pane
    /// (medium), or of the thread (narrow).
    func historyRect(_ layout: Layout) -> Rect {
        switch layout.kind {
        case .wide:
            return Rect(
                x: layout.suggestions.x, y: layout.suggestions.y, width: layout.suggestions.width,
                height: layout.suggestions.height + layout.knowledge.height)
        case .medium:
            return layout.suggestions.width > 0 ? layout.suggestions : layout.knowledge
        case .narrow:
            let height = layout.status.y - (layout.compose.height > 0 ? layout.compose.height : 0)
            return Rect(x: 0, y: 0, width: layout.status.width, height: height)
        case .tooSmall:
            return Rect(x: 0, y: 0, width: 0, height: 0)
        }
    }

    func drawHistory(_ history: CustomerHistory, _ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width >= 10, rect.height >= 3 else { return }
        frame.fill(rect, role: .normal)
        let customer = history.customer
        let who = TerminalText.singleLine(customer.handle.map { "@" + $0 } ?? customer.name ?? customer.externalID)
        drawBox(rect, title: "Customer · \(who) · H closes", focused: false, &frame)
        let inner = rect.inner
        let reveal = state.revealed.contains(history.conversation)
        let shown: (String) -> String = { TerminalText.singleLine(reveal ? $0 : PersonalData.mask($0)) }
        var lines: [(String, Role)] = []
        let standing: String
        switch history.standing {
        case .firstTime: standing = "first-time customer"
        case .returning: standing = "returning customer"
        case .loyal: standing = "loyal customer"
        }
        lines.append(
            (
                "\(standing): \(history.conversationTotal) conversation\(history.conversationTotal == 1 ? "" : "s"), "
                    + "\(history.messagesWritten) message\(history.messagesWritten == 1 ? "" : "s")", .title
            ))
        var since = "\(customer.channel.rawValue) since " + time(customer.firstSeenAt, state)
        if let name = customer.name, customer.handle != nil { since = TerminalText.singleLine(name) + " · " + since }
        if let followers = customer.followers { since += " · \(followers) followers" }
        lines.append((since, .dim))
        let tags = history.tags
        if !tags.isEmpty {
            lines.append(
                ("tags: " + tags.map { $0.count > 1 ? "\($0.tag) ×\($0.count)" : $0.tag }.joined(separator: ", "), .tag)
            )
        }
        lines.append(("", .normal))
        lines.append(("Conversations", .title))
        for conversation in history.conversations {
            let here = conversation.id == history.conversation
            let head =
                (here ? "▸ " : "  ") + "\(conversation.id) " + time(conversation.lastMessageAt, state) + " "
                + conversation.status.rawValue
            lines.append((head + " · " + shown(conversation.snippet), here ? .match : .normal))
        }
        if history.conversationTotal > history.conversations.count {
            lines.append(("  … \(history.conversationTotal - history.conversations.count) older", .dim))
        }
        lines.append(("", .normal))
        lines.append((history.notes.isEmpty ? "No notes" : "Notes", .title))
        for note in history.notes {
            let by = note.agent.map { TerminalText.singleLine($0) + ": " } ?? ""
            lines.append(("  \(note.conversation) " + time(note.at, state) + " " + by + shown(note.text), .note))
        }
        // Wrapped, continuations indented, so nothing is cut at the side pane's width.
        var rows: [(String, Role)] = []
        for (text, role) in lines {
            let wrapped = DisplayWidth.wrap(text, width: max(4, inner.width - 1))
            for (index, part) in wrapped.enumerated() {
                rows.append(((index == 0 ? "" : "  ") + part, role))
            }
            if wrapped.isEmpty { rows.append(("", role)) }
        }
        for (offset, line) in rows.prefix(inner.height).enumerated() {
            frame.write(
                DisplayWidth.clip(line.0, to: inner.width - 1), x: inner.x + 1, y: inner.y + offset, role: line.1)
        }
        if rows.count > inner.height, inner.height > 0 {
            frame.write(
                glyphs.ellipsis, x: inner.maxX - 1 - DisplayWidth.of(glyphs.ellipsis), y: inner.maxY - 1, role: .dim)
        }
    }

    /// The browser over the thread and the side panes (the whole screen when narrow), the compose area left in
    /// sight: the search line, the matching templates, and the highlighted one whole.
    func drawTemplates(_ browser: TemplateBrowser, _ state: ConsoleState, _ layout: Layout, _ frame: inout Frame) {
        let x = layout.kind == .narrow ? 0 : layout.queue.width
        // Over the compose area too where the terminal is short: the preview needs the rows more.
        let bottom = layout.compose.height > 0 && state.height >= 24 ? layout.compose.y : layout.status.y
        let rect = Rect(x: x, y: 0, width: state.width - x, height: bottom)
        guard rect.width >= 20, rect.height >= 6 else { return }
        frame.fill(rect, role: .normal)
        let matching = browser.matching
        let total = browser.choices?.count
        let title =
            "Templates" + (total.map { " \(matching.count) of \($0)" } ?? " (loading…)")
            + " · type to search · ↑↓ · enter inserts · esc"
        drawBox(rect, title: title, focused: true, &frame)
        let inner = rect.inner
        frame.write("/ ", x: inner.x + 1, y: inner.y, role: .key)
        let query = TerminalText.singleLine(browser.query.text)
        frame.write(DisplayWidth.clip(query, to: inner.width - 4), x: inner.x + 3, y: inner.y, role: .input)
        frame.cursor = (
            x: min(inner.maxX - 1, inner.x + 3 + DisplayWidth.of(String(query.prefix(browser.query.cursor)))),
            y: inner.y
        )
        guard inner.height >= 4 else { return }
        // The list beside the preview when there is room, else above it.
        let side = inner.width >= 70
        let listWidth = side ? min(36, inner.width / 3) : inner.width
        let listHeight = side ? inner.height - 2 : max(2, (inner.height - 2) / 3)
        let listTop = inner.y + 2
        if matching.isEmpty {
            let text = browser.choices == nil ? "loading…" : "no template fits this conversation and the search"
            frame.write(DisplayWidth.clip(text, to: inner.width - 2), x: inner.x + 1, y: listTop, role: .dim)
            return
        }
        let selection = min(browser.selection, matching.count - 1)
        let first = max(0, min(selection - listHeight + 1, matching.count - listHeight))
        for (offset, choice) in matching.dropFirst(first).prefix(listHeight).enumerated() {
            let index = first + offset
            let selected = index == selection
            let language = choice.template.language.map { " [\($0)]" } ?? ""
            let label = TerminalText.singleLine(choice.template.name) + language
            let y = listTop + offset
            frame.fill(Rect(x: inner.x, y: y, width: listWidth, height: 1), role: selected ? .selection : .normal)
            frame.write(
                DisplayWidth.clip(label, to: listWidth - 2), x: inner.x + 1, y: y, role: selected ? .selection : .normal
            )
        }
        let chosen = matching[selection]
        let preview =
            side
            ? Rect(x: inner.x + listWidth + 1, y: listTop, width: inner.width - listWidth - 1, height: inner.height - 2)
            : Rect(
                x: inner.x, y: listTop + listHeight + 1, width: inner.width,
                height: inner.maxY - listTop - listHeight - 1)
        guard preview.width > 4, preview.height > 0 else { return }
        // The text first (what the customer reads), then what the template is and does.
        var lines: [(String, Role)] = []
        for line in TerminalText.lines(chosen.text).flatMap({ DisplayWidth.wrap($0, width: preview.width - 1) }) {
            lines.append((line, .normal))
        }
        var about = [String]()
        if let status = chosen.template.setsStatus { about.append("sets \(status.rawValue)") }
        if !chosen.template.addsTags.isEmpty {
            about.append("adds " + chosen.template.addsTags.joined(separator: ", "))
        }
        if !chosen.template.tags.isEmpty { about.append("tags: " + chosen.template.tags.joined(separator: ", ")) }
        if !about.isEmpty { lines.append(("", .normal)) }
        for line in DisplayWidth.wrap(TerminalText.singleLine(about.joined(separator: " · ")), width: preview.width - 1)
        {
            lines.append((line, .dim))
        }
        for (offset, line) in lines.prefix(preview.height).enumerated() {
            frame.write(line.0, x: preview.x, y: preview.y + offset, limit: preview.width, role: line.1)
        }
    }
}
