import ConversationStore
import Foundation
import Presentation

/// The review's timeline and panes, and the dashboard.
extension ConsoleRenderer {
    // MARK: - Review

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
        case .reviewNote(let note)?: words = "reviewed: \(note)"
        case .reviewScore(let score)?: words = "scored \(score) of 5"
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
        public var slaTarget: Double
        public var breached: Bool
        public var scores: [Int] = []
        /// Review notes with their authors, oldest first.
        public var notes: [(author: String, text: String)] = []
        /// Agents who acted on the conversation, in order of first action.
        public var agents: [String] = []

        public init(_ conversation: Conversation, events: [StoreEvent], policy: SLAPolicy, now: Date) {
            func interval(_ end: Date?, _ start: Date?) -> Double? {
                guard let end, let start else { return nil }
                return end.timeIntervalSince(start)
            }
            let applied = events.filter { $0.outcome == .applied }
            let firstInbound = conversation.firstInboundAt
            let claim = applied.first { $0.entry.action == "claim" }?.entry.time
            timeToClaim = interval(claim, firstInbound)
            firstResponse = interval(conversation.firstResponseAt, firstInbound)
            let agentEvents = applied.filter { !$0.entry.action.hasPrefix("review") }
            handleTime = interval(
                conversation.resolvedAt ?? agentEvents.last?.entry.time,
                claim ?? conversation.firstResponseAt ?? agentEvents.first?.entry.time
            ).flatMap { $0 >= 0 ? $0 : nil }
            slaTarget = Double(policy.targetSeconds(priority: conversation.priority, channel: conversation.channel))
            breached = ReviewFilter.breached(conversation, policy: policy, now: now)
            for event in applied {
                switch event.entry.journalAction {
                case .reviewScore(let score)?: scores.append(score)
                case .reviewNote(let text)?: notes.append((event.entry.agent, text))
                default: break
                }
            }
            for event in agentEvents where !agents.contains(event.entry.agent) { agents.append(event.entry.agent) }
        }
    }

    func drawReview(_ state: ConsoleState, _ rect: Rect, layout: Layout, _ frame: inout Frame) {
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
        let figures = ReviewFigures(thread.conversation, events: state.events, policy: state.slaPolicy, now: state.now)
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

    func drawReviewActions(_ state: ConsoleState, _ rect: Rect, layout: Layout, _ frame: inout Frame) {
        guard rect.width > 0 else { return }
        drawBox(rect, title: "Journal", focused: state.focus == .knowledge, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 4 else { return }
        if state.events.isEmpty {
            let hint = state.thread == nil ? "the agents' actions show here" : "no journaled actions"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        let lines = state.events.suffix(inner.height).map { event in
            (time(event.entry.time, state) + " " + event.entry.agent + " " + event.entry.action, event.outcome)
        }
        for (offset, line) in lines.enumerated() {
            frame.write(
                DisplayWidth.clip(TerminalText.singleLine(line.0), to: inner.width - 2), x: inner.x + 1,
                y: inner.y + offset, role: line.1 == .refused ? .error : .normal)
        }
    }

    // MARK: - Dashboard

    func sparkline(_ values: [Double?], maximum: Double? = nil) -> String {
        let top = maximum ?? values.compactMap { $0 }.max() ?? 0
        return values.map { value in
            guard let value else { return " " }
            guard top > 0 else { return glyphs.levels[0] }
            let index = Int((value / top * Double(glyphs.levels.count - 1)).rounded())
            return glyphs.levels[max(0, min(glyphs.levels.count - 1, index))]
        }.joined()
    }

    func bar(_ share: Double, width: Int) -> String {
        let filled = max(0, min(width, Int((share * Double(width)).rounded())))
        return String(repeating: glyphs.barFull, count: filled)
            + String(repeating: glyphs.barEmpty, count: width - filled)
    }

    /// `0     6     12    18    23`, one hour every `cellWidth` columns.
    static func hourAxis(cellWidth: Int) -> String {
        var axis = ""
        for hour in [0, 6, 12, 18, 23] {
            let column = hour * cellWidth
            if axis.count < column { axis += String(repeating: " ", count: column - axis.count) }
            axis += String(hour)
        }
        return axis
    }

    func drawDashboard(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        drawBox(rect, title: "Dashboard · any key closes", focused: true, &frame)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 10 else { return }
        guard let dashboard = state.dashboard else {
            frame.write("computing…", x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        let width = inner.width - 2
        var y = inner.y
        func line(_ text: String, _ role: Role = .normal, indent: Int = 0) {
            guard y < inner.maxY else { return }
            frame.write(DisplayWidth.clip(text, to: width - indent), x: inner.x + 1 + indent, y: y, role: role)
            y += 1
        }
        func percent(_ value: Double?) -> String { value.map { String(format: "%5.1f%%", $0 * 100) } ?? "    -" }
        func duration(_ value: Double?) -> String { value.map(DurationText.compact) ?? "-" }
        let today = dashboard.today.totals
        let barWidth = max(10, min(30, width - 50))
        line(
            "Today (since 00:00, \(state.timeZone.identifier)) · updated " + time(dashboard.generatedAt, state), .title)
        let rateRole: Role = (today.responseRate ?? 1) >= dashboard.responseRateTarget ? .info : .slaBreached
        line(
            "response rate   " + bar(today.responseRate ?? 0, width: barWidth) + " " + percent(today.responseRate)
                + "  target " + String(format: "%.0f%%", dashboard.responseRateTarget * 100)
                + "  (\(today.responded) of \(today.needsResponse))", rateRole)
        line(
            "first response  p50 \(duration(today.firstResponse.p50))  p90 \(duration(today.firstResponse.p90))  "
                + "mean \(duration(today.firstResponse.mean))")
        let target = DurationText.compact(Double(dashboard.today.slaTargetSeconds))
        line(
            "SLA (\(target))".padding(toLength: 16, withPad: " ", startingAt: 0)
                + bar(today.slaAttainment ?? 0, width: barWidth) + " " + percent(today.slaAttainment)
                + "  met \(today.slaMet) · breached \(today.slaBreached) · pending \(today.slaPending)",
            today.slaBreached > 0 ? .slaBreached : .normal)
        y += 1
        let week = dashboard.week
        line("Last 7 days by hour of day (00 … 23)", .title)
        let counts = dashboard.hourly { Double($0.needsResponse) }
        line("needing reply   " + sparkline(counts) + "  peak \(Int(counts.compactMap { $0 }.max() ?? 0))")
        line(
            "response rate   " + sparkline(dashboard.hourly(\.responseRate), maximum: 1) + "  "
                + percent(week.totals.responseRate))
        line(
            "SLA attainment  " + sparkline(dashboard.hourly(\.slaAttainment), maximum: 1) + "  "
                + percent(week.totals.slaAttainment))
        line(
            "FRT p50         " + sparkline(dashboard.hourly(\.firstResponse.p50)) + "  "
                + duration(week.totals.firstResponse.p50))
        line("                " + Self.hourAxis(cellWidth: 1), .dim)
        y += 1
        line("Backlog by age (unanswered, last 7 days)", .title)
        let most = max(1, week.backlog.map(\.count).max() ?? 1)
        for bucket in week.backlog {
            line(
                bucket.label.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + bar(Double(bucket.count) / Double(most), width: barWidth) + " \(bucket.count)",
                bucket.below == nil || (bucket.below ?? 0) > 1800 ? (bucket.count > 0 ? .slaBreached : .dim) : .normal)
        }
        y += 1
        line(
            "Needing reply by weekday × hour (last 7 days; darker is busier, peak \(week.heatmap.joined().max() ?? 0))",
            .title)
        let peak = max(1, week.heatmap.joined().max() ?? 1)
        let cellWidth = width >= 60 ? 2 : 1
        for (index, row) in week.heatmap.enumerated() {
            let cells = row.map { count -> String in
                let level =
                    count == 0 ? 0 : 1 + min(glyphs.shades.count - 2, (count * (glyphs.shades.count - 1) - 1) / peak)
                return String(repeating: glyphs.shades[level], count: cellWidth)
            }
            line(Report.weekdayNames[index] + "  " + cells.joined(), .normal)
        }
        line("     " + Self.hourAxis(cellWidth: cellWidth), .dim)
    }
}
