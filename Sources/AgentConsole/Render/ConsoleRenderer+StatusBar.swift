import ConversationStore
import Foundation
import Presentation

/// The status bar: a prompt being answered, or who, where, the counts, the time, the store and a message.
extension ConsoleRenderer {
    func drawStatus(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        frame.fill(rect, role: .statusBar)
        // Each prompt's labels, longest first: the status bar shows the first that leaves room to answer.
        let prompt: (labels: [String], input: LineInput, typed: Bool)?
        switch state.mode {
        case .prompt(let kind, let input):
            switch kind {
            case .tag: prompt = (["tags: "], input, true)
            case .priority: prompt = (["priority (low, normal, high, urgent): ", "priority: "], input, true)
            case .snooze:
                prompt = (
                    [
                        "snooze until (2h, tomorrow 9am, mon 14:00, 2026-11-23 09:00): ",
                        "snooze until (2h, tomorrow 9am): ", "snooze until: ",
                    ], input, true
                )
            case .noReply: prompt = (["no reply needed because: ", "no reply because: "], input, true)
            case .askField(let placeholder):
                prompt = (["fill in \(ConsoleUpdate.fieldLabel(placeholder)): "], input, true)
            case .reviewNote: prompt = (["review note: "], input, true)
            case .actAnyway(_, _, _, let question):
                // "budi answered at 10:42 — send anyway? (y/n)": narrow, what is asked without who and when.
                let asked = question.range(of: " — ").map { String(question[$0.upperBound...]) }
                prompt = ([question + " "] + (asked.map { [$0 + " "] } ?? []), input, false)
            case .sendPersonalData(_, _, let kinds, let question):
                let names = kinds.map(PersonalDataRules.name).joined(separator: ", ")
                prompt = (
                    [
                        question + " ", "a public reply holding \(names) — send anyway? (y/n) ",
                        "\(names) in public — send? (y/n) ",
                    ], input, false
                )
            }
        case .commandLine(let input): prompt = ([":"], input, true)
        case .search(let input): prompt = (["/"], input, true)
        default: prompt = nil
        }
        if let (labels, input, typed) = prompt {
            let label = Self.promptLabel(labels, width: rect.width, typed: typed)
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
        var parts: [[(String, Role)]]
        switch state.kind {
        case .agent(let desk):
            parts = [
                [(" " + TerminalText.singleLine(state.agent) + " ", .statusAccent)],
                [(" " + desk.view.rawValue + " ", .statusBar)],
                [
                    (" \(state.counts.needsReply) need reply · ", .statusBar),
                    ("\(state.counts.breaching) breaching", state.counts.breaching > 0 ? .slaBreached : .statusBar),
                    (" · \(state.counts.mine) mine ", .statusBar),
                ],
            ]
        case .review(let desk):
            let filter = desk.filter.isEmpty ? "all handled" : desk.filter.description
            parts = [
                [(" " + TerminalText.singleLine(state.agent) + " · review ", .statusAccent)],
                [(" " + TerminalText.singleLine(filter) + " ", .statusBar)],
                [(" \(state.rows.count) handled ", .statusBar)],
            ]
        }
        if state.showingDashboard { parts[1] = [(" dashboard ", .statusBar)] }
        // A term rising past the spike threshold, for every agent, while it stays up.
        if let first = state.rising.first {
            let more = state.rising.count > 1 ? " +\(state.rising.count - 1)" : ""
            parts.insert(
                [
                    (
                        " rising: " + TerminalText.singleLine(first.written) + " (\(first.conversations.count))" + more
                            + " ", .slaWarning
                    )
                ], at: 2)
        }
        // The team is closed: SLA clocks stand still until it opens.
        if state.agentDesk != nil, let paused = state.policy.clock(due: state.now, now: state.now).pausedUntil {
            parts.append(
                [
                    (
                        " SLA paused until " + ConsoleUpdate.whenText(paused, now: state.now, in: state.timeZone) + " ",
                        .slaWarning
                    )
                ])
        }
        let now = LocalTime(state.now, in: state.timeZone)
        parts.append([(" " + Self.twoDigits(now.hour) + ":" + Self.twoDigits(now.minute) + " ", .statusBar)])
        if state.storeError == nil {
            parts.append([(" store ok ", .statusBar)])
        } else {
            // What matters most while the store is away goes first, so a narrow terminal still shows it.
            parts.insert([(" store unreachable · retrying ", .error)], at: 1)
        }
        // A message (what an action did, why it was refused) takes the place of the counts and the time while it
        // shows, so it is read whole at any width; who is working, where, and a store that cannot be reached stay.
        if state.flash != nil {
            parts = Array(parts.prefix(state.storeError == nil ? 2 : 3))
        }
        var x = 0
        for segment in parts {
            for (text, role) in segment where x < rect.width {
                x += frame.write(text, x: x, y: rect.y, limit: rect.width - x, role: role)
            }
            if x < rect.width { x += frame.write(glyphs.separator, x: x, y: rect.y, role: .statusBar) }
        }
        if let flash = state.flash, x < rect.width {
            // A message longer than the room beside who and where goes on rows of its own just above the status bar
            // (over the panes' bottom edge, at most three), so it is read whole at any width.
            let role: Role = flash.isError ? .error : .info
            let room = rect.width - x
            let text = TerminalText.singleLine(flash.text)
            if DisplayWidth.of(text) + 2 <= room {
                frame.write(" " + text + " ", x: x, y: rect.y, limit: room, role: role)
            } else {
                let rows = DisplayWidth.wrap(text, width: max(8, rect.width - 2))
                let shown = Array(rows.prefix(min(3, rect.y)))
                for (index, row) in shown.enumerated() {
                    let y = rect.y - shown.count + index
                    frame.fill(Rect(x: 0, y: y, width: rect.width, height: 1), role: role)
                    frame.write(" " + row, x: 0, y: y, limit: rect.width, role: role)
                }
            }
        }
    }

    /// A prompt's label as the status bar's `width` allows: the first of `labels` (longest first) that leaves room
    /// to type an answer (a third of the bar, at most 24 cells; a question answered with a key needs only the
    /// cursor's cell), else the last cut with `…`, keeping its end (`: `, or a question's `(y/n)`) while the bar is
    /// wider than that end; narrower still, the label's start. At the console's smallest size (40 columns) every
    /// prompt's shortest label fits, but for a long field name, which is cut.
    static func promptLabel(_ labels: [String], width: Int, typed: Bool) -> String {
        let room = typed ? min(24, max(1, width / 3)) : 1
        for label in labels where DisplayWidth.of(label) + room <= width { return label }
        let last = labels.last ?? ""
        let available = max(0, width - room)
        for end in [" (y/n) ", ": "] where last.hasSuffix(end) && available > end.count {
            return DisplayWidth.clip(String(last.dropLast(end.count)), to: available - end.count) + end
        }
        return DisplayWidth.clip(last, to: available)
    }
}
