import ConversationStore
import Foundation
import Presentation

/// The review's panes: the figures of the replayed conversation, its journal, and the timeline in the thread.
extension ConsoleRenderer {
    /// What a journal event says in the timeline, in words.
    static func describe(_ event: StoreEvent, timeZone: TimeZone) -> String {
        let entry = event.entry
        let payload = entry.payload
        func text(_ key: String) -> String { payload[key]?.stringValue ?? "" }
        var words: String
        switch entry.journalAction {
        case .agent(let action)?:
            switch action {
            case .claim: words = "claimed it"
            case .release: words = "gave the claim back"
            case .reply(_, let isPrivate): words = isPrivate ? "replied privately (moved to a DM)" : "replied"
            case .note: words = "added a note"
            case .tag(let tags): words = "tagged #" + tags.joined(separator: " #")
            case .untag(let tags): words = "removed #" + tags.joined(separator: " #")
            case .setStatus(let status): words = "set it \(status.rawValue)"
            case .setPriority(let priority): words = "set priority \(priority.rawValue)"
            case .snooze(let until): words = "snoozed it until " + Timestamp.format(until)
            case .markNoReplyNeeded(let reason): words = "marked it as needing no reply: \(reason)"
            case .clearNoReply: words = "took the no-reply mark back: it needs a reply"
            }
        case .suggestionsShown(let references)?:
            words =
                "was shown \(references.count) suggestion\(references.count == 1 ? "" : "s"): "
                + references.prefix(3).joined(separator: ", ") + (references.count > 3 ? ", …" : "")
        case .suggestionTaken(let source, let reference)?: words = "took suggestion \(source):\(reference)"
        case .suggestionEdited(_, let changed, let share)?:
            words =
                changed == 0
                ? "sent the suggestion unedited"
                : "edited the suggestion: \(changed) word\(changed == 1 ? "" : "s") changed (\(Int((share * 100).rounded()))%)"
        case .articleInserted(let id)?: words = "inserted article \(id)"
        case .personalDataAllowed(let kinds)?:
            words = "sent personal data in public, allowing it (" + kinds.joined(separator: ", ") + ")"
        case .personalDataRevealed?: words = "showed the personal data unmasked"
        case .redacted(let before, let messages, let findings)?:
            words =
                "masked \(findings) pieces of personal data in \(messages) messages from before \(Timestamp.format(before))"
        case .reviewNote(let note)?: words = "reviewed: \(note)"
        case .reviewScore(let score)?: words = "scored \(score) of 5"
        case .withdraw(let id, let reason)?:
            words = "withdrew entry \(id.prefix(8)) (not stored: \(reason))"
        case .setPolicy?: words = "set the service policy"
        case .mapLogin(let login, let agents)?:
            words =
                agents.isEmpty
                ? "let login \(login) act as itself" : "let login \(login) act as " + agents.joined(separator: ", ")
        case .setRole?, nil: words = entry.action + " " + text("text")
        }
        if event.outcome == .refused { words += " — refused: " + (event.error ?? "by the store") }
        return TerminalText.singleLine(entry.agent + " " + words)
    }

    func eventLines(_ event: StoreEvent, width: Int, _ state: ConsoleState) -> [Line] {
        let header = glyphs.event + " " + time(event.entry.time, state) + " "
        let body = Self.describe(event, timeZone: state.timeZone)
        let role: Role =
            event.outcome == .refused ? .error : event.entry.action.hasPrefix("review") ? .statusAccent : .info
        let indent = DisplayWidth.of(header)
        guard width > indent + 8 else {
            return DisplayWidth.wrap(header + body, width: max(1, width)).map { Line(text: $0, role: role) }
        }
        // Wrapped lines start under the text, so each event reads as one block beside its time.
        return DisplayWidth.wrap(body, width: width - indent).enumerated().map { index, part in
            index == 0 ? Line(text: header + part, role: role) : Line(text: part, role: role, indent: indent)
        }
    }

    /// The durations that matter for a handled conversation, from its timestamps and the journal's events.
    public struct ReviewFigures: Sendable {
        /// First claim − first inbound message.
        public var timeToClaim: Double?
        /// First response − first inbound message (the published formula).
        public var firstResponse: Double?
        /// First claim (else the first response, else the first journaled action) to resolution (else the last
        /// journaled action).
        public var handleTime: Double?
        /// The SLA target for the conversation's priority and channel, in seconds.
        public var slaTarget: Double
        /// The first response missed the SLA target.
        public var breached: Bool
        /// The review scores, 1–5: each reviewer's latest, so a reviewer corrects a score by giving another (in
        /// the order the reviewers last scored).
        public var scores: [Int] = []
        /// Review notes with their authors, oldest first.
        public var notes: [(author: String, text: String)] = []
        /// Agents who acted on the conversation, in order of first action.
        public var agents: [String] = []

        /// The figures of a conversation from its timestamps and its journal events.
        public init(_ conversation: Conversation, events: [StoreEvent], policy: SLAPolicy, now: Date) {
            func interval(_ end: Date?, _ start: Date?) -> Double? {
                guard let end, let start else { return nil }
                return end.timeIntervalSince(start)
            }
            let applied = events.filter { $0.outcome == .applied }
            let firstInbound = conversation.firstInboundAt
            let claim = applied.first { $0.entry.action == "claim" }?.entry.time
            timeToClaim = interval(claim, firstInbound)
            // On the policy's clock, as the report measures it: open time only when it has business hours.
            if let response = conversation.firstResponseAt, let firstInbound {
                firstResponse =
                    Double(policy.countedMilliseconds(from: firstInbound.milliseconds, to: response.milliseconds))
                    / 1000
            }
            let agentEvents = applied.filter { !$0.entry.action.hasPrefix("review") }
            handleTime = interval(
                conversation.resolvedAt ?? agentEvents.last?.entry.time,
                claim ?? conversation.firstResponseAt ?? agentEvents.first?.entry.time
            ).flatMap { $0 >= 0 ? $0 : nil }
            slaTarget = Double(policy.targetSeconds(priority: conversation.priority, channel: conversation.channel))
            breached = ReviewFilter.breached(conversation, policy: policy, now: now)
            var latestScores: [String: (time: Date, score: Int)] = [:]
            for event in applied {
                switch event.entry.journalAction {
                case .reviewScore(let score)?:
                    if latestScores[event.entry.agent].map({ $0.time <= event.entry.time }) ?? true {
                        latestScores[event.entry.agent] = (event.entry.time, score)
                    }
                case .reviewNote(let text)?: notes.append((event.entry.agent, text))
                default: break
                }
            }
            scores = latestScores.values.sorted { $0.time < $1.time }.map(\.score)
            for event in agentEvents where !agents.contains(event.entry.agent) { agents.append(event.entry.agent) }
        }
    }

    func drawReview(_ state: ConsoleState, _ desk: ReviewDesk, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        drawBox(rect, title: "Review", focused: state.focus == .suggestions, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 4 else { return }
        guard let thread = state.thread else {
            frame.write(
                DisplayWidth.clip("enter replays the selected conversation", to: inner.width - 1), x: inner.x + 1,
                y: inner.y, role: .dim)
            return
        }
        let figures = ReviewFigures(thread.conversation, events: desk.events, policy: state.policy, now: state.now)
        func duration(_ value: Double?) -> String { value.map(DurationText.compact) ?? "-" }
        func label(_ text: String) -> String { text.padding(toLength: 15, withPad: " ", startingAt: 0) }
        var lines: [(String, Role)] = [
            (
                label("first response") + duration(figures.firstResponse)
                    + (figures.firstResponse == nil ? "" : figures.breached ? "  late" : "  on time"),
                figures.breached ? .slaBreached : .normal
            ),
            (label("time to claim") + duration(figures.timeToClaim), .normal),
            (label("handle time") + duration(figures.handleTime), .normal),
        ]
        if !figures.scores.isEmpty {
            let mean = Double(figures.scores.reduce(0, +)) / Double(figures.scores.count)
            let count = figures.scores.count
            lines.append(
                (
                    label("score") + String(format: "%.1f/5, %d review%@", mean, count, count == 1 ? "" : "s"),
                    .statusAccent
                ))
        }
        for note in figures.notes.suffix(3) {
            lines.append(("“" + TerminalText.singleLine(note.text) + "” — " + note.author, .note))
        }
        lines.append((label("SLA target") + DurationText.compact(figures.slaTarget), .dim))
        lines.append((label("agents") + (figures.agents.isEmpty ? "-" : figures.agents.joined(separator: ", ")), .dim))
        for (offset, line) in lines.prefix(inner.height).enumerated() {
            frame.write(
                DisplayWidth.clip(TerminalText.singleLine(line.0), to: inner.width - 2), x: inner.x + 1,
                y: inner.y + offset, role: line.1)
        }
    }

    func drawReviewActions(_ state: ConsoleState, _ desk: ReviewDesk, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        drawBox(rect, title: "Journal", focused: state.focus == .knowledge, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 4 else { return }
        if desk.events.isEmpty {
            let hint = state.thread == nil ? "the agents' actions show here" : "no journaled actions"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        let lines = desk.events.suffix(inner.height).map { event in
            (time(event.entry.time, state) + " " + event.entry.agent + " " + event.entry.action, event.outcome)
        }
        for (offset, line) in lines.enumerated() {
            frame.write(
                DisplayWidth.clip(TerminalText.singleLine(line.0), to: inner.width - 2), x: inner.x + 1,
                y: inner.y + offset, role: line.1 == .refused ? .error : .normal)
        }
    }

    /// Where the agent console composes, the review lists its keys.
    func drawReviewKeys(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0, rect.height >= 3 else { return }
        drawBox(rect, title: "Keys", focused: false, &frame)
        let inner = rect.inner
        guard inner.width > 2 else { return }
        let hint =
            state.thread == nil
            ? "enter replay · / filter · D dashboard · ? help · q quit"
            : "a review note · 1–5 score · n next · D dashboard · / filter · ? help"
        frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
    }
}
