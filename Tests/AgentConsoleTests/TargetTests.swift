import ConversationStore
import Foundation
import Testing

@testable import AgentConsole

/// Actions go to the conversation the agent is looking at, and the open thread can be closed.
@Suite struct TargetTests {
    /// The conversation the first effect acts on.
    static func actedOn(_ effects: [ConsoleEffect]) -> ConversationID? {
        guard case .perform(_, let id, _, _)? = effects.first else { return nil }
        return id
    }

    @Test func withTheKeyboardOnTheQueueAnActionIsForTheHighlightedRow() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("h")))
        #expect(state.focus == .queue)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("j")))
        #expect(state.selected == ConversationID(2))
        #expect(state.thread?.conversation.id == ConversationID(1), "the thread stays open for reading")
        let resolved = ConsoleUpdate.update(&state, .keyPressed(.character("x")))
        #expect(Self.actedOn(resolved) == ConversationID(2))
        // In the thread, the open conversation.
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        #expect(state.focus != .queue)
        let pending = ConsoleUpdate.update(&state, .keyPressed(.character("p")))
        #expect(Self.actedOn(pending) == ConversationID(1))
    }

    @Test func escapeOnTheQueueClosesTheOpenThreadAndKeepsItsDraft() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("r")))
        for character in "Halo kak" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        _ = ConsoleUpdate.update(&state, .keyPressed(.escape))
        _ = ConsoleUpdate.update(&state, .keyPressed(.escape))
        #expect(state.focus == .queue)
        _ = ConsoleUpdate.update(&state, .keyPressed(.escape))
        #expect(state.thread == nil && state.opened == nil)
        #expect(state.flash?.text == "closed 1; its draft is kept")
        #expect(state.desk.drafts[ConversationID(1)]?.text == "Halo kak")
        #expect(ConsoleRenderer().render(state).text.contains("enter opens the selected conversation"))
    }

    @Test func whatAnActionDidNamesItsConversation() {
        var state = Fixture.openState(width: 120, height: 40)
        var row = Fixture.rows[1]
        row.priority = .high
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.setPriority(.high), row))
        #expect(state.flash?.text == "2 is high priority")
    }
}

/// A digit does not silently replace a draft holding the agent's own words, and a conversation can be opened again.
@Suite struct DraftSafetyTests {
    @Test func aDigitAsksBeforeReplacingAnEditedDraftAndReplacesOnTheSecondPress() {
        var state = Fixture.openState(width: 120, height: 40)
        #expect(!state.desk.suggestions.isEmpty)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("r")))
        for character in "pesanan INV/2026/11/0107 sudah kami cek" {
            _ = ConsoleUpdate.update(&state, .keyPressed(.character(character)))
        }
        _ = ConsoleUpdate.update(&state, .keyPressed(.escape))
        let asked = ConsoleUpdate.update(&state, .keyPressed(.character("1")))
        #expect(asked.isEmpty)
        #expect(state.desk.draft.text == "pesanan INV/2026/11/0107 sudah kami cek")
        #expect(state.flash?.text.hasPrefix("the draft has your edits: press 1 again") == true)
        // Another key in between: asked again.
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("j")))
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("1"))).isEmpty)
        let taken = ConsoleUpdate.update(&state, .keyPressed(.character("1")))
        #expect(!taken.isEmpty)
        #expect(state.desk.draft.text != "pesanan INV/2026/11/0107 sudah kami cek")
    }

    @Test func aResolvedConversationIsOpenedAgainByKeyOrCommand() {
        var state = Fixture.openState(width: 120, height: 40)
        let byKey = ConsoleUpdate.update(&state, .keyPressed(.character("O")))
        #expect(byKey == [.perform(.setStatus(.open), ConversationID(1), seen: nil)])
        let byCommand = ConsoleUpdate.commandTyped("status open", &state)
        #expect(byCommand == [.perform(.setStatus(.open), ConversationID(1), seen: nil)])
        #expect(ConsoleUpdate.commandTyped("status later", &state).isEmpty)
        #expect(state.flash?.text == "status is open, pending or resolved (snooze with :snooze)")
    }
}

/// A conversation another agent holds is read only from the first key, and the filter line adds to the filter.
@Suite struct ReadOnlyAndFilterTests {
    /// The fixture's open conversation, held by budi.
    func heldByBudi() -> ConsoleState {
        var state = Fixture.openState(width: 120, height: 40)
        guard var thread = state.thread else { return state }
        thread.conversation.assignee = "budi"
        thread.conversation.claimExpiresAt = Fixture.now.addingTimeInterval(600)
        _ = ConsoleUpdate.update(&state, .threadLoaded(thread, state.desk.suggestions, state.desk.articles))
        return state
    }

    @Test func aReplyASuggestionOrAnArticleIsNotBegunInAConversationAnotherAgentHolds() {
        for key in ["r", "P", "1", "i"] {
            var state = heldByBudi()
            let effects = ConsoleUpdate.update(&state, .keyPressed(.character(Character(key))))
            #expect(effects.isEmpty && state.mode == .normal, "\(key)")
            #expect(state.desk.draft.text.isEmpty, "\(key)")
            #expect(state.flash?.text == "budi holds this conversation: read only (a adds a note)", "\(key)")
        }
        var state = heldByBudi()
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("a")))
        #expect(state.mode == .compose, "a note needs no claim")
    }

    @Test func theFilterLineStartsWithTheFilterAndASpaceSoWhatIsTypedAddsATerm() {
        var state = Fixture.state(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("/")))
        for character in "channel:wa" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        _ = ConsoleUpdate.update(&state, .keyPressed(.enter))
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("/")))
        for character in "refund" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        guard case .search(let input) = state.mode else {
            Issue.record("the filter line is not open")
            return
        }
        #expect(input.text == "channel:whatsapp refund")
    }
}

/// Help says the keys of the console it is in, and scrolls where the terminal is too small for all of it.
@Suite struct HelpTests {
    @Test func theReviewsHelpListsTheReviewsKeysNotTheAgents() {
        var state = Fixture.reviewState(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("?")))
        let text = ConsoleRenderer().render(state).text
        #expect(text.contains("score the open conversation's handling"), "\(text)")
        #expect(text.contains("write a review note"))
        #expect(!text.contains("take suggested reply") && !text.contains("write a reply"))
    }

    /// README's key table and the config's command list name every command of the standard keymap, with a key it has.
    @Test func theReadmeNamesEveryCommandAndAKeyOfIt() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "| keys | what they do |"))
        let table = String(text[start.upperBound...]).components(separatedBy: "\n\n").first ?? ""
        let keymap = Keymap.standard
        for command in ConsoleCommand.allCases where command != .status {
            let names = keymap.keys(for: command).map(\.name)
            #expect(
                names.contains { table.contains("`\($0)`") || table.contains(" \($0) ") || table.contains(" \($0),") },
                "README's key table has no key of \(command.rawValue) (\(names))")
            #expect(text.contains("`\(command.rawValue)`"), "README's [keys] list lacks \(command.rawValue)")
        }
        // And help lists every command.
        let lines = ConsoleRenderer.helpLines(Fixture.state(width: 120, height: 40)).map(\.1)
        for command in ConsoleCommand.allCases where command != .commandLine {
            #expect(lines.contains(command.summary), "help lacks \(command.rawValue)")
        }
    }

    @Test func helpScrollsAt60By20AndReachesTheLastKey() {
        var state = Fixture.state(width: 60, height: 20)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("?")))
        let first = ConsoleRenderer().render(state).text
        #expect(first.contains("Keys 1–"), "\(first)")
        #expect(!first.contains("any command by name"))
        for _ in 0..<60 { _ = ConsoleUpdate.update(&state, .keyPressed(.character("j"))) }
        #expect(state.mode == .help, "j scrolls rather than closes")
        let last = ConsoleRenderer().render(state).text
        #expect(last.contains("any command by name"), "\(last)")
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("x")))
        #expect(state.mode == .normal)
    }
}

/// Claiming says until when, and the thread says how long the claim has left.
@Suite struct ClaimFeedbackTests {
    @Test func aClaimSaysUntilWhenAndTheThreadCountsDown() {
        var state = Fixture.openState(width: 120, height: 40)
        guard var claimed = state.thread?.conversation else { return }
        claimed.claimExpiresAt = Fixture.now.addingTimeInterval(540)
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.claim(leaseSeconds: 600), claimed))
        #expect(state.flash?.text == "1 is yours until 10:09")
        var wide = state
        wide.width = 220
        #expect(ConsoleRenderer().render(wide).text.contains("claimed by you (9m00s left)"))
    }
}

/// Tab on the command line completes a command's name and says the candidates.
@Suite struct CommandCompletionTests {
    @Test func tabCompletesAUniqueNameAndListsSeveral() {
        var state = Fixture.state(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character(":")))
        for character in "sno" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        #expect(state.mode == .commandLine(LineInput("snooze ")))
        _ = ConsoleUpdate.update(&state, .keyPressed(.escape))
        _ = ConsoleUpdate.update(&state, .keyPressed(.character(":")))
        for character in "re" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        #expect(state.flash?.text == "release reopen reply resolve reveal")
        #expect(state.mode == .commandLine(LineInput("re")))
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("v")))
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        #expect(state.mode == .commandLine(LineInput("reveal ")))
    }
}

/// The status messages shown are kept, and `M` shows them again, newest first, with their times.
@Suite struct MessageLogTests {
    @Test func theLastMessagesAreReadAgainNewestFirst() {
        var state = Fixture.state(width: 120, height: 40)
        ConsoleUpdate.flash("reply to 4 queued", &state)
        state.now = state.now.addingTimeInterval(60)
        ConsoleUpdate.flash("claimed by budi (read only)", error: true, &state)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("M")))
        #expect(state.mode == .messages)
        let text = ConsoleRenderer().render(state).text
        let newer = text.range(of: #"10:01 +! claimed by budi \(read only\)"#, options: .regularExpression)
        let older = text.range(of: #"10:00 +reply to 4 queued"#, options: .regularExpression)
        #expect(newer != nil && older != nil, "\(text)")
        if let newer, let older { #expect(newer.lowerBound < older.lowerBound) }
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("q")))
        #expect(state.mode == .normal)
    }

    @Test func theLogKeepsTheLastHundred() {
        var state = Fixture.state(width: 120, height: 40)
        for index in 1...130 { ConsoleUpdate.flash("message \(index)", &state) }
        #expect(state.messageLog.count == 100)
        #expect(state.messageLog.first?.text == "message 31")
    }
}

/// `U` takes back the last tag, status, priority or snooze within a minute, as an action of its own.
@Suite struct UndoTests {
    @Test func theLastTagPriorityOrResolveIsTakenBackOnce() {
        var state = Fixture.openState(width: 120, height: 40)
        guard let open = state.thread?.conversation else { return }
        let id = open.id
        var tagged = open
        tagged.tags = ["refund"]
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.tag(["refund"]), tagged))
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("U"))) == [.perform(.untag(["refund"]), id)])
        var untagged = tagged
        untagged.tags = []
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.untag(["refund"]), untagged))
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("U"))).isEmpty, "an undo is not undone")

        var lowered = untagged
        lowered.priority = .low
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.setPriority(.low), lowered))
        #expect(
            ConsoleUpdate.update(&state, .keyPressed(.character("U"))) == [.perform(.setPriority(.urgent), id)])

        var resolved = lowered
        resolved.status = .resolved
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.setStatus(.resolved), resolved))
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("U"))) == [.perform(.setStatus(.open), id)])
    }

    @Test func aMinuteLaterThereIsNothingToUndo() {
        var state = Fixture.openState(width: 120, height: 40)
        guard var tagged = state.thread?.conversation else { return }
        tagged.tags = ["vip"]
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.tag(["vip"]), tagged))
        state.now = state.now.addingTimeInterval(61)
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("U"))).isEmpty)
        #expect(state.flash?.text == "nothing to undo (a tag, status, priority, snooze or no-reply of the last minute)")
    }
}
