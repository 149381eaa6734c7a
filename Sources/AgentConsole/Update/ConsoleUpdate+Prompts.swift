import ConversationStore
import Foundation
import TextAnalysis

extension AgentAction {
    /// Claims, replies and resolutions: the actions refused when another agent's answer overtook what the agent read.
    var isAskedAboutWhenOvertaken: Bool {
        switch self {
        case .claim, .reply, .setStatus(.resolved): true
        default: false
        }
    }

    var isClaim: Bool {
        if case .claim = self { return true }
        return false
    }
}

/// Questions in the bottom line: tags, priority, snooze, the reason no reply is needed, a template's field, a review
/// note; and the one-line editing every such input shares.
extension ConsoleUpdate {
    /// A key in a one-line input (a prompt, the command line, the filter): esc leaves it, enter submits it, other
    /// keys edit it.
    static func lineKey(
        _ key: Key, _ input: LineInput, _ state: inout ConsoleState, rebuild: (LineInput) -> Mode,
        cancelled: Mode = .normal, submitted: (String, inout ConsoleState) -> [ConsoleEffect]
    ) -> [ConsoleEffect] {
        switch key {
        case .escape:
            state.mode = cancelled
            return []
        case .enter:
            state.mode = .normal
            return submitted(input.text, &state)
        default:
            var edited = input
            _ = edited.apply(key, multiline: false)
            state.mode = rebuild(edited)
            return []
        }
    }

    static func isAskField(_ kind: PromptKind) -> Bool {
        if case .askField = kind { return true }
        return false
    }

    /// Asks a question about the open (or selected) conversation.
    static func ask(_ kind: PromptKind, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard target(state) != nil else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        state.mode = .prompt(kind, LineInput())
        return []
    }

    /// An agent action on the open (or selected) conversation.
    static func perform(_ action: AgentAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if let marked = bulkTargets(for: action, state) { return sendToMarked(action, marked, &state) }
        guard let id = target(state) else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        let seen = state.agentDesk?.openedRevision[id] ?? state.rows.first { $0.id == id }?.revision
        return [.perform(action, id, seen: action.isAskedAboutWhenOvertaken ? seen : nil)]
    }

    /// Another agent answered or resolved the conversation after the agent read it: ask whether to act anyway.
    /// A claim made by opening the conversation opens it read only instead, as a claim another agent holds does.
    static func actionOvertaken(
        _ action: AgentAction, _ id: ConversationID, _ error: StoreError, _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        // One of a bulk action's rows: said, not asked about one by one.
        if state.agentDesk?.bulkAwaiting.remove(id) != nil { return actionFailed(action, error, &state) }
        guard let revision = error.revision, !(state.agentDesk?.opening == id && action.isClaim) else {
            return actionFailed(action, error, &state)
        }
        let who = error.holder ?? "another agent"
        let verb =
            error.message.contains(" resolved conversation ")
            ? "resolved it" : error.message.contains(" needing no reply") ? "marked it as needing no reply" : "answered"
        let when = error.changedAt.map { " at " + clockTime($0, in: state.timeZone) } ?? ""
        let doing: String
        switch action {
        case .reply: doing = "send anyway"
        case .claim: doing = "claim anyway"
        default: doing = "\(action.name) anyway"
        }
        state.mode = .prompt(
            .actAnyway(action, id, revision: revision, question: "\(who) \(verb)\(when) — \(doing)? (y/n)"),
            LineInput())
        return []
    }

    /// The answer to ``actionOvertaken``: `y` acts with the revision the store named, which the journal entry keeps
    /// (the agent chose to act anyway); `n` or esc leaves it, and a draft stays as it was.
    static func actAnywayKey(
        _ key: Key, _ action: AgentAction, _ id: ConversationID, revision: Int64, _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        switch key {
        case .character("y"), .character("Y"):
            state.mode = .normal
            state.agentDesk?.openedRevision[id] = revision
            return [.perform(action, id, seen: revision)]
        case .character("n"), .character("N"), .escape:
            state.mode = .normal
            if case .reply = action {
                flash("not sent; the draft is kept", error: false, &state)
            } else {
                flash("left as it is", error: false, &state)
            }
            return []
        default:
            return []
        }
    }

    /// A public reply the store refused for the personal data it holds: the agent is asked whether to send it anyway
    /// (journaled as allowed), and reminded that a private reply needs no allowing.
    static func personalDataRefused(
        _ action: AgentAction, _ id: ConversationID, _ error: StoreError, _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        guard case .reply(let text, _) = action else { return actionFailed(action, error, &state) }
        // A reply typed on the command line (`:reply …`) had no draft: it becomes one, so "no" keeps it.
        if state.opened == id, state.agentDesk?.draft.text.isEmpty == true {
            state.agentDesk?.draft = LineInput(text)
        }
        let kinds = PersonalData.kinds(in: text).sorted()
        let names = kinds.map(PersonalDataRules.name).joined(separator: ", ")
        state.mode = .prompt(
            .sendPersonalData(
                action, id, kinds: kinds,
                question: "the reply holds personal data (\(names)) and would be public — send anyway? (y/n)"),
            LineInput())
        return []
    }

    /// The answer to ``personalDataRefused``: `y` sends the reply allowing what it holds; `n` or esc keeps the draft
    /// (to send privately with P, or to edit).
    static func sendPersonalDataKey(
        _ key: Key, _ action: AgentAction, _ id: ConversationID, kinds: [PersonalDataKind],
        _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        switch key {
        case .character("y"), .character("Y"):
            state.mode = .normal
            return [.perform(action, id, seen: state.agentDesk?.openedRevision[id], allowing: Set(kinds))]
        case .character("n"), .character("N"), .escape:
            state.mode = .normal
            flash("not sent; the draft is kept (P, then enter, sends it privately)", error: false, &state)
            return []
        default:
            return []
        }
    }

    /// `14:02` in the console's time zone.
    /// `14:02` today, else `Tue 09:00` within a week, else `2026-12-24 09:00`, in the console's time zone.
    static func whenText(_ date: Date, now: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let clock = clockTime(date, in: zone)
        if calendar.isDate(date, inSameDayAs: now) { return clock }
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: date).day ?? 99
        if (1..<7).contains(days) {
            let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            return names[(calendar.component(.weekday, from: date) + 6) % 7] + " " + clock
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0) + clock
    }

    static func clockTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let hour = parts.hour ?? 0
        let minute = parts.minute ?? 0
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    static func promptAnswered(_ kind: PromptKind, _ answer: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let text = answer.trimmingCharacters(in: .whitespaces)
        state.mode = .normal
        guard let id = target(state) else { return [] }
        // A change of state goes to every marked row when rows are marked.
        func act(_ action: AgentAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
            if let marked = bulkTargets(for: action, state) { return sendToMarked(action, marked, &state) }
            return [.perform(action, id)]
        }
        switch kind {
        case .tag:
            // "promo, vip" as the tags are shown, or "promo vip".
            let tags = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            return tags.isEmpty ? [] : act(.tag(tags), &state)
        case .priority:
            guard let priority = Priority(typed: text) else {
                flash("priority is low, normal, high or urgent (l, n, h or u will do)", error: true, &state)
                return []
            }
            return act(.setPriority(priority), &state)
        case .snooze:
            guard let until = TimeExpression.parse(text, now: state.now, timeZone: state.timeZone, direction: .ahead)
            else {
                flash(
                    "'\(text)' is not a time; try 2h, tomorrow 9am, mon 14:00 or 2026-11-23 09:00", error: true, &state)
                return []
            }
            return act(.snooze(until: until), &state)
        case .noReply:
            guard !text.isEmpty else {
                flash("say why no reply is needed", error: true, &state)
                return []
            }
            return act(.markNoReplyNeeded(reason: text), &state)
        case .askField(let placeholder):
            fieldFilled(placeholder, with: text, &state)
            return []
        case .actAnyway, .sendPersonalData:
            // Answered key by key (`actAnywayKey`, `sendPersonalDataKey`), never as a line.
            return []
        case .reviewNote:
            guard !text.isEmpty else {
                flash("the review note is empty", error: true, &state)
                return []
            }
            return [.record(.reviewNote(text: text), id)]
        }
    }

    /// Puts the answer in place of a template's `{{?ask:…}}` field, then asks for the next one.
    static func fieldFilled(_ placeholder: String, with text: String, _ state: inout ConsoleState) {
        state.mode = .compose
        guard !text.isEmpty else {
            flash("fill in \(fieldLabel(placeholder)) before sending", error: true, &state)
            return
        }
        guard var desk = state.agentDesk else { return }
        if let range = desk.draft.text.range(of: placeholder) {
            desk.draft.text.replaceSubrange(range, with: text)
            desk.draft.cursor = desk.draft.text.count
        }
        // Filling a field is what the suggestion asks for, not an edit of it: the journal's edit measure compares
        // the reply with the suggestion as filled.
        if let taken = desk.draftMeta.suggestionText, let range = taken.range(of: placeholder) {
            desk.draftMeta.suggestionText = taken.replacingCharacters(in: range, with: text)
        }
        state.agentDesk = desk
        if let next = TemplateFields.firstUnfilled(in: desk.draft.text) {
            state.mode = .prompt(.askField(placeholder: next), LineInput())
        }
    }

    /// `Nomor order` from `{{?ask:Nomor order}}`.
    public static func fieldLabel(_ placeholder: String) -> String {
        String(placeholder.dropFirst("{{?ask:".count).dropLast(2))
    }
}
