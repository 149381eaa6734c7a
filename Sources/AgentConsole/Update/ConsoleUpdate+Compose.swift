import ConversationStore
import Foundation

/// The compose area: starting a reply or a note, editing it, sending it, and keeping drafts per conversation so
/// they survive switching, quitting and hang-ups.
extension ConsoleUpdate {
    /// `r`, `P` or `a`: picks up the kept draft of that kind, or starts one.
    static func startDraft(_ command: ConsoleCommand, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let thread = state.thread, var desk = state.agentDesk else {
            flash("open a conversation first (enter)", error: true, &state)
            return []
        }
        let id = thread.conversation.id
        let isNote = command == .note
        if !isNote && refusedAsReadOnly(&state) { return [] }
        if desk.draftMeta.isNote != isNote || desk.draft.text.isEmpty {
            if let kept = desk.drafts[id], kept.isNote == isNote {
                desk.draft = LineInput(kept.text)
                desk.draftMeta = kept
            } else if desk.draft.text.isEmpty || desk.draftMeta.isNote != isNote {
                desk.draft = LineInput()
                desk.draftMeta = Draft(isNote: isNote)
            }
        }
        if command == .replyPrivately { desk.draftMeta.isPrivate = true }
        state.agentDesk = desk
        state.mode = .compose
        return []
    }

    static func composeKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk else {
            state.mode = .normal
            return []
        }
        // For "typing" shown to others (the desk copy too: some keys put it back whole).
        let now = state.now
        state.agentDesk?.lastTypedAt = now
        desk.lastTypedAt = now
        switch key {
        case .escape:
            keepDraft(&state)
            state.mode = .normal
            return []
        case .enter:
            return send(&state)
        case .control("o"):
            guard let id = state.thread?.conversation.id else { return [] }
            return [.openEditor(id, text: desk.draft.text)]
        case .control("p"):
            guard !desk.draftMeta.isNote else { return [] }
            desk.draftMeta.isPrivate.toggle()
        default:
            _ = desk.draft.apply(key, multiline: true)
        }
        state.agentDesk = desk
        return []
    }

    static func send(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.thread?.conversation.id, let desk = state.agentDesk else { return [] }
        let meta = desk.draftMeta
        let text = desk.draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            flash(meta.isNote ? "the note is empty" : "the reply is empty", error: true, &state)
            return []
        }
        if !meta.isNote, let field = TemplateFields.firstUnfilled(in: text) {
            state.mode = .prompt(.askField(placeholder: field), LineInput())
            return []
        }
        keepDraft(&state)
        state.mode = .normal
        let action: AgentAction = meta.isNote ? .note(text: text) : .reply(text: text, isPrivate: meta.isPrivate)
        var effects: [ConsoleEffect] = []
        if !meta.isNote, let reference = meta.suggestion, let original = meta.suggestionText {
            let edit = EditMeasure.between(original, text)
            effects.append(
                .record(.suggestionEdited(reference: reference, wordsChanged: edit.words, editedShare: edit.share), id))
        }
        return effects + [.perform(action, id, seen: desk.openedRevision[id])]
    }

    /// What a reply's template does once the reply is stored: tags to add, a status to set.
    static func followUps(of meta: Draft, on id: ConversationID) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        if !meta.addsTags.isEmpty { effects.append(.perform(.tag(meta.addsTags), id)) }
        if let status = meta.setsStatus { effects.append(.perform(.setStatus(status), id)) }
        return effects
    }

    /// The draft for a conversation is done with: sent, or kept in the journal.
    static func clearDraft(of id: ConversationID, _ state: inout ConsoleState) {
        state.agentDesk?.drafts[id] = nil
        if state.opened == id {
            state.agentDesk?.draft = LineInput()
            state.agentDesk?.draftMeta = Draft()
        }
    }

    /// Remembers the open draft under its conversation, so it survives switching, quitting and hang-ups.
    static func keepDraft(_ state: inout ConsoleState) {
        guard let id = state.opened, let desk = state.agentDesk else { return }
        if desk.draft.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            state.agentDesk?.drafts[id] = nil
        } else {
            var draft = desk.draftMeta
            draft.text = desk.draft.text
            state.agentDesk?.drafts[id] = draft
        }
    }
}
