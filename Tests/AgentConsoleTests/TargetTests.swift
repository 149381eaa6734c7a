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
