import ConversationStore
import Foundation
import Testing

@testable import AgentConsole

private func press(_ keys: [Key], _ state: inout ConsoleState) -> [ConsoleEffect] {
    keys.flatMap { ConsoleUpdate.update(&state, .keyPressed($0)) }
}

private func type(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
    press(text.map { Key.character($0) }, &state)
}

/// `space` marks rows; a tag, priority, snooze, status or no-reply then goes to every marked row, each an action of
/// its own, and one `U` takes them all back.
@Suite struct BulkActionTests {
    @Test func markedRowsAreTaggedAndResolvedTogetherAndUndoneTogether() {
        var state = Fixture.state(width: 120, height: 40)
        _ = press([.character(" "), .character(" ")], &state)
        #expect(state.desk.marked == [ConversationID(1), ConversationID(2)])
        #expect(state.selected == ConversationID(3), "marking moves to the next row")
        #expect(ConsoleRenderer().render(state).text.contains("needs-reply ●2"))
        _ = press([.character("t")], &state)
        let tagged = press(Array("refund".map(Key.character)) + [.enter], &state)
        #expect(
            tagged == [
                .perform(.tag(["refund"]), ConversationID(1)), .perform(.tag(["refund"]), ConversationID(2)),
            ])
        #expect(state.desk.marked.isEmpty, "the marks are spent")
        for row in Fixture.rows.prefix(2) {
            var after = row
            after.tags = ["refund"]
            _ = ConsoleUpdate.update(&state, .actionSucceeded(.tag(["refund"]), after))
        }
        #expect(state.flash?.text == "tagged refund: 2 of 2 marked conversations", "one message for them all")
        #expect(
            press([.character("U")], &state) == [
                .perform(.untag(["refund"]), ConversationID(1)), .perform(.untag(["refund"]), ConversationID(2)),
            ])
        #expect(state.flash?.text == "undoing the tag on 2 conversations")
        for row in Fixture.rows.prefix(2) {
            _ = ConsoleUpdate.update(&state, .actionSucceeded(.untag(["refund"]), row))
        }
        #expect(state.flash?.text == "took back the tag: 2 of 2 marked conversations")

        // Resolving goes with the revision each row was read at, so one answered meanwhile is refused, not asked.
        _ = press([.character("g"), .character(" "), .character("j"), .character(" ")], &state)
        #expect(state.desk.marked == [ConversationID(1), ConversationID(3)])
        let resolved = press([.character("x")], &state)
        #expect(
            resolved == [
                .perform(.setStatus(.resolved), ConversationID(1), seen: 0),
                .perform(.setStatus(.resolved), ConversationID(3), seen: 0),
            ])
        let overtaken = StoreError(
            .changedSinceRead, "rina answered conversation 3", holder: "rina", changedAt: Fixture.now, revision: 4)
        _ = ConsoleUpdate.update(&state, .actionOvertaken(.setStatus(.resolved), ConversationID(3), overtaken))
        #expect(state.mode == .normal, "a bulk row overtaken is said, not asked about")
        var resolved1 = Fixture.rows[0]
        resolved1.status = .resolved
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.setStatus(.resolved), resolved1))
        #expect(
            state.flash?.text == "resolved: 1 of 2 marked conversations; not done: rina answered conversation 3")
        #expect(state.flash?.isError == true)
    }

    @Test func escClearsTheMarksAndARowThatLeftTheListIsNotActedOn() {
        var state = Fixture.state(width: 80, height: 24)
        _ = press([.character(" "), .character(" ")], &state)
        _ = ConsoleUpdate.update(
            &state,
            .queueLoaded(
                QueuePage(conversations: Array(Fixture.rows.dropFirst()), next: nil),
                QueueCounts(needsReply: 3, breaching: 0, mine: 0), appended: false))
        #expect(state.desk.marked == [ConversationID(2)], "conversation 1 left the view")
        _ = press([.escape], &state)
        #expect(state.desk.marked.isEmpty && state.flash?.text == "1 mark cleared")
        #expect(press([.character("x")], &state) == [.perform(.setStatus(.resolved), state.selected!, seen: 0)])
    }

    @Test func aNoReplyMarkIsUndoneByTakingItBack() {
        var state = Fixture.openState(width: 120, height: 40)
        guard var marked = state.thread?.conversation else { return }
        marked.noReplyReason = "spam"
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.markNoReplyNeeded(reason: "spam"), marked))
        #expect(press([.character("U")], &state) == [.perform(.clearNoReply, ConversationID(1))])
    }
}

/// `T` lists the templates that fit the open conversation, searched as the agent types, one previewed whole; enter
/// puts it at the draft's cursor and journals it.
@Suite struct TemplateBrowserTests {
    static let choices = [
        TemplateChoice(
            template: ReplyTemplate(
                id: "minta-dm", name: "Minta DM", body: "", language: "id", tags: ["sinyal"], setsStatus: .pending),
            text: "Halo Budi, boleh DM nomor {{?ask:Nomor HP}} ya"),
        TemplateChoice(
            template: ReplyTemplate(id: "maaf", name: "Permohonan maaf", body: "", language: "id", tags: ["umum"]),
            text: "Mohon maaf atas ketidaknyamanannya, Kak Budi."),
    ]

    @Test func searchingAndInsertingAtTheCursorKeepsTheAgentsWords() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("r")], &state)
        _ = type("Halo Kak.", &state)
        _ = press([.escape], &state)
        #expect(press([.character("T")], &state) == [.loadTemplates(ConversationID(1))])
        #expect(state.mode == .templates)
        #expect(ConsoleRenderer().render(state).text.contains("loading"))
        _ = ConsoleUpdate.update(&state, .templatesLoaded(ConversationID(1), Self.choices))
        #expect(ConsoleRenderer().render(state).text.contains("Templates 2 of 2"))
        _ = type("mäaf", &state)
        #expect(state.desk.templateBrowser?.matching.map(\.template.id) == ["maaf"], "accents and case do not matter")
        let text = ConsoleRenderer().render(state).text
        #expect(text.contains("Templates 1 of 2") && text.contains("Mohon maaf atas ketidaknyamanannya"), "\(text)")
        let effects = press([.enter], &state)
        #expect(effects == [.record(.suggestionTaken(source: "template", reference: "maaf"), ConversationID(1))])
        #expect(state.desk.draft.text == "Halo Kak. Mohon maaf atas ketidaknyamanannya, Kak Budi.")
        #expect(state.flash?.text == "template “Permohonan maaf” inserted")
        #expect(state.mode == .compose && state.desk.templateBrowser == nil)
    }

    @Test func aTemplateInsertedIntoTheAgentsWordsBringsWhatItDoesWhenSent() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("r")], &state)
        _ = type("Halo.", &state)
        _ = press([.escape, .character("T")], &state)
        _ = ConsoleUpdate.update(&state, .templatesLoaded(ConversationID(1), Self.choices))
        _ = press([.enter], &state)
        #expect(state.desk.draftMeta.setsStatus == .pending)
        #expect(state.desk.draft.text.hasPrefix("Halo. Halo Budi, boleh DM"))
        #expect(state.flash?.text == "template “Minta DM” inserted; sending sets pending")
    }

    @Test func anEmptyDraftTakesTheTemplateWithItsFollowUpsAndAsksItsFields() {
        var state = Fixture.openState(width: 80, height: 24)
        _ = press([.character("T")], &state)
        _ = ConsoleUpdate.update(&state, .templatesLoaded(ConversationID(1), Self.choices))
        _ = press([.down, .up], &state)
        _ = press([.enter], &state)
        #expect(state.desk.draftMeta.setsStatus == .pending && state.desk.draftMeta.suggestion == "minta-dm")
        #expect(state.mode == .prompt(.askField(placeholder: "{{?ask:Nomor HP}}"), LineInput()))
    }

    @Test func escClosesAndNothingMatchingInsertsNothing() {
        var state = Fixture.openState(width: 60, height: 20)
        _ = press([.character("T")], &state)
        _ = ConsoleUpdate.update(&state, .templatesLoaded(ConversationID(1), Self.choices))
        _ = type("zzz", &state)
        #expect(press([.enter], &state).isEmpty && state.flash?.text == "no template matches")
        #expect(ConsoleRenderer().render(state).text.contains("no template fits"))
        _ = press([.escape], &state)
        #expect(state.mode == .normal && state.desk.templateBrowser == nil && state.desk.draft.text.isEmpty)
    }

    @Test func aConversationAnotherAgentHoldsGetsNoBrowser() {
        var state = Fixture.openState(width: 120, height: 40)
        state.thread?.conversation.assignee = "budi"
        state.thread?.conversation.claimExpiresAt = Fixture.now.addingTimeInterval(300)
        #expect(press([.character("T")], &state).isEmpty && state.mode == .normal)
    }
}

/// `H` shows the customer's history beside the thread; it follows the open thread and closes with `H` or esc.
@Suite struct CustomerHistoryTests {
    static func history(for id: ConversationID) -> CustomerHistory {
        var older = Fixture.rows[4]
        older.tags = ["refund"]
        older.status = .resolved
        return CustomerHistory(
            conversation: id, customer: Fixture.customer("budi_s", name: "Budi"),
            conversations: [Fixture.rows[0], older], conversationTotal: 6, messagesWritten: 23,
            notes: [
                CustomerHistory.Note(
                    conversation: ConversationID(5), agent: "rina", text: "minta refund, nomor 081234567890",
                    at: Fixture.now)
            ])
    }

    @Test(arguments: [(120, 40), (80, 24), (60, 20)])
    func theHistoryShowsStandingConversationsNotesAndTags(_ width: Int, _ height: Int) {
        var state = Fixture.openState(width: width, height: height)
        if width < 72 { _ = press([.tab], &state) }
        #expect(press([.character("H")], &state) == [.loadHistory(ConversationID(1))])
        _ = ConsoleUpdate.update(&state, .historyLoaded(ConversationID(1), Self.history(for: ConversationID(1))))
        let text = ConsoleRenderer().render(state).text
        #expect(text.contains("loyal customer: 6 conv"), "\(text)")
        #expect(text.contains("rina: minta refund") || width < 120, "\(text)")
        #expect(!text.contains("081234567890"), "personal data in a note is masked")
        _ = press([.character("H")], &state)
        #expect(state.desk.history == nil && state.desk.historyFor == nil)
    }

    @Test func theHistoryFollowsTheOpenThreadAndEscClosesIt() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("H")], &state)
        _ = ConsoleUpdate.update(&state, .historyLoaded(ConversationID(1), Self.history(for: ConversationID(1))))
        #expect(ConsoleRenderer().render(state).text.contains("tags: refund"))
        var next = Fixture.thread
        next.conversation = Fixture.rows[1]
        state.opened = ConversationID(2)
        let effects = ConsoleUpdate.update(&state, .threadLoaded(next, [], []))
        #expect(effects.contains(.loadHistory(ConversationID(2))) && state.desk.history == nil)
        _ = ConsoleUpdate.update(&state, .historyLoaded(ConversationID(1), Self.history(for: ConversationID(1))))
        #expect(state.desk.history == nil, "a late answer for the last conversation is dropped")
        _ = ConsoleUpdate.update(&state, .historyLoaded(ConversationID(2), nil))
        #expect(state.desk.historyFor == nil && state.flash?.text == "2 has no customer to show a history of")
        _ = press([.character("H")], &state)
        _ = press([.escape], &state)
        #expect(state.desk.historyFor == nil)
    }
}

/// Each tick the console says which conversation it has open and whether the agent types, reads who else has it
/// open, and alerts on the agent's conversations about to breach.
@Suite struct PresenceAndAlertTests {
    static func tick(_ seconds: Double, _ state: inout ConsoleState) -> [ConsoleEffect] {
        ConsoleUpdate.update(&state, .clockTicked(Fixture.now.addingTimeInterval(seconds)))
    }

    @Test func theOpenConversationIsSaidThenTypingThenNothing() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(Self.tick(1, &state).isEmpty, "nothing open, nothing said yet")
        state = Fixture.openState(width: 120, height: 40)
        #expect(Self.tick(1, &state) == [.announce(ConversationID(1), typing: false)])
        #expect(Self.tick(2, &state).isEmpty)
        #expect(Self.tick(3, &state) == [.loadPresence(ConversationID(1))], "who else is there, every third second")
        _ = press([.character("r")], &state)
        _ = type("Halo", &state)
        #expect(Self.tick(4, &state) == [.announce(ConversationID(1), typing: true)])
        #expect(Self.tick(5, &state).isEmpty)
        #expect(Self.tick(4 + PresenceRules.typingEvery, &state).contains(.announce(ConversationID(1), typing: true)))
        // Keys stopped: typing ends once it would have gone stale anyway.
        #expect(Self.tick(4 + PresenceRules.typingFor, &state).contains(.announce(ConversationID(1), typing: false)))
        _ = press([.escape, .character("h"), .escape], &state)
        #expect(state.thread == nil)
        #expect(Self.tick(40, &state) == [.announce(nil, typing: false)])
    }

    @Test func whoElseIsThereShowsOnTheThreadsEdge() {
        var state = Fixture.openState(width: 80, height: 24)
        _ = ConsoleUpdate.update(
            &state,
            .presenceLoaded(
                ConversationID(1),
                [
                    Presence(
                        session: "b", agent: "budi", conversation: ConversationID(1), typing: true, at: Fixture.now),
                    Presence(
                        session: "r", agent: "rina", conversation: ConversationID(1), typing: false, at: Fixture.now),
                ]))
        let text = ConsoleRenderer().render(state).text
        #expect(text.contains("budi is typing… · rina is reading"), "\(text)")
        _ = ConsoleUpdate.update(&state, .presenceLoaded(ConversationID(2), []))
        #expect(state.desk.presence.count == 2, "presence of another conversation is not this one's")
    }

    @Test func mineAboutToBreachIsAlertedOnceAndRingsOnlyWhenAsked() {
        var state = Fixture.state(width: 120, height: 40)
        var mine = Fixture.rows[1]
        mine.assignee = "ani"
        mine.slaDueAt = Fixture.now.addingTimeInterval(4.5 * 60)
        state.rows[1] = mine
        let effects = Self.tick(1, &state)
        #expect(state.flash?.text == "2 is yours and breaches its SLA in 4m")
        #expect(!effects.contains(.bell), "the bell is off unless the config turns it on")
        _ = Self.tick(2, &state)
        #expect(state.messageLog.filter { $0.text.contains("breaches") }.count == 1, "once")
        var ringing = Fixture.state(width: 120, height: 40)
        ringing.bellOnAlerts = true
        ringing.rows[1] = mine
        #expect(Self.tick(1, &ringing).contains(.bell))
        #expect(!Self.tick(2, &ringing).contains(.bell))
    }

    @Test func aNewCustomerMessageInTheOpenThreadIsAnAlert() {
        var state = Fixture.openState(width: 120, height: 40)
        state.bellOnAlerts = true
        var later = state.thread!
        later.messages.append(Fixture.message(13, .inbound, "halo min??", minutesAgo: 0))
        _ = ConsoleUpdate.update(&state, .threadLoaded(later, Fixture.suggestions, Fixture.articles))
        #expect(state.flash?.text == "new message from @budi_s in 1")
        #expect(Self.tick(1, &state).contains(.bell))
        _ = ConsoleUpdate.update(&state, .threadLoaded(later, Fixture.suggestions, Fixture.articles))
        #expect(!Self.tick(2, &state).contains(.bell), "the same thread again is no news")
    }
}

/// What the shift in a real terminal turned up.
@Suite struct ShiftFindingsTests {
    @Test func aFlagOrSkinToneTypedThenBackspacedLosesNothing() {
        var input = LineInput()
        for key in ["T", "o", "p", " ", "👍", "\u{1F3FD}"] {
            _ = input.apply(.character(Character(key)), multiline: true)
        }
        #expect(input.text == "Top 👍🏽" && input.cursor == input.text.count)
        _ = input.apply(.backspace, multiline: true)
        #expect(input.text == "Top ")
        var flag = LineInput("ok")
        _ = flag.apply(.character("\u{1F1EE}"), multiline: false)
        _ = flag.apply(.character("\u{1F1E9}"), multiline: false)
        #expect(flag.text == "ok🇮🇩" && flag.cursor == 3)
        _ = flag.apply(.left, multiline: false)
        _ = flag.apply(.character("\u{1F1EE}"), multiline: false)
        _ = flag.apply(.backspace, multiline: false)
        _ = flag.apply(.backspace, multiline: false)
        _ = flag.apply(.end, multiline: false)
        _ = flag.apply(.backspace, multiline: false)
        #expect(flag.cursor <= flag.text.count)
        var stale = LineInput("abc")
        stale.cursor = 9
        _ = stale.apply(.backspace, multiline: false)
        #expect(stale.text == "ab")
    }

    @Test func nothingActsWhileTheTerminalIsTooSmallButQ() {
        var state = Fixture.openState(width: 30, height: 10)
        #expect(press([.character("x"), .character("!"), .character("r"), .enter], &state).isEmpty)
        #expect(state.mode == .normal)
        let text = ConsoleRenderer().render(state).text
        #expect(text.contains("or press q to quit"), "\(text)")
        #expect(press([.character("q")], &state).contains(.quit))
    }

    @Test func presenceOfTheLastConversationIsNotShownOnTheNext() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = ConsoleUpdate.update(
            &state,
            .presenceLoaded(
                ConversationID(1),
                [Presence(session: "b", agent: "budi", conversation: ConversationID(1), typing: true, at: Fixture.now)])
        )
        var next = Fixture.thread
        next.conversation = Fixture.rows[1]
        state.opened = ConversationID(2)
        _ = ConsoleUpdate.update(&state, .threadLoaded(next, [], []))
        #expect(state.desk.presence.isEmpty)
        #expect(!ConsoleRenderer().render(state).text.contains("budi is typing"))
    }

    @Test func theHistoryIsReadAgainWhenTheStoreChanges() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("H")], &state)
        #expect(ConsoleUpdate.update(&state, .storeChanged).contains(.loadHistory(ConversationID(1))))
    }

    @Test func tagsAreTakenAsShownWithCommas() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("t")], &state)
        #expect(type("promo, vip", &state).isEmpty)
        #expect(press([.enter], &state) == [.perform(.tag(["promo", "vip"]), ConversationID(1))])
    }

    @Test func nextInAReplayGoesToTheNextConversation() {
        var state = Fixture.reviewState(width: 120, height: 40)
        _ = press([.enter], &state)
        #expect(state.focus == .conversation)
        let first = state.selected
        let effects = press([.character("n")], &state)
        #expect(state.selected != first && effects == [.loadTimeline(state.selected!)])
    }

    /// One pane at a time: a suggestion taken with the queue in view brings the draft into view, so what is typed
    /// next is seen going into it (and enter does not send a draft the agent cannot see).
    @Test func aDraftBegunWithTheQueueInViewComesIntoView() {
        var state = Fixture.openState(width: 60, height: 20)
        state.focus = .queue
        _ = press([.character("2")], &state)
        #expect(state.mode == .compose && state.focus == .conversation)
        #expect(ConsoleRenderer().render(state).text.contains("Matikan mode pesawat"), "the draft is on screen")
        state.focus = .queue
        _ = press([.escape, .character("1")], &state)
        _ = press([.escape], &state)
        #expect(state.focus == .conversation, "a field asked for, then left: the draft shows")
    }

    @Test func aTemplateTakenByDigitSaysWhatSendingItDoes() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = press([.character("1")], &state)
        #expect(state.flash?.text == "suggestion 1 taken; sending sets pending and adds sinyal")
    }

    @Test func aLongMessageIsReadWholeOnRowsAboveTheStatusBar() {
        var state = Fixture.state(width: 80, height: 24)
        let text =
            "not sent; the draft is kept (P, then enter, sends it privately) — and this sentence runs on past "
            + "eighty columns to the end"
        ConsoleUpdate.flash(text, &state)
        let screen = ConsoleRenderer().render(state).text.replacingOccurrences(of: "\n", with: " ")
        #expect(screen.contains("sends it privately)") && screen.contains("to the end"), "\(screen)")
    }

    @Test func aShortTerminalStillPreviewsTheTemplateText() {
        var state = Fixture.openState(width: 40, height: 12)
        _ = press([.character("T")], &state)
        _ = ConsoleUpdate.update(&state, .templatesLoaded(ConversationID(1), TemplateBrowserTests.choices))
        _ = press([.down], &state)
        #expect(ConsoleRenderer().render(state).text.contains("Mohon maaf"))
    }
}
