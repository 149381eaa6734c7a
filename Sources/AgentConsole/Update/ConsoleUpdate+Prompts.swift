import ConversationStore
import Foundation

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
        guard let id = target(state) else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        return [.perform(action, id)]
    }

    static func promptAnswered(_ kind: PromptKind, _ answer: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let text = answer.trimmingCharacters(in: .whitespaces)
        state.mode = .normal
        guard let id = target(state) else { return [] }
        switch kind {
        case .tag:
            let tags = text.split(separator: " ").map(String.init)
            return tags.isEmpty ? [] : [.perform(.tag(tags), id)]
        case .priority:
            guard let priority = Priority(rawValue: text.lowercased()) else {
                flash("priority is low, normal, high or urgent", error: true, &state)
                return []
            }
            return [.perform(.setPriority(priority), id)]
        case .snooze:
            guard let until = TimeExpression.parse(text, now: state.now, timeZone: state.timeZone, direction: .ahead)
            else {
                flash("'\(text)' is not a time; try 2h, 1d or 2026-11-23 09:00", error: true, &state)
                return []
            }
            return [.perform(.snooze(until: until), id)]
        case .noReply:
            guard !text.isEmpty else {
                flash("say why no reply is needed", error: true, &state)
                return []
            }
            return [.perform(.markNoReplyNeeded(reason: text), id)]
        case .askField(let placeholder):
            fieldFilled(placeholder, with: text, &state)
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
