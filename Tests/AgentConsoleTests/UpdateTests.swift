import ConversationStore
import Foundation
import Testing

@testable import AgentConsole

@Suite struct UpdateTests {
    func press(_ keys: [Key], _ state: inout ConsoleState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleUpdate.update(&state, .keyPressed($0)) }
    }

    func type(_ text: String, _ state: inout ConsoleState) {
        for character in text { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
    }

    @Test func theFirstRowIsSelectedWhenTheQueueLoads() {
        let state = Fixture.state(width: 120, height: 40)
        #expect(state.selected == ConversationID(1))
    }

    static let moves: [([Key], Int64)] = [
        ([.character("j")], 2), ([.character("j"), .character("j"), .character("k")], 2),
        ([.down, .down, .down, .down, .down, .down], 5), ([.character("G")], 5),
        ([.character("G"), .character("g")], 1),
        ([.up], 1),
    ]

    @Test(arguments: moves)
    func movingTheSelection(_ keys: [Key], _ expected: Int64) {
        var state = Fixture.state(width: 120, height: 40)
        _ = press(keys, &state)
        #expect(state.selected == ConversationID(expected))
    }

    @Test func openingClaimsFirstThenLoadsTheThread() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(press([.enter], &state) == [.perform(.claim(leaseSeconds: 600), ConversationID(1), seen: 0)])
        #expect(state.focus == .conversation)
        var claimed = Fixture.rows[0]
        claimed.assignee = "ani"
        let effects = ConsoleUpdate.update(&state, .actionSucceeded(.claim(leaseSeconds: 600), claimed))
        #expect(effects.first == .loadThread(ConversationID(1)))
    }

    @Test func openingAConversationClaimedByAnotherAgentIsReadOnly() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.character("j"), .character("j")], &state)
        #expect(press([.enter], &state) == [.loadThread(ConversationID(3))])
        #expect(state.flash?.text == "claimed by budi (read only)")
    }

    @Test func aLostClaimRaceStillShowsTheThread() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.enter], &state)
        let effects = ConsoleUpdate.update(
            &state,
            .actionFailed(
                .claim(leaseSeconds: 600),
                StoreError(.claimHeld, "conversation 1 is claimed by citra", holder: "citra")))
        #expect(effects == [.loadThread(ConversationID(1))])
        #expect(state.flash?.text == "conversation 1 is claimed by citra (read only)")
        #expect(state.flash?.isError == true)
    }

    @Test func aClaimOnAConversationThatIsGoneIsOnlySaid() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.enter], &state)
        let effects = ConsoleUpdate.update(
            &state, .actionFailed(.claim(leaseSeconds: 600), StoreError(.notFound, "no conversation with id 1")))
        #expect(effects.isEmpty)
        #expect(state.flash?.text == "no conversation with id 1")
        #expect(state.storeError == nil)
    }

    @Test func aRefusedReadIsSaidButAnUnreachableStoreIsAnOutage() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .storeFailed(StoreError(.notFound, "no conversation with id 9")))
        #expect(state.storeError == nil && state.flash?.text == "no conversation with id 9")
        // An even second that is no half minute: nothing to try again, nothing to reload.
        let even = Date(timeIntervalSince1970: 1_800_000_002)
        #expect(Fixture.storeWork(ConsoleUpdate.update(&state, .clockTicked(even))) == [])
        _ = ConsoleUpdate.update(&state, .storeFailed(StoreError(.unavailable, "the store cannot be reached")))
        #expect(state.storeError?.code == .unavailable)
        #expect(ConsoleUpdate.update(&state, .clockTicked(even.addingTimeInterval(2))) == [.reconnect])
    }

    @Test func takingASuggestionAsksForItsFieldsThenSends() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("1")], &state)
        #expect(state.mode == .prompt(.askField(placeholder: "{{?ask:Nomor HP}}"), LineInput()))
        type("0812-555", &state)
        _ = press([.enter], &state)
        #expect(state.mode == .compose)
        #expect(state.desk.draft.text == "Halo Budi, boleh DM nomor HP 0812-555 dan lokasi Kakak ya. ^ani")
        let sent = press([.enter], &state)
        #expect(
            sent == [
                // Filling the field is what the template asks for, not an edit: sent as filled, it is unedited.
                .record(.suggestionEdited(reference: "minta-dm", wordsChanged: 0, editedShare: 0), ConversationID(1)),
                .perform(
                    .reply(text: "Halo Budi, boleh DM nomor HP 0812-555 dan lokasi Kakak ya. ^ani", isPrivate: false),
                    ConversationID(1), seen: 0),
            ])
        // The template's follow-ups run once the reply is stored.
        let after = ConsoleUpdate.update(
            &state, .actionSucceeded(.reply(text: "…", isPrivate: false), Fixture.thread.conversation))
        #expect(after.contains(.perform(.tag(["sinyal"]), ConversationID(1))))
        #expect(after.contains(.perform(.setStatus(.pending), ConversationID(1))))
        #expect(state.desk.draft.text.isEmpty)
        #expect(state.desk.drafts[ConversationID(1)] == nil)
    }

    /// Another agent answered after this one opened the conversation: the reply comes back refused, the console
    /// asks, and yes sends it with the revision the refusal named (which the journal entry keeps); no keeps the draft.
    @Test func aReplyOvertakenByAnotherAgentsAnswerAsksThenSendsAnywayWithTheNewRevision() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("r")], &state)
        type("Siap kak", &state)
        let reply = AgentAction.reply(text: "Siap kak", isPrivate: false)
        #expect(press([.enter], &state) == [.perform(reply, ConversationID(1), seen: 0)])
        let overtaken = StoreError(
            .changedSinceRead, "budi answered conversation 1 at 2027-01-15T08:02:00Z after you opened it",
            holder: "budi", changedAt: Date(timeIntervalSince1970: 1_800_000_000 + 120), revision: 7)
        #expect(ConsoleUpdate.update(&state, .actionOvertaken(reply, ConversationID(1), overtaken)) == [])
        guard case .prompt(.actAnyway(_, _, 7, let question), _) = state.mode else {
            Issue.record("no question asked: \(state.mode)")
            return
        }
        #expect(question == "budi answered at 08:02 — send anyway? (y/n)")
        #expect(press([.character("x")], &state) == [], "only y or n answers")
        #expect(press([.character("y")], &state) == [.perform(reply, ConversationID(1), seen: 7)])
        #expect(state.mode == .normal)
        // Asked again and declined: nothing is sent, and the draft is still there.
        _ = ConsoleUpdate.update(&state, .actionOvertaken(reply, ConversationID(1), overtaken))
        #expect(press([.character("n")], &state) == [])
        #expect(state.mode == .normal && state.flash?.text == "not sent; the draft is kept")
        #expect(state.desk.draft.text == "Siap kak")
    }

    /// The store goes away: a reply is kept in the journal (the draft is done with, the template's follow-ups are
    /// kept too), the console tries again every other second, one try at a time, and says when it is back.
    @Test func aLostStoreIsTriedAgainAndAKeptReplyIsNotSentTwice() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("1")], &state)
        type("0812-555", &state)
        _ = press([.enter], &state)
        _ = press([.enter], &state)
        let reply = AgentAction.reply(text: "Halo Budi", isPrivate: false)
        let kept = ConsoleUpdate.update(
            &state,
            .actionKept(reply, ConversationID(1), StoreError(.unavailable, "the store at db cannot be reached: kept")))
        #expect(
            kept == [.perform(.tag(["sinyal"]), ConversationID(1)), .perform(.setStatus(.pending), ConversationID(1))])
        #expect(state.desk.draft.text.isEmpty && state.desk.drafts[ConversationID(1)] == nil)
        #expect(state.storeError != nil && state.flash?.isError == true)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ConsoleUpdate.update(&state, .clockTicked(start.addingTimeInterval(1))) == [])
        #expect(ConsoleUpdate.update(&state, .clockTicked(start)) == [.reconnect])
        #expect(ConsoleUpdate.update(&state, .clockTicked(start.addingTimeInterval(2))) == [], "one try at a time")
        _ = ConsoleUpdate.update(
            &state, .storeFailed(StoreError(.unavailable, "the store at db cannot be reached; trying again")))
        #expect(ConsoleUpdate.update(&state, .clockTicked(start.addingTimeInterval(4))) == [.reconnect])
        // A page that loads meanwhile does not hide the outage: only a try that stores the journal does.
        _ = ConsoleUpdate.update(
            &state,
            .queueLoaded(
                QueuePage(conversations: Fixture.rows, next: nil), QueueCounts(needsReply: 4, breaching: 1, mine: 0),
                appended: false))
        #expect(state.storeError != nil)
        let back = ConsoleUpdate.update(&state, .reconnected(applied: 3))
        #expect(state.storeError == nil && !state.reconnecting)
        #expect(state.flash?.text == "store reachable again · 3 journaled actions stored")
        #expect(back.contains(.loadThread(ConversationID(1))))
        #expect(Fixture.storeWork(ConsoleUpdate.update(&state, .clockTicked(start.addingTimeInterval(6)))) == [])
    }

    @Test func aReplyWithAnUnfilledFieldCannotBeSent() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("1"), .escape], &state)
        #expect(state.mode == .compose)
        let effects = press([.enter], &state)
        #expect(effects.isEmpty)
        #expect(state.mode == .prompt(.askField(placeholder: "{{?ask:Nomor HP}}"), LineInput()))
    }

    @Test func anEmptyReplyIsRefused() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("r")], &state)
        #expect(press([.enter], &state).isEmpty)
        #expect(state.flash?.text == "the reply is empty")
    }

    @Test func draftsSurviveLeavingTheConversationAndQuitting() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("r")], &state)
        type("sebentar ya kak", &state)
        _ = press([.escape, .escape], &state)
        #expect(state.desk.drafts[ConversationID(1)]?.text == "sebentar ya kak")
        _ = press([.character("j"), .enter], &state)
        #expect(state.desk.draft.text.isEmpty)
        _ = press([.escape, .character("k"), .enter], &state)
        #expect(state.desk.draft.text == "sebentar ya kak")
        let effects = press([.character("q")], &state)
        #expect(effects.last == .quit)
        guard case .saveDrafts(let drafts) = effects.first else {
            Issue.record("quitting must save the drafts first")
            return
        }
        #expect(drafts[ConversationID(1)]?.text == "sebentar ya kak")
    }

    @Test func aHangUpSavesTheDraftBeingTyped() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("a")], &state)
        type("pelanggan VIP", &state)
        let effects = ConsoleUpdate.update(&state, .interrupted)
        #expect(effects.count == 2)
        if case .saveDrafts(let drafts) = effects.first {
            #expect(drafts[ConversationID(1)]?.text == "pelanggan VIP")
            #expect(drafts[ConversationID(1)]?.isNote == true)
        } else {
            Issue.record("expected the drafts to be saved")
        }
        #expect(press([.control("c")], &state).last == .quit)
    }

    @Test func liveUpdatesKeepTheSelectionAndTheDraft() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("r")], &state)
        type("halo", &state)
        _ = press([.escape], &state)
        state.focus = .queue
        _ = press([.character("j")], &state)
        #expect(state.selected == ConversationID(2))
        // A new conversation arrives at the top.
        let newcomer = Fixture.conversation(9, handle: "new", name: "New", snippet: "baru", dueInMinutes: -30)
        _ = ConsoleUpdate.update(
            &state,
            .queueLoaded(
                QueuePage(conversations: [newcomer] + Fixture.rows, next: nil),
                QueueCounts(needsReply: 5, breaching: 2, mine: 1), appended: false))
        #expect(state.selected == ConversationID(2))
        #expect(state.selectedIndex == 2)
        #expect(state.desk.drafts[ConversationID(1)]?.text == "halo")
        #expect(state.counts.breaching == 2)
    }

    @Test func whenTheSelectedConversationLeavesTheRowInItsPlaceIsSelected() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.character("j")], &state)
        let remaining = Fixture.rows.filter { $0.id != ConversationID(2) }
        _ = ConsoleUpdate.update(
            &state, .queueLoaded(QueuePage(conversations: remaining, next: nil), state.counts, appended: false))
        #expect(state.selected == ConversationID(3))
    }

    @Test func movingNearTheEndLoadsMore() {
        var state = Fixture.state(width: 120, height: 40)
        let cursor = QueueCursor(view: .needsReply, keys: [1, 2, 3])
        state.nextCursor = cursor
        #expect(press([.character("j")], &state) == [.loadMore(.needsReply, QueueFilter(), after: cursor, limit: 200)])
    }

    @Test func searchFiltersTheQueue() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.character("/")], &state)
        type("status:open tag:refund lemot", &state)
        let effects = press([.enter], &state)
        let filter = QueueFilter(status: .open, tag: "refund", text: "lemot")
        #expect(effects == [.loadQueue(.needsReply, filter, limit: 200)])
        #expect(state.desk.filter == filter)
        _ = press([.character("/")], &state)
        type(" channel:Not_A-Channel!", &state)
        #expect(press([.enter], &state).isEmpty)
        #expect(state.flash?.text == "channel: takes a channel's name or code, like whatsapp or wa")
        // esc in the queue clears the filter.
        #expect(press([.escape], &state) == [.loadQueue(.needsReply, QueueFilter(), limit: 200)])
    }

    @Test(arguments: [
        (":tag refund VIP", [ConsoleEffect.perform(.tag(["refund", "VIP"]), ConversationID(1))]),
        (":priority urgent", [.perform(.setPriority(.urgent), ConversationID(1))]),
        (":resolve", [.perform(.setStatus(.resolved), ConversationID(1), seen: 0)]),
        (":no-reply spam", [.perform(.markNoReplyNeeded(reason: "spam"), ConversationID(1))]),
        (":snooze 2h", [.perform(.snooze(until: Fixture.now.addingTimeInterval(7200)), ConversationID(1))]),
        (":view mine", [.loadQueue(.mine, QueueFilter(), limit: 200)]),
        (":reply Siap kak", [.perform(.reply(text: "Siap kak", isPrivate: false), ConversationID(1), seen: 0)]),
        (":private Kami DM ya", [.perform(.reply(text: "Kami DM ya", isPrivate: true), ConversationID(1), seen: 0)]),
        (":note cek dulu", [.perform(.note(text: "cek dulu"), ConversationID(1))]),
        (":open 3", [.loadThread(ConversationID(3))]),
        (":frobnicate", []),
    ])
    func everyActionIsACommand(_ line: String, _ expected: [ConsoleEffect]) {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character(":")], &state)
        type(String(line.dropFirst()), &state)
        #expect(press([.enter], &state) == expected)
        if expected.isEmpty { #expect(state.flash?.text == "unknown command 'frobnicate'; ? lists them") }
    }

    @Test func promptsAskThenAct() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("z")], &state)
        type("soon", &state)
        #expect(press([.enter], &state).isEmpty)
        #expect(state.flash?.isError == true)
        _ = press([.character("!")], &state)
        type("HIGH", &state)
        #expect(press([.enter], &state) == [.perform(.setPriority(.high), ConversationID(1))])
        // The start of the word will do.
        for (typed, priority) in [("u", Priority.urgent), ("l", .low), ("nor", .normal)] {
            _ = press([.character("!")], &state)
            type(typed, &state)
            #expect(press([.enter], &state) == [.perform(.setPriority(priority), ConversationID(1))])
        }
        _ = press([.character("!")], &state)
        type("x", &state)
        #expect(press([.enter], &state).isEmpty)
        #expect(state.flash?.text == "priority is low, normal, high or urgent (l, n, h or u will do)")
        _ = press([.character("X")], &state)
        type("spam", &state)
        #expect(press([.enter], &state) == [.perform(.markNoReplyNeeded(reason: "spam"), ConversationID(1))])
    }

    /// `n` asks the store for the next conversation nobody holds (in the queue's order and filter), whether or not
    /// the queue has arrived, and opens the one claimed; when none is free it says so.
    @Test func nextClaimsTheNextFreeConversationThroughTheStoreAndOpensIt() {
        var state = Fixture.openState(width: 120, height: 40)
        #expect(
            press([.character("n")], &state)
                == [.claimNext(.needsReply, QueueFilter(), leaseSeconds: 600, excluding: ConversationID(1))])
        var claimed = Fixture.rows[1]
        claimed.assignee = "ani"
        let effects = ConsoleUpdate.update(&state, .nextClaimed(claimed))
        #expect(effects == [.loadThread(ConversationID(2)), .loadQueue(.needsReply, QueueFilter(), limit: 200)])
        #expect(state.opened == ConversationID(2) && state.thread == nil)
        #expect(state.rows.first { $0.id == ConversationID(2) }?.assignee == "ani")
        #expect(ConsoleUpdate.update(&state, .nextClaimed(nil)) == [])
        #expect(state.flash?.text == "nothing else needs a reply here")

        var loading = ConsoleState(agent: "ani", width: 120, height: 40, now: Fixture.now)
        _ = press([.character("/")], &loading)
        type("tag:refund", &loading)
        _ = press([.enter], &loading)
        #expect(
            press([.character("n")], &loading) == [
                .claimNext(.needsReply, QueueFilter(tag: "refund"), leaseSeconds: 600, excluding: nil)
            ])
    }

    @Test func enterWhileTheQueueLoadsOpensTheFirstRowWhenItArrives() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.character("v")], &state)
        #expect(press([.enter], &state).isEmpty)
        let effects = ConsoleUpdate.update(
            &state, .queueLoaded(QueuePage(conversations: [Fixture.rows[1]], next: nil), state.counts, appended: false))
        #expect(effects == [.perform(.claim(leaseSeconds: 600), ConversationID(2), seen: 0)])
    }

    @Test func viewKeyCyclesViews() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(press([.character("v")], &state) == [.loadQueue(.probablyNoReply, QueueFilter(), limit: 200)])
        #expect(state.rows.isEmpty)
        #expect(press([.character("v")], &state) == [.loadQueue(.unhappy, QueueFilter(), limit: 200)])
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.character("?")], &state)
        #expect(state.mode == .help)
        _ = press([.character("x")], &state)
        #expect(state.mode == .normal)
    }

    @Test func theClockReloadsTheQueueTwiceAMinute() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(ConsoleUpdate.update(&state, .clockTicked(Fixture.now.addingTimeInterval(1))).isEmpty)
        #expect(
            ConsoleUpdate.update(&state, .clockTicked(Fixture.now.addingTimeInterval(30))) == [
                .loadQueue(.needsReply, QueueFilter(), limit: 200)
            ])
    }

    @Test func newMessagesAreMarkedSinceTheLastLook() {
        var state = Fixture.openState(width: 120, height: 40)
        #expect(state.newAfter == nil)
        #expect(state.lastSeen[ConversationID(1)] == 12)
        state.thread = nil
        var later = Fixture.thread
        later.messages.append(Fixture.message(13, .inbound, "udah 1 jam", minutesAgo: 1))
        _ = ConsoleUpdate.update(&state, .threadLoaded(later, [], []))
        #expect(state.newAfter == 12)
    }
}
