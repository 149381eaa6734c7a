import ConversationStore
import Foundation
import Presentation
import TextAnalysis

/// The list pane: the queue, or the handled conversations in the review.
extension ConsoleRenderer {
    func drawQueue(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        var title: String
        let header: String
        var filtered = false
        // The first column: the SLA clock in the queue, the first response time in the review.
        let firstColumn: (Conversation) -> (String, Role)
        switch state.kind {
        case .agent(let desk):
            title = "Queue · \(desk.view.rawValue)"
            filtered = !desk.filter.isEmpty
            if let listed = state.rising.first(where: { $0.term == state.risingListed }),
                desk.filter == QueueFilter(ids: listed.conversations)
            {
                // A rising term's conversations: named by the term, not by their sixty numbers (the view is in the
                // status bar).
                title = "Queue · rising “" + TerminalText.singleLine(listed.written) + "”"
            } else if filtered {
                title += " · /" + TerminalText.singleLine(desk.filter.description)
            }
            // Short, before the count: the title is cut at the pane's width.
            if !desk.marked.isEmpty { title += " \(glyphs.marked)\(desk.marked.count)" }
            header = "  DUE CH  P CUSTOMER"
            firstColumn = { Self.dueText($0, now: state.now, policy: state.policy) }

        case .review(let desk):
            title = "Handled"
            header = "  FRT CH  P CUSTOMER"
            firstColumn = { Self.firstResponseText($0, policy: state.policy, now: state.now) }
        }
        title += " (\(state.rows.count)\(state.nextCursor == nil ? "" : "+"))"
        drawBox(rect, title: title, focused: state.focus == .queue, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 0 else { return }
        frame.write(DisplayWidth.clip(header, to: inner.width), x: inner.x, y: inner.y, role: .dim)
        // While the team is closed the SLA clocks stand still: said on the header's right.
        if state.agentDesk != nil, let paused = state.policy.clock(due: state.now, now: state.now).pausedUntil {
            let when = ConsoleUpdate.whenText(paused, now: state.now, in: state.timeZone)
            let room = inner.width - DisplayWidth.of(header) - 1
            let text = ["SLA paused until " + when, "paused until " + when, "paused"].first {
                DisplayWidth.of($0) <= room
            }
            if let text {
                frame.write(text, x: inner.maxX - DisplayWidth.of(text), y: inner.y, role: .slaWarning)
            }
        }
        if state.rows.isEmpty {
            let message = state.queueLoaded ? "nothing here" + (filtered ? " for this filter" : "") : "loading…"
            frame.write(message, x: inner.x + 1, y: inner.y + 2, limit: inner.width - 1, role: .dim)
            return
        }
        let visible = inner.height - 1
        for offset in 0..<visible {
            let index = state.queueTop + offset
            guard index < state.rows.count else { break }
            drawQueueRow(
                state.rows[index], selected: state.rows[index].id == state.selected, state,
                firstColumn: firstColumn(state.rows[index]), x: inner.x, y: inner.y + 1 + offset, width: inner.width,
                &frame)
        }
    }

    func drawQueueRow(
        _ row: Conversation, selected: Bool, _ state: ConsoleState, firstColumn: (String, Role), x: Int, y: Int,
        width: Int, _ frame: inout Frame
    ) {
        let base: Role = selected ? .selection : .normal
        frame.fill(Rect(x: x, y: y, width: width, height: 1), role: base)
        var column = x
        let (due, dueRole) = firstColumn
        let dueCell = String(repeating: " ", count: max(0, 5 - DisplayWidth.of(due))) + due
        column += frame.write(dueCell, x: column, y: y, limit: 5, role: selected ? .selection : dueRole)
        if state.agentDesk?.marked.contains(row.id) == true {
            column += frame.write(glyphs.marked, x: column, y: y, limit: 1, role: selected ? base : .match)
        } else {
            column += frame.write(" ", x: column, y: y, limit: 1, role: base)
        }
        column += frame.write(row.channel.code + " ", x: column, y: y, limit: 3, role: base)
        let priorityMark: String
        switch row.priority {
        case .urgent: priorityMark = "!!"
        case .high: priorityMark = "! "
        default: priorityMark = "  "
        }
        // Blank markers take the row's own role: fewer attribute changes for the terminal when the selection moves.
        column += frame.write(
            priorityMark, x: column, y: y, limit: 2, role: selected || priorityMark == "  " ? base : .priority)
        // Probably needs no reply (a plain thanks, praise, spam): dimmed, for `y` to confirm or a reply to prove wrong.
        let probablyNone = row.probablyNeedsNoReply
        let mark =
            PersonalDataRules.needsMovingPrivate(row)
            ? glyphs.personal
            : row.isHighRisk(now: state.now)
                ? glyphs.marker
                : Mood.isUnhappy(row.sentiment) ? glyphs.unhappy : probablyNone ? glyphs.probablyNoReply : " "
        let markRole: Role = selected || mark == " " ? base : mark == glyphs.probablyNoReply ? .dim : .risk
        column += frame.write(mark, x: column, y: y, limit: 1, role: markRole)
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
                " " + DisplayWidth.clip(TerminalText.singleLine(PersonalData.mask(row.snippet)), to: snippetSpace),
                x: column, y: y,
                role: probablyNone && !selected ? .dim : base)
        }
        if suffixWidth > 0 {
            frame.write(
                DisplayWidth.clip(suffix, to: suffixWidth), x: x + width - suffixWidth, y: y,
                role: selected ? .selection : .dim)
        }
    }

    /// The review's first column: the first response time, marked when it missed the SLA target.
    static func firstResponseText(_ row: Conversation, policy: SLAPolicy, now: Date) -> (String, Role) {
        let breached = ReviewFilter.breached(row, policy: policy, now: now)
        guard let first = row.firstResponseAt, let inbound = row.firstInboundAt else {
            return (row.noReplyReason != nil ? "none" : "-", breached ? .slaBreached : .dim)
        }
        let seconds = Double(policy.countedMilliseconds(from: inbound.milliseconds, to: first.milliseconds)) / 1000
        return (shortDuration(seconds), breached ? .slaBreached : .slaOK)
    }

    /// The SLA clock of a queue row: time left (`12m`), or how late (`-3m`), coloured by urgency; the status for
    /// conversations not waiting on an agent.
    public static func dueText(_ row: Conversation, now: Date, policy: SLAPolicy = SLAPolicy()) -> (String, Role) {
        guard let due = row.slaDueAt else {
            switch row.status {
            case .pending: return ("wait", .dim)
            case .snoozed: return ("zz", .dim)
            case .resolved: return ("done", .dim)
            default: return ("·", .dim)
            }
        }
        let left = policy.clock(due: due, now: now).left
        let text = Self.shortDuration(abs(left))
        if left < 0 { return ("-" + text, .slaBreached) }
        if left <= 10 * 60 { return (text, .slaWarning) }
        return (text, .slaOK)
    }
}
