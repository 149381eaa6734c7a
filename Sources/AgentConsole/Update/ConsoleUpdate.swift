import ConversationStore
import Foundation

/// The console's one update function: takes the state and what happened, changes the state, and returns the work
/// to do. It never touches the store, the clock or the terminal, so every behaviour is a table of
/// (state, action) → (state, effects) in the tests.
///
/// Each pane and feature has its own file: `+Queue`, `+Thread`, `+Compose`, `+Prompts`, `+CommandLine`,
/// `+Commands`, `+Review`, `+Dashboard`, and `+Store` for what comes back from the store.
public enum ConsoleUpdate {
    /// How many queue rows are loaded at a time.
    public static let pageSize = 200

    /// What a console asks for as it starts: the first page of its list.
    public static func start(_ state: ConsoleState) -> [ConsoleEffect] {
        [reloadQueue(state), .loadRising(state.spikeThreshold)]
    }

    /// Changes the state for what happened and returns the work to do.
    public static func update(_ state: inout ConsoleState, _ action: ConsoleAction) -> [ConsoleEffect] {
        let effects = apply(action, &state)
        keepTheDraftInSight(&state)
        return effects
    }

    /// Where one pane shows at a time, a draft being written (or a field of it asked for) brings its thread and
    /// compose area to the screen: keys never go into a draft the agent cannot see.
    static func keepTheDraftInSight(_ state: inout ConsoleState) {
        let writing: Bool
        switch state.mode {
        case .compose, .prompt(.askField, _): writing = state.agentDesk != nil
        default: writing = false
        }
        guard writing, state.focus != .conversation,
            Layout(width: state.width, height: state.height, state: state).kind == .narrow
        else { return }
        state.focus = .conversation
    }

    static func apply(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch action {
        case .keyPressed(let key):
            return keyPressed(key, &state)
        case .resized(let width, let height):
            state.width = width
            state.height = height
            keepSelectionVisible(&state)
            return []
        case .clockTicked(let now):
            return clockTicked(now, &state)
        case .queueLoaded(let page, let counts, let appended):
            queueLoaded(page, counts: counts, appended: appended, &state)
            guard let pending = state.agentDesk?.openWhenLoaded else { return [] }
            state.agentDesk?.openWhenLoaded = nil
            switch pending {
            case .selected: return openSelected(&state)
            }
        case .threadLoaded(let thread, let suggestions, let articles):
            let historyFor = state.agentDesk?.historyFor
            threadLoaded(thread, suggestions: suggestions, articles: articles, &state)
            var effects = journalShownSuggestions(&state)
            // The customer's history follows the thread on screen.
            if let historyFor, let shown = state.thread?.conversation.id, shown != historyFor {
                state.agentDesk?.historyFor = shown
                state.agentDesk?.history = nil
                effects.append(.loadHistory(shown))
            }
            return effects
        case .policyLoaded(let policy):
            state.policy = policy
            return []
        case .templatesLoaded(let id, let choices):
            templatesLoaded(id, choices, &state)
            return []
        case .presenceLoaded(let id, let presence):
            if state.thread?.conversation.id == id { state.agentDesk?.presence = presence }
            return []
        case .historyLoaded(let id, let history):
            historyLoaded(id, history, &state)
            return []
        case .nextClaimed(let conversation):
            return nextClaimed(conversation, &state)
        case .actionSucceeded(let action, let conversation):
            return actionSucceeded(action, conversation, &state)
        case .actionFailed(let action, let error):
            return actionFailed(action, error, &state)
        case .actionOvertaken(let action, let id, let error):
            return actionOvertaken(action, id, error, &state)
        case .personalDataRefused(let action, let id, let error):
            return personalDataRefused(action, id, error, &state)
        case .storeChanged:
            return rereadScreen(state)
        case .storeFailed(let error):
            return storeFailed(error, &state)
        case .actionKept(let action, let id, let error):
            return actionKept(action, id, error, &state)
        case .reconnected(let applied):
            return reconnected(applied: applied, &state)
        case .editorClosed(let id, let text):
            guard state.thread?.conversation.id == id, state.agentDesk != nil else { return [] }
            guard let text else {
                flash("the editor ended without saving (or with an error); the draft is as it was", error: true, &state)
                return []
            }
            state.agentDesk?.draft = LineInput(text.trimmingCharacters(in: .newlines))
            state.mode = .compose
            return []
        case .interrupted:
            return quit(&state)
        case .eventsLoaded(let id, let events):
            if state.thread?.conversation.id == id || state.opened == id { state.reviewDesk?.events = events }
            return []
        case .risingLoaded(let rises):
            return risingLoaded(rises, &state)
        case .dashboardLoaded(let dashboard):
            state.dashboard = dashboard
            return []
        case .recorded(let action, let id):
            return recorded(action, id, &state)
        case .recordFailed(_, let error):
            flash(error.message, error: true, &state)
            return []
        }
    }

    /// Routes a key by what the keyboard is doing: help, the draft, a one-line input, or commands.
    static func keyPressed(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if key == .control("c") { return update(&state, .interrupted) }
        if key == .control("l") { return [] }
        // Nothing acts unseen: while the terminal is too small to show the console, only q (quit, drafts kept) does.
        if Layout(width: state.width, height: state.height, state: state).kind == .tooSmall {
            return key == .character("q") ? quit(&state) : []
        }
        switch state.mode {
        case .help, .messages:
            // j k (and the arrows, the page keys) scroll a help taller than the terminal; any other key closes it.
            switch key {
            case .down, .character("j"): state.helpTop += 1
            case .up, .character("k"): state.helpTop = max(0, state.helpTop - 1)
            case .pageDown, .control("d"): state.helpTop += max(1, state.height - 6)
            case .pageUp, .control("u"): state.helpTop = max(0, state.helpTop - max(1, state.height - 6))
            default: state.mode = .normal
            }
            return []
        case .compose:
            return composeKey(key, &state)
        case .templates:
            return templateKey(key, &state)
        case .prompt(.actAnyway(let action, let id, let revision, question: _), _):
            return actAnywayKey(key, action, id, revision: revision, &state)
        case .prompt(.sendPersonalData(let action, let id, let kinds, question: _), _):
            return sendPersonalDataKey(key, action, id, kinds: kinds, &state)
        case .prompt(let kind, let input):
            return lineKey(
                key, input, &state, rebuild: { .prompt(kind, $0) }, cancelled: isAskField(kind) ? .compose : .normal
            ) {
                promptAnswered(kind, $0, &$1)
            }
        case .commandLine(let input) where key == .tab:
            state.mode = .commandLine(completed(input, &state))
            return []
        case .commandLine(let input):
            return lineKey(key, input, &state, rebuild: { .commandLine($0) }) { commandTyped($0, &$1) }
        case .search(let input):
            return lineKey(key, input, &state, rebuild: { .search($0) }) { searchTyped($0, &$1) }
        case .normal:
            if state.showingDashboard { return dashboardKey(key, &state) }
            switch state.kind {
            case .review: return reviewKey(key, &state)
            case .agent: return agentKey(key, &state)
            }
        }
    }

    /// Keeps the draft and ends the session.
    static func quit(_ state: inout ConsoleState) -> [ConsoleEffect] {
        keepDraft(&state)
        guard let drafts = state.agentDesk?.drafts else { return [.quit] }
        return [.saveDrafts(drafts), .quit]
    }

    /// The conversation an action is for: the one the agent is looking at. With the keyboard on the queue, that is
    /// the highlighted row (the open thread may be another, left open for reading); elsewhere, the open thread.
    static func target(_ state: ConsoleState) -> ConversationID? {
        if state.focus == .queue, let selected = state.selected { return selected }
        return state.thread?.conversation.id ?? state.selected
    }

    /// Who holds the open conversation when it is not this agent (its claim still running): it is read only here,
    /// and a reply is not even begun.
    static func heldByAnother(_ state: ConsoleState) -> String? {
        guard let conversation = state.thread?.conversation, let holder = conversation.assignee,
            holder != state.agent, (conversation.claimExpiresAt ?? .distantPast) > state.now
        else { return nil }
        return holder
    }

    /// Says the open conversation is read only, when it is; true then.
    static func refusedAsReadOnly(_ state: inout ConsoleState) -> Bool {
        guard let holder = heldByAnother(state) else { return false }
        flash("\(holder) holds this conversation: read only (a adds a note)", error: true, &state)
        return true
    }

    static func clamp(_ value: Int, count: Int) -> Int {
        max(0, min(value, count - 1))
    }

    static func flash(_ text: String, error: Bool = false, _ state: inout ConsoleState) {
        state.flash = Flash(text: text, isError: error, until: state.now.addingTimeInterval(error ? 8 : 4))
        state.messageLog.append(LoggedMessage(at: state.now, text: text, isError: error))
        if state.messageLog.count > 100 { state.messageLog.removeFirst(state.messageLog.count - 100) }
    }
}
