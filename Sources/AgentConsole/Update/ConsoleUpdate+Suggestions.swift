import ConversationStore
import Foundation

/// The side panes of the agent console: suggested replies and knowledge-base articles, taken into the draft, and
/// the traces they leave in the journal.
extension ConsoleUpdate {
    /// Journals the suggestions on screen once per conversation and set, so a reload does not record them again.
    static func journalShownSuggestions(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let desk = state.agentDesk, let id = state.thread?.conversation.id, !desk.suggestions.isEmpty else {
            return []
        }
        let references = desk.suggestions.map { "\($0.source.rawValue):\($0.reference)" }
        guard desk.shownSuggestionsFor != id || desk.shownSuggestions != references else { return [] }
        state.agentDesk?.shownSuggestionsFor = id
        state.agentDesk?.shownSuggestions = references
        return [.record(.suggestionsShown(references), id)]
    }

    /// Takes suggestion `index` into the draft, asking for its fields first.
    static func takeSuggestion(_ index: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk, index < desk.suggestions.count, state.thread != nil else {
            flash("no suggestion \(index + 1)", error: true, &state)
            return []
        }
        if refusedAsReadOnly(&state) { return [] }
        let suggestion = desk.suggestions[index]
        // A draft holding the agent's own words is not replaced by one keystroke: the digit asks, pressed again it
        // replaces.
        let edited = !desk.draft.text.isEmpty && desk.draft.text != desk.draftMeta.suggestionText
        if edited && desk.replaceAsked != index {
            state.agentDesk?.replaceAsked = index
            flash(
                "the draft has your edits: press \(index + 1) again to replace it with suggestion \(index + 1)", &state)
            return []
        }
        desk.replaceAsked = nil
        desk.draft = LineInput(suggestion.text)
        desk.draftMeta = Draft(
            isPrivate: desk.draftMeta.isNote ? false : desk.draftMeta.isPrivate, setsStatus: suggestion.setsStatus,
            addsTags: suggestion.addsTags, suggestion: suggestion.reference, suggestionText: suggestion.text)
        state.agentDesk = desk
        state.mode = .compose
        var followUps: [String] = []
        if let status = suggestion.setsStatus { followUps.append("sets \(status.rawValue)") }
        if !suggestion.addsTags.isEmpty { followUps.append("adds " + suggestion.addsTags.joined(separator: ", ")) }
        if !followUps.isEmpty {
            flash("suggestion \(index + 1) taken; sending " + followUps.joined(separator: " and "), &state)
        }
        if let field = TemplateFields.firstUnfilled(in: suggestion.text) {
            state.mode = .prompt(.askField(placeholder: field), LineInput())
        }
        guard let id = state.thread?.conversation.id else { return [] }
        return [.record(.suggestionTaken(source: suggestion.source.rawValue, reference: suggestion.reference), id)]
    }

    /// Shows the selected article in place of the thread.
    static func openArticle(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let desk = state.agentDesk, desk.articleSelection < desk.articles.count else {
            flash("no knowledge-base article to open", error: true, &state)
            return []
        }
        state.agentDesk?.openArticle = desk.articles[desk.articleSelection].article
        return []
    }

    /// Puts the selected (or open) article's answer into the draft.
    static func insertArticle(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.thread?.conversation.id, var desk = state.agentDesk else {
            flash("open a conversation first (enter)", error: true, &state)
            return []
        }
        if refusedAsReadOnly(&state) { return [] }
        let selected = desk.articleSelection < desk.articles.count ? desk.articles[desk.articleSelection] : nil
        guard let article = desk.openArticle ?? selected?.article else {
            flash("no knowledge-base article to insert", error: true, &state)
            return []
        }
        let answer = article.answer
        let current = desk.draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        desk.draft = LineInput(current.isEmpty ? answer : current + "\n" + answer)
        desk.openArticle = nil
        state.agentDesk = desk
        state.mode = .compose
        return [.record(.articleInserted(id: article.id), id)]
    }
}
