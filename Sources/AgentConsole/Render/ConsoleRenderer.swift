import ConversationStore
import Foundation
import Presentation

/// Draws the whole console into a frame from the state alone. Every string from outside (messages, names,
/// handles, articles) goes through `TerminalText` first, so nothing it contains can reach the terminal as a control.
public struct ConsoleRenderer: Sendable {
    /// Box-drawing glyphs: Unicode lines, or ASCII when the locale cannot show them.
    public struct Glyphs: Hashable, Sendable {
        var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, separator, ellipsis: String
        /// A public customer with a high risk of the thread spreading.
        var marker: String
        /// An unhappy customer.
        var unhappy: String
        /// Sparkline levels, lowest first.
        var levels: [String]
        /// Heatmap shades, empty first.
        var shades: [String]
        var barFull: String
        var barEmpty: String
        /// A journal event in the review timeline.
        var event: String

        public static let unicode = Glyphs(
            horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
            separator: "│", ellipsis: "…", marker: "▲", unhappy: "☹", levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
            shades: ["·", "░", "▒", "▓", "█"], barFull: "█", barEmpty: "░", event: "●")
        public static let ascii = Glyphs(
            horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
            separator: "|", ellipsis: "...", marker: "^", unhappy: "~",
            levels: ["_", ".", "-", "~", "=", "+", "*", "#"],
            shades: [".", ":", "+", "*", "#"], barFull: "#", barEmpty: ".", event: "*")
    }

    public var glyphs: Glyphs

    public init(glyphs: Glyphs = .unicode) { self.glyphs = glyphs }

    public func render(_ state: ConsoleState) -> Frame {
        var frame = Frame(width: state.width, height: state.height)
        let layout = Layout(width: state.width, height: state.height, state: state)
        guard layout.kind != .tooSmall else {
            drawTooSmall(state, &frame)
            return frame
        }
        if state.showingDashboard {
            drawDashboard(state, Rect(x: 0, y: 0, width: state.width, height: state.height - 1), &frame)
            drawStatus(state, layout.status, &frame)
            if state.mode == .help { drawHelp(state, &frame) }
            return frame
        }
        drawQueue(state, layout.queue, &frame)
        if let article = state.openArticle, layout.conversation.width > 0 {
            drawArticle(article, state, layout.conversation, &frame)
        } else {
            drawConversation(state, layout.conversation, &frame)
        }
        if state.isReview {
            drawReview(state, layout.suggestions, layout: layout, &frame)
            drawReviewActions(state, layout.knowledge, layout: layout, &frame)
        } else {
            drawSuggestions(state, layout.suggestions, layout: layout, &frame)
            drawKnowledge(state, layout.knowledge, layout: layout, &frame)
        }
        drawCompose(state, layout.compose, &frame)
        drawStatus(state, layout.status, &frame)
        if state.mode == .help { drawHelp(state, &frame) }
        return frame
    }

    // MARK: - Panes

    func drawTooSmall(_ state: ConsoleState, _ frame: inout Frame) {
        let lines = [
            "Terminal too small",
            "\(state.width)×\(state.height); needs at least \(Layout.minimumWidth)×\(Layout.minimumHeight)",
            "enlarge the window, or press q to quit",
        ]
        for (index, line) in lines.enumerated() {
            let y = state.height / 2 - 1 + index
            let text = DisplayWidth.clip(line, to: state.width)
            frame.write(
                text, x: max(0, (state.width - DisplayWidth.of(text)) / 2), y: y, role: index == 0 ? .error : .normal)
        }
    }

    func drawBox(_ rect: Rect, title: String, focused: Bool, _ frame: inout Frame) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let role: Role = focused ? .focusBorder : .border
        let horizontal = String(repeating: glyphs.horizontal, count: rect.width - 2)
        frame.write(glyphs.topLeft + horizontal + glyphs.topRight, x: rect.x, y: rect.y, limit: rect.width, role: role)
        frame.write(
            glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, limit: rect.width,
            role: role)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            frame.write(glyphs.vertical, x: rect.x, y: y, role: role)
            frame.write(glyphs.vertical, x: rect.maxX - 1, y: y, role: role)
        }
        let label = DisplayWidth.clip(" " + title + " ", to: rect.width - 4)
        frame.write(label, x: rect.x + 2, y: rect.y, role: focused ? .focusBorder : .title)
    }

    func drawQueue(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        var title = "Queue · \(state.view.rawValue)"
        if !state.filter.isEmpty { title += " · /" + TerminalText.singleLine(state.filter.description) }
        if state.isReview { title = "Handled" }
        title += " (\(state.rows.count)\(state.nextCursor == nil ? "" : "+"))"
        drawBox(rect, title: title, focused: state.focus == .queue, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 0 else { return }
        let header = state.isReview ? "  FRT CH  P CUSTOMER" : "  DUE CH  P CUSTOMER"
        frame.write(DisplayWidth.clip(header, to: inner.width), x: inner.x, y: inner.y, role: .dim)
        if state.rows.isEmpty {
            let message =
                state.queueLoaded ? "nothing here" + (state.filter.isEmpty ? "" : " for this filter") : "loading…"
            frame.write(message, x: inner.x + 1, y: inner.y + 2, limit: inner.width - 1, role: .dim)
            return
        }
        let visible = inner.height - 1
        for offset in 0..<visible {
            let index = state.queueTop + offset
            guard index < state.rows.count else { break }
            drawQueueRow(
                state.rows[index], selected: state.rows[index].id == state.selected, state, x: inner.x,
                y: inner.y + 1 + offset, width: inner.width, &frame)
        }
    }

    func drawQueueRow(
        _ row: Conversation, selected: Bool, _ state: ConsoleState, x: Int, y: Int, width: Int, _ frame: inout Frame
    ) {
        let base: Role = selected ? .selection : .normal
        frame.fill(Rect(x: x, y: y, width: width, height: 1), role: base)
        var column = x
        let (due, dueRole) =
            state.isReview ? Self.firstResponseText(row, state: state) : Self.dueText(row, now: state.now)
        let dueCell = String(repeating: " ", count: max(0, 5 - DisplayWidth.of(due))) + due
        column += frame.write(dueCell, x: column, y: y, limit: 5, role: selected ? .selection : dueRole)
        column += frame.write(" " + Self.channelCode(row.channel) + " ", x: column, y: y, limit: 4, role: base)
        let priorityMark: String
        switch row.priority {
        case .urgent: priorityMark = "!!"
        case .high: priorityMark = "! "
        default: priorityMark = "  "
        }
        // Blank markers take the row's own role: fewer attribute changes for the terminal when the selection moves.
        column += frame.write(
            priorityMark, x: column, y: y, limit: 2, role: selected || priorityMark == "  " ? base : .priority)
        let mark =
            row.isHighRisk(now: state.now)
            ? glyphs.marker : (row.sentiment.map { $0 <= -0.3 } ?? false) ? glyphs.unhappy : " "
        column += frame.write(mark, x: column, y: y, limit: 1, role: selected || mark == " " ? base : .risk)
        let remaining = x + width - column
        guard remaining > 4 else { return }
        let who = TerminalText.singleLine(
            row.customer.map { $0.handle.map { "@" + $0 } ?? $0.name ?? $0.externalID } ?? "?")
        var suffix = ""
        if let assignee = row.assignee {
            suffix = assignee == state.agent ? " ⚑ mine" : " ⚑ " + TerminalText.singleLine(assignee)
        }
        let suffixWidth = min(DisplayWidth.of(suffix), max(0, remaining / 3))
        let whoText = DisplayWidth.clip(who, to: min(16, remaining - suffixWidth))
        column += frame.write(whoText, x: column, y: y, role: base)
        let snippetSpace = x + width - column - suffixWidth - 1
        if snippetSpace > 2 {
            column += frame.write(
                " " + DisplayWidth.clip(TerminalText.singleLine(row.snippet), to: snippetSpace), x: column, y: y,
                role: base)
        }
        if suffixWidth > 0 {
            frame.write(
                DisplayWidth.clip(suffix, to: suffixWidth), x: x + width - suffixWidth, y: y,
                role: selected ? .selection : .dim)
        }
    }

    /// Changes exactly when the passing of time changes what is drawn: every second while a countdown on screen shows
    /// seconds, else every minute. Lets the terminal loop skip redrawing an idle screen.
    public static func clockSignature(_ state: ConsoleState) -> Int {
        let seconds = Int(state.now.timeIntervalSince1970.rounded(.down))
        let visible = state.rows.dropFirst(state.queueTop).prefix(state.visibleQueueRows)
        let secondsShown =
            visible.contains { row in row.slaDueAt.map { abs($0.timeIntervalSince(state.now)) < 60 } ?? false }
            || (state.thread?.conversation.slaDueAt.map { abs($0.timeIntervalSince(state.now)) < 3600 } ?? false)
        return secondsShown ? seconds : seconds / 60
    }

    /// The SLA clock of a queue row: time left (`12m`), or how late (`-3m`), coloured by urgency; the status for
    /// conversations not waiting on an agent.
    /// The review's first column: the first response time, marked when it missed the SLA target.
    static func firstResponseText(_ row: Conversation, state: ConsoleState) -> (String, Role) {
        let breached = ReviewFilter.breached(row, policy: state.slaPolicy, now: state.now)
        guard let first = row.firstResponseAt, let inbound = row.firstInboundAt else {
            return (row.noReplyReason != nil ? "none" : "-", breached ? .slaBreached : .dim)
        }
        return (shortDuration(first.timeIntervalSince(inbound)), breached ? .slaBreached : .slaOK)
    }

    public static func dueText(_ row: Conversation, now: Date) -> (String, Role) {
        guard let due = row.slaDueAt else {
            switch row.status {
            case .pending: return ("wait", .dim)
            case .snoozed: return ("zz", .dim)
            case .resolved: return ("done", .dim)
            default: return ("·", .dim)
            }
        }
        let left = due.timeIntervalSince(now)
        let text = Self.shortDuration(abs(left))
        if left < 0 { return ("-" + text, .slaBreached) }
        if left <= 10 * 60 { return (text, .slaWarning) }
        return (text, .slaOK)
    }

    /// `45s`, `12m`, `3h`, `2d`: one unit, to fit a four-cell column.
    public static func shortDuration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86400 { return "\(total / 3600)h" }
        return total / 86400 > 99 ? "99d+" : "\(total / 86400)d"
    }

    static func channelCode(_ channel: Channel) -> String {
        switch channel {
        case .twitter: "tw"
        case .facebook: "fb"
        case .instagram: "ig"
        case .whatsapp: "wa"
        case .email: "em"
        case .web: "wb"
        default: String(channel.rawValue.prefix(2))
        }
    }

    func time(_ date: Date, _ state: ConsoleState) -> String {
        let time = LocalTime(date, in: state.timeZone)
        let today = LocalTime(state.now, in: state.timeZone)
        let clock = Self.twoDigits(time.hour) + ":" + Self.twoDigits(time.minute)
        if (time.year, time.month, time.day) == (today.year, today.month, today.day) { return clock }
        return "\(time.day) \(Self.months[time.month - 1]) \(clock)"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// One line of the conversation pane.
    struct Line {
        var text: String
        var role: Role
        var indent = 0
    }

    func threadLines(_ thread: ConversationThread, _ state: ConsoleState, width: Int) -> [Line] {
        var lines: [Line] = []
        let conversation = thread.conversation
        let customer = conversation.customer
        var who = [customer?.name, customer?.handle.map { "@" + $0 }].compactMap { $0 }.joined(separator: " ")
        if who.isEmpty { who = customer?.externalID ?? "unknown customer" }
        var heading = "\(who) · \(conversation.channel.rawValue) \(conversation.visibility.rawValue)"
        if let account = conversation.account { heading += " → @\(account)" }
        if let followers = customer?.followers { heading += " · \(followers) followers" }
        if let count = customer?.conversationCount, count > 1 { heading += " · repeat customer (\(count))" }
        for part in DisplayWidth.wrap(TerminalText.singleLine(heading), width: width) {
            lines.append(Line(text: part, role: .title))
        }
        var facts = ["\(conversation.status.rawValue)", "priority \(conversation.priority.rawValue)"]
        if let assignee = conversation.assignee {
            facts.append(assignee == state.agent ? "claimed by you" : "claimed by \(assignee)")
        }
        if let due = conversation.slaDueAt {
            let left = due.timeIntervalSince(state.now)
            facts.append(
                left >= 0
                    ? "reply due in \(DurationText.compact(left))" : "SLA breached \(DurationText.compact(-left)) ago")
        }
        if !conversation.tags.isEmpty { facts.append("#" + conversation.tags.joined(separator: " #")) }
        if let reason = conversation.noReplyReason { facts.append("no reply needed: \(reason)") }
        for part in DisplayWidth.wrap(TerminalText.singleLine(facts.joined(separator: " · ")), width: width) {
            lines.append(Line(text: part, role: .dim))
        }
        if let sentiment = conversation.sentiment, sentiment != 0 {
            let feeling = sentiment <= -0.3 ? "unhappy" : sentiment >= 0.3 ? "happy" : "mixed"
            lines.append(
                Line(
                    text: String(format: "customer sounds %@ (%+.1f)", feeling, sentiment),
                    role: sentiment <= -0.3 ? .risk : .dim))
        }
        if conversation.isHighRisk(now: state.now) && conversation.needsReply {
            lines.append(Line(text: "\(glyphs.marker) unhappy in public: move to a private message (P)", role: .risk))
        }
        var markedNew = false
        var events = state.isReview ? ArraySlice(state.events) : []
        for message in thread.messages {
            while let event = events.first, event.entry.time <= message.createdAt {
                lines += eventLines(event, width: width, state)
                events.removeFirst()
            }
            lines.append(Line(text: "", role: .normal))
            if !markedNew, let after = state.newAfter, message.id > after {
                let label = " new "
                let rule = String(repeating: glyphs.horizontal, count: max(0, (width - label.count) / 2))
                lines.append(Line(text: rule + label + rule, role: .newMarker))
                markedNew = true
            }
            lines += messageLines(message, width: width, state)
        }
        for event in events { lines += eventLines(event, width: width, state) }
        return lines
    }

    /// A message's header and its wrapped text.
    func messageLines(_ message: Message, width: Int, _ state: ConsoleState) -> [Line] {
        var lines: [Line] = []
        var header: String
        let role: Role
        switch message.direction {
        case .inbound:
            role = .inbound
            header = "◀ " + (message.authorHandle.map { "@" + $0 } ?? message.authorName ?? message.authorID)
        case .outbound:
            role = .outbound
            header = "▶ " + (message.authorHandle.map { "@" + $0 } ?? message.authorID)
            if let agent = message.agent { header += " (\(agent))" }
        case .note:
            role = .note
            header = "✎ note by " + (message.agent ?? message.authorID)
        }
        header += " · " + time(message.createdAt, state)
        if message.visibility == .private && message.direction != .note { header += " · private" }
        if let delivery = message.delivery { header += " · \(delivery.rawValue)" }
        if message.automatic { header += " · automatic" }
        if let error = message.deliveryError { header += " (\(error))" }
        if glyphs == .ascii {
            header = header.replacingOccurrences(of: "◀", with: "<").replacingOccurrences(of: "▶", with: ">")
                .replacingOccurrences(of: "✎", with: "#")
        }
        lines.append(Line(text: DisplayWidth.clip(TerminalText.singleLine(header), to: width), role: role))
        let indent = message.direction == .note ? 4 : 2
        for textLine in TerminalText.lines(message.text) {
            for part in DisplayWidth.wrap(textLine, width: max(1, width - indent)) {
                lines.append(Line(text: part, role: message.direction == .note ? .note : .normal, indent: indent))
            }
        }
        return lines
    }

    func drawConversation(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        guard let thread = state.thread else {
            drawBox(rect, title: "Conversation", focused: state.focus == .conversation, &frame)
            let hint = state.rows.isEmpty ? "no conversation selected" : "enter opens the selected conversation"
            frame.write(
                DisplayWidth.clip(hint, to: rect.inner.width - 1), x: rect.inner.x + 1, y: rect.inner.y + 1, role: .dim)
            return
        }
        let conversation = thread.conversation
        let handle = conversation.customer?.handle.map { "@" + $0 } ?? conversation.customer?.name ?? ""
        drawBox(
            rect, title: TerminalText.singleLine("Conversation #\(conversation.id) \(handle)"),
            focused: state.focus == .conversation, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 2 else { return }
        let lines = threadLines(thread, state, width: inner.width - 1)
        let end = max(0, lines.count - state.threadScroll)
        let start = max(0, end - inner.height)
        for (offset, line) in lines[start..<end].enumerated() {
            frame.write(
                line.text, x: inner.x + 1 + line.indent, y: inner.y + offset, limit: inner.width - 1 - line.indent,
                role: line.role)
        }
        if start > 0 {
            frame.write(glyphs.ellipsis, x: inner.maxX - DisplayWidth.of(glyphs.ellipsis), y: inner.y, role: .dim)
        }
    }

    func drawArticle(_ article: Article, _ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        drawBox(rect, title: TerminalText.singleLine("Knowledge base · " + article.title), focused: true, &frame)
        let inner = rect.inner
        var lines: [Line] = []
        for textLine in TerminalText.lines(article.body) {
            let role: Role = textLine.hasPrefix("#") ? .title : .normal
            for part in DisplayWidth.wrap(textLine, width: max(1, inner.width - 2)) {
                lines.append(Line(text: part, role: role))
            }
        }
        lines.append(Line(text: "", role: .normal))
        lines.append(Line(text: "esc closes · tags: " + article.tags.joined(separator: ", "), role: .dim))
        for (offset, line) in lines.prefix(inner.height).enumerated() {
            frame.write(line.text, x: inner.x + 1, y: inner.y + offset, limit: inner.width - 2, role: line.role)
        }
    }

    func sideTitle(_ pane: Pane, layout: Layout, state: ConsoleState) -> String {
        guard layout.kind == .medium else {
            return pane == .suggestions ? "Suggested replies" : "Knowledge base"
        }
        return pane == .suggestions
            ? "Suggested replies │ knowledge base (s)" : "Knowledge base │ suggested replies (s)"
    }

    func drawSuggestions(_ state: ConsoleState, _ rect: Rect, layout: Layout, _ frame: inout Frame) {
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
        if state.suggestions.isEmpty {
            frame.write(
                DisplayWidth.clip("no suggestion matches; r writes a reply", to: inner.width - 1), x: inner.x + 1,
                y: inner.y, role: .dim)
            return
        }
        var y = inner.y
        for (index, suggestion) in state.suggestions.enumerated() {
            guard y + 1 < inner.maxY || (y < inner.maxY && index == state.suggestions.count - 1) else { break }
            // The last suggestion may have one row left: its text shows, its reason would fall on the border.
            let rows = min(2, inner.maxY - y)
            let selected = state.focus == .suggestions && index == state.suggestionSelection
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

    func drawKnowledge(_ state: ConsoleState, _ rect: Rect, layout: Layout, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        drawBox(
            rect, title: sideTitle(.knowledge, layout: layout, state: state), focused: state.focus == .knowledge, &frame
        )
        let inner = rect.inner
        guard inner.height > 0 else { return }
        if state.articles.isEmpty {
            let hint =
                state.thread == nil ? "open a conversation to see articles" : "no article matches this conversation"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        var y = inner.y
        for (index, hit) in state.articles.enumerated() {
            guard y + 1 < inner.maxY else { break }
            let selected = state.focus == .knowledge && index == state.articleSelection
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

    func drawCompose(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0, rect.height >= 3 else { return }
        let composing =
            state.mode == .compose
            || { if case .prompt(.askField, _) = state.mode { return true } else { return false } }()
        var title = state.draftMeta.isNote ? "Note" : (state.draftMeta.isPrivate ? "Reply · private" : "Reply")
        if !composing { title = state.isReview ? "Keys" : "Compose" }
        drawBox(rect, title: title, focused: composing, &frame)
        let inner = rect.inner
        guard inner.width > 2 else { return }
        if state.isReview {
            let hint =
                state.thread == nil
                ? "enter replay · / filter · D dashboard · ? help · q quit"
                : "a review note · 1–5 score · n next · D dashboard · / filter · ? help"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        if !composing && state.draft.text.isEmpty {
            let hint =
                state.thread == nil
                ? "enter open · n next · / filter · v view · ? help · q quit"
                : "r reply · P private · a note · 1–9 take suggestion · x resolve · n next · ? help"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        let width = inner.width - 2
        // Wrap the draft and find the cursor in it.
        var rows: [String] = []
        var cursorRow = 0
        var cursorColumn = 0
        var consumed = 0
        let safe = state.draft.text.map { character -> Character in
            character == "\n" ? "\n" : (TerminalText.singleLine(String(character)).first ?? " ")
        }
        for logical in String(safe).split(separator: "\n", omittingEmptySubsequences: false) {
            let pieces = DisplayWidth.wrap(String(logical), width: width)
            for (index, piece) in pieces.enumerated() {
                let length = piece.count
                let isLast = index == pieces.count - 1
                if state.draft.cursor >= consumed && state.draft.cursor <= consumed + length {
                    cursorRow = rows.count
                    cursorColumn = DisplayWidth.of(String(piece.prefix(state.draft.cursor - consumed)))
                }
                rows.append(piece)
                consumed += length + (isLast ? 0 : (logical.dropFirst(consumed).first == " " ? 1 : 0))
            }
            consumed += 1
        }
        let top = max(0, cursorRow - inner.height + 1)
        for (offset, row) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            frame.write(row, x: inner.x + 1, y: inner.y + offset, limit: width, role: .input)
        }
        if state.mode == .compose {
            frame.cursor = (inner.x + 1 + min(cursorColumn, width), inner.y + cursorRow - top)
            let help = " enter send · ctrl-j newline · ctrl-o editor · ctrl-p private · esc keep "
            if DisplayWidth.of(help) + 4 < rect.width {
                frame.write(help, x: rect.maxX - 2 - DisplayWidth.of(help), y: rect.maxY - 1, role: .dim)
            }
        }
    }

    func drawStatus(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        frame.fill(rect, role: .statusBar)
        let prompt: (String, LineInput)?
        switch state.mode {
        case .prompt(let kind, let input):
            switch kind {
            case .tag: prompt = ("tags: ", input)
            case .priority: prompt = ("priority (low, normal, high, urgent): ", input)
            case .snooze: prompt = ("snooze until (2h, 1d, 2026-11-23 09:00): ", input)
            case .noReply: prompt = ("no reply needed because: ", input)
            case .askField(let placeholder): prompt = ("fill in \(ConsoleUpdate.fieldLabel(placeholder)): ", input)
            case .reviewNote: prompt = ("review note: ", input)
            }
        case .commandLine(let input): prompt = (":", input)
        case .search(let input): prompt = ("/", input)
        default: prompt = nil
        }
        if let (label, input) = prompt {
            let used = frame.write(label, x: 0, y: rect.y, role: .statusAccent)
            let text = TerminalText.singleLine(input.text)
            let space = rect.width - used - 1
            let before = DisplayWidth.of(String(text.prefix(input.cursor)))
            let shift = max(0, before - space + 1)
            var shown = ""
            var skipped = 0
            for character in text {
                if skipped < shift {
                    skipped += DisplayWidth.of(character)
                    continue
                }
                shown.append(character)
            }
            frame.write(shown, x: used, y: rect.y, limit: space, role: .statusBar)
            frame.cursor = (min(rect.width - 1, used + before - shift), rect.y)
            return
        }
        var parts: [[(String, Role)]] = [
            [(" " + TerminalText.singleLine(state.agent) + " ", .statusAccent)],
            [(" " + state.view.rawValue + " ", .statusBar)],
            [
                (" \(state.counts.needsReply) need reply · ", .statusBar),
                ("\(state.counts.breaching) breaching", state.counts.breaching > 0 ? .slaBreached : .statusBar),
                (" · \(state.counts.mine) mine ", .statusBar),
            ],
        ]
        if state.isReview {
            let filter = state.reviewFilter.isEmpty ? "all handled" : state.reviewFilter.description
            parts = [
                [(" " + TerminalText.singleLine(state.agent) + " · review ", .statusAccent)],
                [(" " + TerminalText.singleLine(filter) + " ", .statusBar)],
                [(" \(state.rows.count) handled ", .statusBar)],
            ]
        }
        if state.showingDashboard { parts[1] = [(" dashboard ", .statusBar)] }
        let now = LocalTime(state.now, in: state.timeZone)
        parts.append([(" " + Self.twoDigits(now.hour) + ":" + Self.twoDigits(now.minute) + " ", .statusBar)])
        if state.storeError == nil {
            parts.append([(" store ok ", .statusBar)])
        } else {
            // What matters most while the store is away goes first, so a narrow terminal still shows it.
            parts.insert([(" store unreachable · retrying ", .error)], at: 1)
        }
        var x = 0
        for segment in parts {
            for (text, role) in segment where x < rect.width {
                x += frame.write(text, x: x, y: rect.y, limit: rect.width - x, role: role)
            }
            if x < rect.width { x += frame.write(glyphs.separator, x: x, y: rect.y, role: .statusBar) }
        }
        if let flash = state.flash, x + 4 < rect.width {
            let text = " " + TerminalText.singleLine(flash.text) + " "
            let clipped = DisplayWidth.clip(text, to: rect.width - x - 1)
            frame.write(
                clipped, x: rect.width - DisplayWidth.of(clipped), y: rect.y, role: flash.isError ? .error : .info)
        }
    }

    func drawHelp(_ state: ConsoleState, _ frame: inout Frame) {
        var lines: [(String, String)] = [("1–9", "take suggested reply 1–9 into the draft")]
        for command in ConsoleCommand.allCases {
            let keys = state.keymap.keys(for: command).map(\.name)
            lines.append((keys.isEmpty ? ":" + command.rawValue : keys.joined(separator: " "), command.summary))
        }
        lines.append((":", "any command by name: :reply TEXT, :tag refund, :view mine, :open 42"))
        // One column when it fits, else two side by side; what still does not fit is cut with a note.
        let available = max(1, state.height - 4)
        let columns = lines.count > available && state.width >= 90 ? 2 : 1
        let perColumn = (lines.count + columns - 1) / columns
        let width = min(state.width - 2, columns == 2 ? 150 : 90)
        let height = min(state.height - 2, perColumn + 2)
        let rect = Rect(x: (state.width - width) / 2, y: (state.height - height) / 2, width: width, height: height)
        frame.fill(rect, role: .normal)
        let shown = (height - 2) * columns
        let title =
            shown < lines.count
            ? "Keys (\(shown) of \(lines.count); enlarge for all) · any key closes" : "Keys · any key closes"
        drawBox(rect, title: title, focused: true, &frame)
        let columnWidth = (width - 2) / columns
        let keyWidth = min(14, columnWidth / 3)
        for (index, line) in lines.prefix(shown).enumerated() {
            let column = index / (height - 2)
            let x = rect.x + 2 + column * columnWidth
            let y = rect.y + 1 + index % (height - 2)
            frame.write(DisplayWidth.clip(line.0, to: keyWidth), x: x, y: y, role: .key)
            frame.write(
                DisplayWidth.clip(line.1, to: columnWidth - keyWidth - 3), x: x + keyWidth + 1, y: y, role: .normal)
        }
    }

}
