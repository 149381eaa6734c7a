import ConversationStore
import Foundation

/// The console's one update function: takes the state and what happened, changes the state, and returns the work
/// to do. It never touches the store, the clock or the terminal, so every behaviour is a table of
/// (state, action) → (state, effects) in the tests.
public enum ConsoleUpdate {
    /// How many queue rows are loaded at a time.
    public static let pageSize = 200

    public static func update(_ state: inout ConsoleState, _ action: ConsoleAction) -> [ConsoleEffect] {
        switch action {
        case .keyPressed(let key):
            return keyPressed(key, &state)
        case .resized(let width, let height):
            state.width = width
            state.height = height
            keepSelectionVisible(&state)
            return []
        case .clockTicked(let now):
            state.now = now
            if let flash = state.flash, flash.until <= now { state.flash = nil }
            // Claims expire and snoozes end with time, not with writes: look again twice a minute.
            let second = Int(now.timeIntervalSince1970)
            // While the store cannot be reached it is tried again every other second.
            if state.storeError != nil {
                guard second % 2 == 0, !state.reconnecting else { return [] }
                state.reconnecting = true
                return [.reconnect]
            }
            return second % 30 == 0 ? [reloadQueue(state)] : []
        case .queueLoaded(let page, let counts, let appended):
            queueLoaded(page, counts: counts, appended: appended, &state)
            if state.openWhenLoaded {
                state.openWhenLoaded = false
                return openSelected(&state)
            }
            return []
        case .threadLoaded(let thread, let suggestions, let articles):
            threadLoaded(thread, suggestions: suggestions, articles: articles, &state)
            return journalShownSuggestions(&state)
        case .actionSucceeded(let action, let conversation):
            return actionSucceeded(action, conversation, &state)
        case .actionFailed(let action, let message):
            if case .claim = action, let id = state.opening {
                state.opening = nil
                flash(message.contains("claimed by") ? message + " (read only)" : message, error: true, &state)
                return [.loadThread(id)]
            }
            flash(message, error: true, &state)
            return []
        case .storeChanged:
            return rereadScreen(state)
        case .storeFailed(let message):
            state.reconnecting = false
            state.storeError = message
            flash(message, error: true, &state)
            return []
        case .actionKept(let action, let id, let message):
            state.storeError = message
            flash(message, error: true, &state)
            switch action {
            case .reply:
                // The template's follow-ups are kept the same way.
                let meta = state.drafts[id] ?? (state.draftFor == id ? state.draftMeta : Draft())
                clearDraft(of: id, &state)
                return followUps(of: meta, on: id)
            case .note:
                clearDraft(of: id, &state)
            default: break
            }
            return []
        case .reconnected(let applied):
            state.reconnecting = false
            guard state.storeError != nil else { return [] }
            state.storeError = nil
            flash(
                applied == 0
                    ? "store reachable again"
                    : "store reachable again · \(applied) journaled action\(applied == 1 ? "" : "s") stored", &state)
            return rereadScreen(state)
        case .editorClosed(let id, let text):
            guard let text, state.thread?.conversation.id == id else { return [] }
            state.draft = LineInput(text.trimmingCharacters(in: .newlines))
            state.mode = .compose
            return []
        case .interrupted:
            keepDraft(&state)
            return [.saveDrafts(state.drafts), .quit]
        case .eventsLoaded(let id, let events):
            if state.thread?.conversation.id == id || state.draftFor == id { state.events = events }
            return []
        case .dashboardLoaded(let dashboard):
            state.dashboard = dashboard
            return []
        case .recorded(let action, let id):
            switch action {
            case .reviewNote: flash("review note saved", &state)
            case .reviewScore(let score): flash("scored \(score) of 5", &state)
            default: return []
            }
            return state.thread?.conversation.id == id ? [.loadThread(id)] : []
        case .recordFailed(_, let message):
            flash(message, error: true, &state)
            return []
        }
    }

    // MARK: - Results coming back

    static func queueLoaded(_ page: QueuePage, counts: QueueCounts, appended: Bool, _ state: inout ConsoleState) {
        let previousIndex = state.selectedIndex ?? 0
        state.rows =
            appended
            ? state.rows + page.conversations.filter { row in !state.rows.contains { $0.id == row.id } }
            : page.conversations
        state.nextCursor = page.next
        state.counts = counts
        state.queueLoaded = true
        // The selection follows its conversation; if that left the view, the row in its place is selected.
        if state.selectedIndex == nil {
            state.selected = state.rows.isEmpty ? nil : state.rows[min(previousIndex, state.rows.count - 1)].id
        }
        keepSelectionVisible(&state)
    }

    static func threadLoaded(
        _ thread: ConversationThread, suggestions: [Suggestion], articles: [ArticleHit], _ state: inout ConsoleState
    ) {
        let id = thread.conversation.id
        // A late answer for a conversation the agent has since left is dropped.
        if let current = state.draftFor, current != id { return }
        let opening = state.thread?.conversation.id != id
        if opening {
            state.newAfter = state.lastSeen[id]
            state.threadScroll = 0
            state.suggestionSelection = 0
            state.articleSelection = 0
            state.openArticle = nil
        }
        state.thread = thread
        state.suggestions = suggestions
        state.articles = articles
        state.suggestionSelection = min(state.suggestionSelection, max(0, suggestions.count - 1))
        state.articleSelection = min(state.articleSelection, max(0, articles.count - 1))
        if let newest = thread.messages.map(\.id).max() { state.lastSeen[id] = newest }
        if let index = state.rows.firstIndex(where: { $0.id == id }) { state.rows[index] = thread.conversation }
    }

    /// Everything on screen read again from the store: the queue, the open thread, the dashboard.
    static func rereadScreen(_ state: ConsoleState) -> [ConsoleEffect] {
        var effects = [reloadQueue(state)]
        if let id = state.thread?.conversation.id { effects.append(.loadThread(id)) }
        if state.showingDashboard { effects.append(.loadDashboard) }
        return effects
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
        state.drafts[id] = nil
        if state.draftFor == id {
            state.draft = LineInput()
            state.draftMeta = Draft()
        }
    }

    static func actionSucceeded(
        _ action: AgentAction, _ conversation: Conversation, _ state: inout ConsoleState
    )
        -> [ConsoleEffect]
    {
        if let index = state.rows.firstIndex(where: { $0.id == conversation.id }) { state.rows[index] = conversation }
        if state.thread?.conversation.id == conversation.id { state.thread?.conversation = conversation }
        var effects: [ConsoleEffect] = []
        switch action {
        case .claim:
            if state.opening == conversation.id {
                state.opening = nil
                return [.loadThread(conversation.id), reloadQueue(state)]
            }
        case .release: flash("released \(conversation.id)", &state)
        case .reply(_, let isPrivate):
            flash(isPrivate ? "private reply queued" : "reply queued", &state)
            let meta = state.drafts[conversation.id] ?? state.draftMeta
            clearDraft(of: conversation.id, &state)
            effects += followUps(of: meta, on: conversation.id)
        case .note:
            flash("note added", &state)
            clearDraft(of: conversation.id, &state)
        case .tag, .untag:
            flash("tags: " + (conversation.tags.isEmpty ? "none" : conversation.tags.joined(separator: ", ")), &state)
        case .setStatus(let status): flash("\(conversation.id) is \(status.rawValue)", &state)
        case .setPriority(let priority): flash("priority \(priority.rawValue)", &state)
        case .snooze: flash("snoozed", &state)
        case .markNoReplyNeeded: flash("marked as needing no reply", &state)
        }
        if state.thread?.conversation.id == conversation.id { effects.append(.loadThread(conversation.id)) }
        effects.append(reloadQueue(state))
        return effects
    }

    // MARK: - Keys

    static func keyPressed(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if key == .control("c") { return update(&state, .interrupted) }
        if key == .control("l") { return [] }
        switch state.mode {
        case .help:
            state.mode = .normal
            return []
        case .compose:
            return composeKey(key, &state)
        case .prompt(let kind, let input):
            return lineKey(
                key, input, &state, rebuild: { .prompt(kind, $0) }, cancelled: isAskField(kind) ? .compose : .normal
            ) {
                promptAnswered(kind, $0, &$1)
            }
        case .commandLine(let input):
            return lineKey(key, input, &state, rebuild: { .commandLine($0) }) { commandTyped($0, &$1) }
        case .search(let input):
            return lineKey(key, input, &state, rebuild: { .search($0) }) { text, state in
                do {
                    if state.isReview {
                        return applyReviewFilter(
                            try ReviewFilter(parsing: text, now: state.now, timeZone: state.timeZone), &state)
                    }
                    return applyFilter(try QueueFilter(parsing: text), &state)
                } catch let error as StoreError {
                    flash(error.message, error: true, &state)
                } catch {
                    flash("\(error)", error: true, &state)
                }
                return []
            }
        case .normal:
            if state.showingDashboard { return dashboardKey(key, &state) }
            if state.isReview { return reviewKey(key, &state) }
            if case .character(let character) = key, let digit = character.wholeNumberValue, (1...9).contains(digit) {
                return takeSuggestion(digit - 1, &state)
            }
            guard let command = state.keymap.command(for: key) else { return [] }
            return run(command, &state)
        }
    }

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

    static func composeKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch key {
        case .escape:
            keepDraft(&state)
            state.mode = .normal
            return []
        case .enter:
            return send(&state)
        case .control("o"):
            guard let id = state.thread?.conversation.id else { return [] }
            return [.openEditor(id, text: state.draft.text)]
        case .control("p"):
            guard !state.draftMeta.isNote else { return [] }
            state.draftMeta.isPrivate.toggle()
            return []
        default:
            _ = state.draft.apply(key, multiline: true)
            return []
        }
    }

    static func send(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.thread?.conversation.id else { return [] }
        let text = state.draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            flash(state.draftMeta.isNote ? "the note is empty" : "the reply is empty", error: true, &state)
            return []
        }
        if !state.draftMeta.isNote, let field = TemplateFields.firstUnfilled(in: text) {
            state.mode = .prompt(.askField(placeholder: field), LineInput())
            return []
        }
        keepDraft(&state)
        state.mode = .normal
        let action: AgentAction =
            state.draftMeta.isNote ? .note(text: text) : .reply(text: text, isPrivate: state.draftMeta.isPrivate)
        var effects: [ConsoleEffect] = []
        if !state.draftMeta.isNote, let reference = state.draftMeta.suggestion,
            let original = state.draftMeta.suggestionText
        {
            let edit = EditMeasure.between(original, text)
            effects.append(
                .record(.suggestionEdited(reference: reference, wordsChanged: edit.words, editedShare: edit.share), id))
        }
        return effects + [.perform(action, id)]
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
            state.mode = .compose
            guard !text.isEmpty else {
                flash("fill in \(fieldLabel(placeholder)) before sending", error: true, &state)
                return []
            }
            if let range = state.draft.text.range(of: placeholder) {
                state.draft.text.replaceSubrange(range, with: text)
                state.draft.cursor = state.draft.text.count
            }
            if let next = TemplateFields.firstUnfilled(in: state.draft.text) {
                state.mode = .prompt(.askField(placeholder: next), LineInput())
            }
            return []
        case .reviewNote:
            guard !text.isEmpty else {
                flash("the review note is empty", error: true, &state)
                return []
            }
            return [.record(.reviewNote(text: text), id)]
        }
    }

    /// `Nomor order` from `{{?ask:Nomor order}}`.
    public static func fieldLabel(_ placeholder: String) -> String {
        String(placeholder.dropFirst("{{?ask:".count).dropLast(2))
    }

    static func takeSuggestion(_ index: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard index < state.suggestions.count, state.thread != nil else {
            flash("no suggestion \(index + 1)", error: true, &state)
            return []
        }
        let suggestion = state.suggestions[index]
        state.draft = LineInput(suggestion.text)
        state.draftMeta = Draft(
            isPrivate: state.draftMeta.isNote ? false : state.draftMeta.isPrivate, setsStatus: suggestion.setsStatus,
            addsTags: suggestion.addsTags, suggestion: suggestion.reference, suggestionText: suggestion.text)
        state.mode = .compose
        if let field = TemplateFields.firstUnfilled(in: suggestion.text) {
            state.mode = .prompt(.askField(placeholder: field), LineInput())
        }
        guard let id = state.thread?.conversation.id else { return [] }
        return [.record(.suggestionTaken(source: suggestion.source.rawValue, reference: suggestion.reference), id)]
    }

    // MARK: - Commands

    static func run(_ command: ConsoleCommand, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch command {
        case .down: return move(by: 1, &state)
        case .up: return move(by: -1, &state)
        case .pageDown: return move(by: state.visibleQueueRows, &state)
        case .pageUp: return move(by: -state.visibleQueueRows, &state)
        case .first: return move(by: -state.rows.count, &state)
        case .last: return move(by: state.rows.count, &state)
        case .open:
            switch state.focus {
            case .suggestions where state.thread != nil: return takeSuggestion(state.suggestionSelection, &state)
            case .knowledge where !state.articles.isEmpty: return run(.article, &state)
            default: return openSelected(&state)
            }
        case .back:
            if state.openArticle != nil {
                state.openArticle = nil
            } else if state.focus != .queue {
                state.focus = .queue
            } else if !state.filter.isEmpty {
                return applyFilter(QueueFilter(), &state)
            }
            return []
        case .next: return openNext(&state)
        case .reply, .replyPrivately, .note:
            guard let thread = state.thread else {
                flash("open a conversation first (enter)", error: true, &state)
                return []
            }
            let id = thread.conversation.id
            if state.draftMeta.isNote != (command == .note) || state.draft.text.isEmpty {
                let kept = state.drafts[id]
                if let kept, kept.isNote == (command == .note) {
                    state.draft = LineInput(kept.text)
                    state.draftMeta = kept
                } else if state.draft.text.isEmpty || state.draftMeta.isNote != (command == .note) {
                    state.draft = LineInput()
                    state.draftMeta = Draft(isNote: command == .note)
                }
            }
            if command == .replyPrivately { state.draftMeta.isPrivate = true }
            state.mode = .compose
            return []
        case .editor:
            guard let id = state.thread?.conversation.id else {
                flash("open a conversation first (enter)", error: true, &state)
                return []
            }
            return [.openEditor(id, text: state.draft.text)]
        case .tag: return ask(.tag, &state)
        case .priority: return ask(.priority, &state)
        case .snooze: return ask(.snooze, &state)
        case .noReply: return ask(.noReply, &state)
        case .pending: return perform(.setStatus(.pending), &state)
        case .resolve: return perform(.setStatus(.resolved), &state)
        case .claim: return perform(.claim(leaseSeconds: state.claimLeaseSeconds), &state)
        case .release: return perform(.release, &state)
        case .focusNext:
            let panes = Layout(width: state.width, height: state.height, state: state).focusable
            if let index = panes.firstIndex(of: state.focus) {
                state.focus = panes[(index + 1) % panes.count]
            } else {
                state.focus = panes.first ?? .queue
            }
            if state.focus == .suggestions || state.focus == .knowledge { state.sidePane = state.focus }
            return []
        case .view:
            let all = QueueView.allCases
            let index = all.firstIndex(of: state.view) ?? 0
            return switchView(all[(index + 1) % all.count], &state)
        case .search:
            state.mode = .search(LineInput(state.isReview ? state.reviewFilter.description : state.filter.description))
            return []
        case .commandLine:
            state.mode = .commandLine(LineInput())
            return []
        case .help:
            state.mode = .help
            return []
        case .article:
            guard state.articleSelection < state.articles.count else {
                flash("no knowledge-base article to open", error: true, &state)
                return []
            }
            state.openArticle = state.articles[state.articleSelection].article
            return []
        case .sidePane:
            state.sidePane = state.sidePane == .suggestions ? .knowledge : .suggestions
            if state.focus == .suggestions || state.focus == .knowledge { state.focus = state.sidePane }
            return []
        case .quit:
            keepDraft(&state)
            return [.saveDrafts(state.drafts), .quit]
        case .insertArticle: return insertArticle(&state)
        case .dashboard:
            state.showingDashboard = true
            return [.loadDashboard]
        }
    }

    static func commandTyped(_ line: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        let name = String(trimmed.prefix { $0 != " " }).lowercased()
        let argument = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard let command = ConsoleCommand(rawValue: name) ?? (name == "q" ? .quit : nil) else {
            flash("unknown command '\(name)'; ? lists them", error: true, &state)
            return []
        }
        guard !argument.isEmpty else { return run(command, &state) }
        switch command {
        case .reply, .replyPrivately, .note:
            guard let id = state.thread?.conversation.id else {
                flash("open a conversation first (enter)", error: true, &state)
                return []
            }
            if command == .note { return [.perform(.note(text: argument), id)] }
            if let field = TemplateFields.firstUnfilled(in: argument) {
                flash("fill in \(fieldLabel(field)) before sending", error: true, &state)
                return []
            }
            return [.perform(.reply(text: argument, isPrivate: command == .replyPrivately), id)]
        case .tag: return promptAnswered(.tag, argument, &state)
        case .priority: return promptAnswered(.priority, argument, &state)
        case .snooze: return promptAnswered(.snooze, argument, &state)
        case .noReply: return promptAnswered(.noReply, argument, &state)
        case .view:
            guard let view = QueueView(rawValue: argument) else {
                flash("views are " + QueueView.allCases.map(\.rawValue).joined(separator: ", "), error: true, &state)
                return []
            }
            return switchView(view, &state)
        case .search:
            do {
                return applyFilter(try QueueFilter(parsing: argument), &state)
            } catch {
                flash("\(error)", error: true, &state)
                return []
            }
        case .open:
            guard let id = ConversationID(parsing: argument) else {
                flash("'\(argument)' is not a conversation id", error: true, &state)
                return []
            }
            return open(id, &state)
        default:
            return run(command, &state)
        }
    }

    // MARK: - Helpers

    /// The conversation actions apply to: the open one, else the selected row.
    static func target(_ state: ConsoleState) -> ConversationID? {
        state.thread?.conversation.id ?? state.selected
    }

    static func perform(_ action: AgentAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = target(state) else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        return [.perform(action, id)]
    }

    static func ask(_ kind: PromptKind, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard target(state) != nil else {
            flash("no conversation selected", error: true, &state)
            return []
        }
        state.mode = .prompt(kind, LineInput())
        return []
    }

    static func move(by offset: Int, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.focus {
        case .conversation:
            state.threadScroll = max(0, state.threadScroll - offset)
            return []
        case .suggestions:
            state.suggestionSelection = clamp(state.suggestionSelection + offset, count: state.suggestions.count)
            return []
        case .knowledge:
            state.articleSelection = clamp(state.articleSelection + offset, count: state.articles.count)
            return []
        case .queue:
            guard !state.rows.isEmpty else { return [] }
            let index = clamp((state.selectedIndex ?? 0) + offset, count: state.rows.count)
            state.selected = state.rows[index].id
            keepSelectionVisible(&state)
            if index >= state.rows.count - 10, let cursor = state.nextCursor {
                return [.loadMore(state.view, state.filter, after: cursor, limit: pageSize)]
            }
            return []
        }
    }

    static func clamp(_ value: Int, count: Int) -> Int {
        max(0, min(value, count - 1))
    }

    static func openSelected(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let id = state.selected else {
            if state.queueLoaded {
                flash("the queue is empty", error: true, &state)
            } else {
                state.openWhenLoaded = true
            }
            return []
        }
        return open(id, &state)
    }

    static func open(_ id: ConversationID, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.draftFor != id {
            keepDraft(&state)
            let kept = state.drafts[id]
            state.draft = LineInput(kept?.text ?? "")
            state.draftMeta = kept ?? Draft()
            state.draftFor = id
        }
        // Nothing may be done to the previous conversation by mistake while the next one loads.
        if state.thread?.conversation.id != id { state.thread = nil }
        state.selected = state.rows.contains { $0.id == id } ? id : state.selected
        state.focus = .conversation
        state.openArticle = nil
        keepSelectionVisible(&state)
        let row = state.rows.first { $0.id == id }
        if let holder = row?.assignee, holder != state.agent, (row?.claimExpiresAt ?? .distantPast) > state.now {
            flash("claimed by \(holder) (read only)", error: true, &state)
            return [.loadThread(id)]
        }
        // The thread loads once the claim is decided, so it shows who holds it.
        state.opening = id
        return [.perform(.claim(leaseSeconds: state.claimLeaseSeconds), id)]
    }

    static func openNext(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let current = state.thread?.conversation.id
        let candidates = state.rows.filter { row in
            row.needsReply && row.id != current
                && (row.assignee == nil || row.assignee == state.agent
                    || (row.claimExpiresAt ?? .distantPast) <= state.now)
        }
        guard
            let next = candidates.min(by: {
                ($0.slaDueAt ?? .distantFuture, 3 - $0.priority.rank) < (
                    $1.slaDueAt ?? .distantFuture, 3 - $1.priority.rank
                )
            })
        else {
            flash("nothing else needs a reply here", &state)
            return []
        }
        return open(next.id, &state)
    }

    static func switchView(_ view: QueueView, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.view = view
        state.queueLoaded = false
        state.rows = []
        state.selected = nil
        state.queueTop = 0
        state.focus = .queue
        return [reloadQueue(state)]
    }

    static func applyFilter(_ filter: QueueFilter, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.filter = filter
        state.queueLoaded = false
        state.selected = nil
        state.queueTop = 0
        state.rows = []
        return [reloadQueue(state)]
    }

    static func reloadQueue(_ state: ConsoleState) -> ConsoleEffect {
        if state.isReview { return .loadHandled(state.reviewFilter, limit: max(pageSize, state.rows.count)) }
        return .loadQueue(state.view, state.filter, limit: max(pageSize, state.rows.count))
    }

    static func keepSelectionVisible(_ state: inout ConsoleState) {
        guard let index = state.selectedIndex else {
            state.queueTop = 0
            return
        }
        let visible = state.visibleQueueRows
        if index < state.queueTop { state.queueTop = index }
        if index >= state.queueTop + visible { state.queueTop = index - visible + 1 }
        state.queueTop = max(0, min(state.queueTop, max(0, state.rows.count - visible)))
    }

    /// Remembers the open draft under its conversation, so it survives switching, quitting and hang-ups.
    static func keepDraft(_ state: inout ConsoleState) {
        guard let id = state.draftFor else { return }
        if state.draft.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            state.drafts[id] = nil
        } else {
            var draft = state.draftMeta
            draft.text = state.draft.text
            state.drafts[id] = draft
        }
    }

    static func flash(_ text: String, error: Bool = false, _ state: inout ConsoleState) {
        state.flash = Flash(text: text, isError: error, until: state.now.addingTimeInterval(error ? 8 : 4))
    }
}
