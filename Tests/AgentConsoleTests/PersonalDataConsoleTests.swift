import ConversationStore
import Foundation
import Testing
import TextAnalysis

@testable import AgentConsole

/// Personal data on screen: flagged in the queue and the thread, masked until the agent reveals it (journaled),
/// and a public reply holding it asked about before it is sent anyway.
@Suite struct PersonalDataConsoleTests {
    static let phone = "0812-3456-7890"

    /// The fixture's open conversation, with the customer's phone number posted in public.
    func exposedState() -> ConsoleState {
        var state = Fixture.openState(width: 120, height: 40)
        guard var thread = state.thread else { return state }
        thread.conversation.personalData = [.phone]
        thread.messages[0].text = "sinyal lemot, telepon aku di \(Self.phone) ya"
        _ = ConsoleUpdate.update(&state, .threadLoaded(thread, [], []))
        var rows = state.rows
        rows[0].personalData = [.phone]
        rows[0].sentiment = nil
        rows[0].snippet = "telepon aku di \(Self.phone)"
        state.rows = rows
        return state
    }

    /// Wide enough that the thread's warning sits on one line.
    static func wide(_ state: ConsoleState) -> ConsoleState {
        var wide = state
        wide.width = 220
        return wide
    }

    @Test func aPublicConversationWithPersonalDataIsFlaggedAndShownMasked() {
        let state = exposedState()
        let text = ConsoleRenderer().render(Self.wide(state)).text
        #expect(text.contains("personal data in public: move to a private message (P) · phone"), "\(text)")
        #expect(!text.contains(Self.phone))
        #expect(text.contains("****-****-7890"))
        let row = text.split(separator: "\n").first { $0.contains("telepon aku") }
        #expect(row?.contains("!!◆@budi_s") == true, "\(String(describing: row))")
        #expect(ConsoleRenderer(glyphs: .ascii).render(state).text.contains("!!%@budi_s"))
    }

    @Test func revealingIsJournaledBeforeItShowsAndAgainMasks() {
        var state = exposedState()
        let id = ConversationID(1)
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("*"))) == [.record(.personalDataRevealed, id)])
        #expect(!ConsoleRenderer().render(state).text.contains(Self.phone), "not shown before the journal has it")
        _ = ConsoleUpdate.update(&state, .recorded(.personalDataRevealed, id))
        let shown = ConsoleRenderer().render(Self.wide(state)).text
        #expect(shown.contains("telepon aku di \(Self.phone)"))
        #expect(shown.contains("shown unmasked"))
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("*"))).isEmpty)
        #expect(!ConsoleRenderer().render(state).text.contains(Self.phone))
    }

    @Test func aRefusedPublicReplyIsAskedAboutAndSentAnywayOnlyOnYes() {
        var state = exposedState()
        let id = ConversationID(1)
        let reply = AgentAction.reply(text: "kami telepon ke \(Self.phone)", isPrivate: false)
        let error = StoreError(.personalData, "the reply holds personal data (phone)")
        _ = ConsoleUpdate.update(&state, .personalDataRefused(reply, id, error))
        #expect(ConsoleRenderer().render(state).text.contains("(phone) and would be public — send anyway? (y/n)"))
        let declined = ConsoleUpdate.update(&state, .keyPressed(.character("n")))
        #expect(declined.isEmpty && state.mode == .normal)
        _ = ConsoleUpdate.update(&state, .personalDataRefused(reply, id, error))
        let sent = ConsoleUpdate.update(&state, .keyPressed(.character("y")))
        #expect(sent == [.perform(reply, id, seen: state.desk.openedRevision[id], allowing: [.phone])])
    }

    @Test func aReplyTypedOnTheCommandLineIsKeptAsTheDraftWhenNotSent() {
        var state = exposedState()
        let id = ConversationID(1)
        let reply = AgentAction.reply(text: "kami telepon ke \(Self.phone)", isPrivate: false)
        _ = ConsoleUpdate.update(&state, .personalDataRefused(reply, id, StoreError(.personalData, "refused")))
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("n")))
        #expect(state.desk.draft.text == "kami telepon ke \(Self.phone)")
    }

    @Test func nothingToRevealIsSaidAndNotJournaled() {
        var state = Fixture.openState(width: 120, height: 40)
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("*"))).isEmpty)
        #expect(state.flash?.text == "nothing masked in this conversation to show")
    }

    @Test func theFlagIsInTheTitleWhereAShortPaneHidesTheWarning() {
        var state = exposedState()
        state.width = 80
        state.height = 24
        let text = ConsoleRenderer().render(state).text
        #expect(text.contains("Conversation #1 @budi_s ◆ personal data"), "\(text)")
    }
}
