import ConversationStore
import Foundation
import Presentation
import TextAnalysis

/// The conversation pane: the thread with its headline facts, or an open knowledge-base article.
extension ConsoleRenderer {
    /// The thread's lines: its heading, its facts, then the messages with `events` (the review's journal) between
    /// them in time order.
    func threadLines(
        _ thread: ConversationThread, _ state: ConsoleState, events timeline: [StoreEvent], width: Int
    ) -> [Line] {
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
            // How long the claim has left: renewed by c, or by working in the conversation.
            let left = conversation.claimExpiresAt.map { DurationText.compact(max(0, $0.timeIntervalSince(state.now))) }
            let lease = left.map { " (\($0) left)" } ?? ""
            facts.append(assignee == state.agent ? "claimed by you\(lease)" : "claimed by \(assignee)\(lease)")
        }
        if let due = conversation.slaDueAt {
            // On the business clock when the policy has hours: it stops while the team is closed.
            let clock = state.policy.clock(due: due, now: state.now)
            let business = state.policy.hours == nil ? "" : " of business time"
            var text =
                clock.left >= 0
                ? "reply due in \(DurationText.compact(clock.left))\(business)"
                : "SLA breached \(DurationText.compact(-clock.left))\(business) ago"
            if let paused = clock.pausedUntil {
                text += " (paused until " + ConsoleUpdate.whenText(paused, now: state.now, in: state.timeZone) + ")"
            }
            facts.append(text)
        }
        if !conversation.tags.isEmpty { facts.append("#" + conversation.tags.joined(separator: " #")) }
        if let reason = conversation.noReplyReason { facts.append("no reply needed: \(reason)") }
        if conversation.probablyNeedsNoReply, state.agentDesk != nil {
            let key = state.keymap.keys(for: .confirmNoReply).first?.name
            facts.append(
                "probably no reply needed (\(conversation.intent?.rawValue ?? "nothing asked"))"
                    + (key.map { ": \($0) confirms" } ?? ""))
        } else if let intent = conversation.intent {
            facts.append("intent: \(intent.rawValue)")
        }
        for part in DisplayWidth.wrap(TerminalText.singleLine(facts.joined(separator: " · ")), width: width) {
            lines.append(Line(text: part, role: .dim))
        }
        if let sentiment = conversation.sentiment, sentiment != 0 {
            let mood = Mood(sentiment)
            let feeling = mood == .negative ? "unhappy" : mood == .positive ? "happy" : "mixed"
            lines.append(
                Line(
                    text: String(format: "customer sounds %@ (%+.1f)", feeling, sentiment),
                    role: mood == .negative ? .risk : .dim))
        }
        let revealed =
            state.revealed.contains(conversation.id) ? " · shown unmasked (\(revealKey(state)) masks it)" : ""
        if PersonalDataRules.needsMovingPrivate(conversation) {
            let kinds = conversation.personalData.map(PersonalDataRules.name).joined(separator: ", ")
            let key = state.reviewDesk == nil ? " (P)" : ""
            let warning = "\(glyphs.personal) \(PersonalDataRules.warning)\(key) · \(kinds)\(revealed)"
            for part in DisplayWidth.wrap(warning, width: width) { lines.append(Line(text: part, role: .risk)) }
        } else if !revealed.isEmpty {
            lines.append(Line(text: "personal data" + revealed, role: .dim))
        }
        if conversation.isHighRisk(now: state.now) && conversation.needsReply {
            let warning = "\(glyphs.marker) unhappy in public: move to a private message (P)"
            for part in DisplayWidth.wrap(warning, width: width) { lines.append(Line(text: part, role: .risk)) }
        }
        var markedNew = false
        var events = ArraySlice(timeline)
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
        let shown = state.revealed.contains(message.conversation) ? message.text : PersonalData.mask(message.text)
        for textLine in TerminalText.lines(shown) {
            for part in DisplayWidth.wrap(textLine, width: max(1, width - indent)) {
                lines.append(Line(text: part, role: message.direction == .note ? .note : .normal, indent: indent))
            }
        }
        return lines
    }

    func drawConversation(_ state: ConsoleState, events: [StoreEvent], _ rect: Rect, _ frame: inout Frame) {
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
        // The flag is in the title too: on a short pane the thread opens at its latest message, below the warning.
        let flag =
            PersonalDataRules.needsMovingPrivate(conversation)
            ? " \(glyphs.personal) personal data in public" : ""
        drawBox(
            rect, title: TerminalText.singleLine("Conversation #\(conversation.id) \(handle)\(flag)"),
            focused: state.focus == .conversation, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 2 else { return }
        let lines = threadLines(thread, state, events: events, width: inner.width - 1)
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
        // Who else has it open, on the pane's bottom edge: "budi is typing…" before "rina is reading".
        if let presence = state.agentDesk?.presence, !presence.isEmpty, rect.width > 12 {
            let text =
                " "
                + presence.map { TerminalText.singleLine($0.agent) + ($0.typing ? " is typing…" : " is reading") }
                .joined(separator: " · ") + " "
            frame.write(
                DisplayWidth.clip(text, to: rect.width - 4), x: rect.x + 2, y: rect.maxY - 1,
                role: presence.contains(where: \.typing) ? .risk : .info)
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

    /// The key that reveals and masks personal data, as the keymap has it.
    func revealKey(_ state: ConsoleState) -> String {
        state.keymap.keys(for: .reveal).first?.name ?? ":reveal"
    }
}
