import ConversationStore
import Foundation

/// The template browser (`T`) and the customer's history (`H`).
extension ConsoleUpdate {
    /// Opens the template browser for the open conversation; its templates load behind it.
    static func openTemplates(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.thread?.conversation.id, state.agentDesk != nil else {
            flash("open a conversation first (enter)", error: true, &state)
            return []
        }
        if refusedAsReadOnly(&state) { return [] }
        state.agentDesk?.templateBrowser = TemplateBrowser(conversation: id)
        state.mode = .templates
        return [.loadTemplates(id)]
    }

    static func templatesLoaded(_ id: ConversationID, _ choices: [TemplateChoice], _ state: inout ConsoleState) {
        guard state.agentDesk?.templateBrowser?.conversation == id else { return }
        state.agentDesk?.templateBrowser?.choices = choices
    }

    /// A key in the template browser: typing searches, the arrows (and ctrl-n, ctrl-p) move, enter inserts the
    /// highlighted template at the draft's cursor, esc closes.
    static func templateKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var browser = state.agentDesk?.templateBrowser else {
            state.mode = .normal
            return []
        }
        let count = browser.matching.count
        switch key {
        case .escape:
            closeTemplates(&state)
            return []
        case .enter:
            return insertTemplate(&state)
        case .down, .control("n"): browser.selection = clamp(browser.selection + 1, count: count)
        case .up, .control("p"): browser.selection = clamp(browser.selection - 1, count: count)
        case .pageDown: browser.selection = clamp(browser.selection + 10, count: count)
        case .pageUp: browser.selection = clamp(browser.selection - 10, count: count)
        default:
            if browser.query.apply(key, multiline: false) { browser.selection = 0 }
        }
        state.agentDesk?.templateBrowser = browser
        return []
    }

    /// Back to the draft when there is one, else to the normal keys.
    static func closeTemplates(_ state: inout ConsoleState) {
        state.agentDesk?.templateBrowser = nil
        state.mode = state.agentDesk?.draft.text.isEmpty == false ? .compose : .normal
    }

    /// Puts the highlighted template's text into the draft at the cursor (the draft's own words stay), journals it
    /// as taken, and asks for its `{{?ask:…}}` fields.
    static func insertTemplate(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk, let browser = desk.templateBrowser else { return [] }
        let matching = browser.matching
        guard browser.selection < matching.count else {
            flash(
                browser.choices == nil ? "the templates are still loading" : "no template matches", error: true, &state)
            return []
        }
        let choice = matching[browser.selection]
        guard browser.conversation == state.thread?.conversation.id else {
            closeTemplates(&state)
            return []
        }
        if desk.draft.text.isEmpty {
            desk.draft = LineInput(choice.text)
            desk.draftMeta = Draft(
                isNote: desk.draftMeta.isNote, isPrivate: desk.draftMeta.isPrivate,
                setsStatus: choice.template.setsStatus, addsTags: choice.template.addsTags,
                suggestion: choice.template.id, suggestionText: choice.text)
        } else {
            // Inserted where the cursor is, after a space when the cursor is not at a word's start.
            let before = desk.draft.text.prefix(desk.draft.cursor)
            let separator = before.isEmpty || before.hasSuffix("\n") || before.hasSuffix(" ") ? "" : " "
            desk.draft.insert(separator + choice.text)
            // What the template does when sent comes with it (a status the draft already sets stays).
            desk.draftMeta.setsStatus = desk.draftMeta.setsStatus ?? choice.template.setsStatus
            for tag in choice.template.addsTags where !desk.draftMeta.addsTags.contains(tag) {
                desk.draftMeta.addsTags.append(tag)
            }
        }
        desk.templateBrowser = nil
        state.agentDesk = desk
        state.mode = .compose
        var followUps: [String] = []
        if let status = desk.draftMeta.setsStatus { followUps.append("sets \(status.rawValue)") }
        if !desk.draftMeta.addsTags.isEmpty {
            followUps.append("adds " + desk.draftMeta.addsTags.joined(separator: ", "))
        }
        flash(
            "template “\(choice.template.name)” inserted"
                + (followUps.isEmpty ? "" : "; sending " + followUps.joined(separator: " and ")), &state)
        if let field = TemplateFields.firstUnfilled(in: desk.draft.text) {
            state.mode = .prompt(.askField(placeholder: field), LineInput())
        }
        return [.record(.suggestionTaken(source: "template", reference: choice.template.id), browser.conversation)]
    }

    /// Shows the customer's history beside the thread (or the highlighted row's), and hides it when shown.
    static func openHistory(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.agentDesk != nil else { return [] }
        if state.agentDesk?.historyFor != nil {
            closeHistory(&state)
            return []
        }
        guard let id = state.thread?.conversation.id ?? target(state) else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        state.agentDesk?.historyFor = id
        return [.loadHistory(id)]
    }

    static func closeHistory(_ state: inout ConsoleState) {
        state.agentDesk?.historyFor = nil
        state.agentDesk?.history = nil
    }

    static func historyLoaded(_ id: ConversationID, _ history: CustomerHistory?, _ state: inout ConsoleState) {
        guard state.agentDesk?.historyFor == id else { return }
        guard let history else {
            closeHistory(&state)
            flash("\(id) has no customer to show a history of", error: true, &state)
            return
        }
        state.agentDesk?.history = history
    }
}
