import ConversationStore
import Foundation
import Testing
import TextAnalysis

@testable import AgentConsole

extension Fixture {
    /// A journal event at some minutes before `now`.
    static func event(
        _ action: JournalAction, minutesAgo: Double, agent: String = "ani", outcome: StoreEvent.Outcome = .applied
    ) -> StoreEvent {
        let entry = JournalEntry.make(
            time: now.addingTimeInterval(-minutesAgo * 60), agent: agent, host: "ws-1", store: "s", journal: nil,
            action: action, conversation: ConversationID(1), previousHash: JournalEntry.genesisHash
        ).entry
        return StoreEvent(entry: entry, outcome: outcome, error: outcome == .refused ? "claimed by budi" : nil)
    }

    /// Conversation 1 answered by ani 12 minutes after the customer wrote, as the journal recorded it.
    static let answered: ConversationThread = {
        var conversation = rows[0]
        conversation.status = .resolved
        conversation.firstResponseAt = now.addingTimeInterval(-48 * 60)
        conversation.firstResponder = "ani"
        conversation.resolvedAt = now.addingTimeInterval(-30 * 60)
        return ConversationThread(
            conversation: conversation,
            messages: [
                message(10, .inbound, "@TelkomCare sinyal lemot bgt dr pagi", minutesAgo: 60),
                message(
                    13, .outbound, "Halo Budi, coba matikan mode pesawat 10 detik ya. ^ani", minutesAgo: 48,
                    agent: "ani"),
            ])
    }()

    static let answeredEvents = [
        event(.agent(.claim(leaseSeconds: 600)), minutesAgo: 55),
        event(.suggestionsShown(["kb:sinyal-lemot", "template:minta-dm"]), minutesAgo: 55),
        event(.suggestionTaken(source: "kb", reference: "sinyal-lemot"), minutesAgo: 50),
        event(.suggestionEdited(reference: "sinyal-lemot", wordsChanged: 3, editedShare: 0.25), minutesAgo: 48),
        event(.agent(.reply(text: "Halo Budi", isPrivate: false)), minutesAgo: 48),
        event(.agent(.reply(text: "halo", isPrivate: false)), minutesAgo: 47, agent: "budi", outcome: .refused),
        event(.agent(.setStatus(.resolved)), minutesAgo: 30),
        event(.reviewNote(text: "tepat dan ramah"), minutesAgo: 5, agent: "sari"),
        event(.reviewScore(5), minutesAgo: 5, agent: "sari"),
    ]

    /// The review with conversation 1 replayed.
    static func reviewState(width: Int, height: Int) -> ConsoleState {
        var state = ConsoleState(
            agent: "sari", width: width, height: height, now: now, timeZone: TimeZone(identifier: "UTC") ?? .gmt,
            kind: .review(ReviewDesk()))
        _ = ConsoleUpdate.update(
            &state,
            .queueLoaded(
                QueuePage(conversations: [answered.conversation, rows[4]], next: nil),
                QueueCounts(needsReply: 4, breaching: 1, mine: 0), appended: false))
        _ = ConsoleUpdate.update(&state, .keyPressed(.enter))
        _ = ConsoleUpdate.update(&state, .eventsLoaded(ConversationID(1), answeredEvents))
        _ = ConsoleUpdate.update(&state, .threadLoaded(answered, [], []))
        return state
    }
}

@Suite struct ReviewUpdateTests {
    @Test func openingReplaysWithoutClaiming() {
        var state = Fixture.state(width: 120, height: 40)
        state.kind = .review(ReviewDesk())
        let effects = ConsoleUpdate.update(&state, .keyPressed(.enter))
        #expect(effects == [.loadTimeline(ConversationID(1))])
    }

    @Test(arguments: ["r", "P", "x", "X", "c", "u", "t", "!", "p", "z", "e", "i", ":"])
    func customerFacingKeysAreRefused(_ key: String) throws {
        var state = Fixture.reviewState(width: 120, height: 40)
        let effects = ConsoleUpdate.update(&state, .keyPressed(.character(try #require(key.first))))
        #expect(effects.isEmpty)
        #expect(state.mode == .normal)
        #expect(state.flash?.isError == true)
        #expect(state.flash?.text.contains("read-only") == true)
    }

    @Test func aNoteAndAScoreAreJournaled() {
        var state = Fixture.reviewState(width: 120, height: 40)
        #expect(
            ConsoleUpdate.update(&state, .keyPressed(.character("4"))) == [.record(.reviewScore(4), ConversationID(1))])
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("a")))
        for character in "bagus" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        let effects = ConsoleUpdate.update(&state, .keyPressed(.enter))
        #expect(effects == [.record(.reviewNote(text: "bagus"), ConversationID(1))])
        let reload = ConsoleUpdate.update(&state, .recorded(.reviewNote(text: "bagus"), ConversationID(1)))
        #expect(reload == [.loadTimeline(ConversationID(1))])
        #expect(state.flash?.text == "review note saved")
    }

    @Test func theFilterIsAReviewFilter() {
        var state = Fixture.reviewState(width: 120, height: 40)
        state.focus = .queue
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("/")))
        for character in "agent:ani breached" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        let effects = ConsoleUpdate.update(&state, .keyPressed(.enter))
        #expect(
            effects == [.loadHandled(ReviewFilter(agent: "ani", breachedOnly: true), limit: ConsoleUpdate.pageSize)])
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("/")))
        for character in " owner:x" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        _ = ConsoleUpdate.update(&state, .keyPressed(.enter))
        #expect(state.flash?.isError == true)
    }

    @Test func theDashboardOpensLoadsAndCloses() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("D"))) == [.loadDashboard])
        #expect(state.showingDashboard)
        #expect(ConsoleUpdate.update(&state, .storeChanged).contains(.loadDashboard))
        _ = ConsoleUpdate.update(&state, .keyPressed(.escape))
        #expect(!state.showingDashboard)
        #expect(!ConsoleUpdate.update(&state, .storeChanged).contains(.loadDashboard))
    }

    /// A reviewer corrects a score by scoring again: each reviewer's latest score counts, once.
    @Test func aReviewersLaterScoreReplacesTheirEarlierOne() {
        let events =
            Fixture.answeredEvents + [
                Fixture.event(.reviewScore(3), minutesAgo: 4, agent: "budi"),
                Fixture.event(.reviewScore(2), minutesAgo: 3, agent: "sari"),
                Fixture.event(.reviewScore(4), minutesAgo: 2, agent: "budi"),
            ]
        let figures = ConsoleRenderer.ReviewFigures(
            Fixture.answered.conversation, events: events, policy: SLAPolicy(), now: Fixture.now)
        #expect(figures.scores == [2, 4])
    }

    /// The dashboard says any key closes it, and q is a key: it closes the dashboard rather than quitting.
    @Test func qClosesTheDashboardAndDoesNotQuit() {
        var state = Fixture.state(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("D")))
        let effects = ConsoleUpdate.update(&state, .keyPressed(.character("q")))
        #expect(!effects.contains(.quit))
        #expect(!state.showingDashboard)
        // Closed, q quits as it always does.
        #expect(ConsoleUpdate.update(&state, .keyPressed(.character("q"))).last == .quit)
    }
}

@Suite struct ConsoleJournalTests {
    @Test func suggestionsShownAreJournaledOncePerConversationAndSet() {
        var state = Fixture.state(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.enter))
        let first = ConsoleUpdate.update(&state, .threadLoaded(Fixture.thread, Fixture.suggestions, Fixture.articles))
        #expect(first == [.record(.suggestionsShown(["template:minta-dm", "kb:sinyal-lemot"]), ConversationID(1))])
        let again = ConsoleUpdate.update(&state, .threadLoaded(Fixture.thread, Fixture.suggestions, Fixture.articles))
        #expect(again.isEmpty)
    }

    @Test func takingEditingAndSendingASuggestionIsJournaled() {
        var state = Fixture.openState(width: 120, height: 40)
        let taken = ConsoleUpdate.update(&state, .keyPressed(.character("2")))
        #expect(taken == [.record(.suggestionTaken(source: "kb", reference: "sinyal-lemot"), ConversationID(1))])
        for character in " Maaf ya" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        let sent = ConsoleUpdate.update(&state, .keyPressed(.enter))
        let text = "Matikan mode pesawat 10 detik lalu nyalakan lagi. Maaf ya"
        #expect(
            sent == [
                .record(
                    .suggestionEdited(reference: "sinyal-lemot", wordsChanged: 2, editedShare: 0.2),
                    ConversationID(1)),
                .perform(.reply(text: text, isPrivate: false), ConversationID(1), seen: 0),
            ])
    }

    @Test func insertingAnArticleIsJournaled() {
        var state = Fixture.openState(width: 120, height: 40)
        let effects = ConsoleUpdate.update(&state, .keyPressed(.character("i")))
        #expect(effects == [.record(.articleInserted(id: "sinyal-lemot"), ConversationID(1))])
        #expect(state.mode == .compose)
        #expect(state.desk.draft.text == "Matikan mode pesawat.")
    }

    @Test(arguments: [
        ("a b c", "a b c", 0, 0.0), ("a b c", "a x c", 1, 1.0 / 3.0), ("", "a b", 2, 1.0), ("a b c d", "a b", 2, 0.5),
    ])
    func editMeasureCountsWords(_ original: String, _ sent: String, _ words: Int, _ share: Double) {
        let measure = EditMeasure.between(original, sent)
        #expect(measure.words == words)
        #expect(abs(measure.share - share) < 1e-9)
    }
}

/// A dashboard from reports over hand-made facts: ten conversations today, the week spread over hours.
enum DashboardFixture {
    static let dashboard: Dashboard = {
        let now = Fixture.now
        var facts: [ConversationFacts] = []
        for index in 0..<10 {
            let first = now.addingTimeInterval(-Double(index) * 1800 - 600)
            facts.append(
                ConversationFacts(
                    id: ConversationID(Int64(index + 1)), channel: .twitter, account: "TelkomCare", priority: .normal,
                    firstResponder: "ani", firstMessageAt: first, firstInboundAt: first,
                    firstResponseAt: index % 3 == 0 ? nil : first.addingTimeInterval(Double(index) * 400),
                    resolvedAt: nil, needsResponse: true, repeatCustomer: index % 4 == 0,
                    sentiment: index % 2 == 0 ? -0.5 : 0.4,
                    // Five complaints, two questions, and one each of feedback, praise and thanks.
                    firstIntent: [
                        .complaint, .question, .complaint, .feedback, .complaint, .praise, .complaint,
                        .question, .thanks, .complaint,
                    ][index]))
        }
        let utc = TimeZone(identifier: "UTC") ?? .gmt
        let today = Report(facts: facts, query: ReportQuery(timeZone: utc), policy: SLAPolicy(), now: now)
        let week = Report(
            facts: facts, query: ReportQuery(grouping: .hour, timeZone: utc), policy: SLAPolicy(), now: now)
        return Dashboard(
            today: today, week: week, responseRateTarget: 0.95, generatedAt: now,
            outbound: [
                OutboundCount(account: "TelkomCare", replies: 25, broadcasts: 6),
                OutboundCount(account: "BankNusa", replies: 12, broadcasts: 0),
            ],
            hours: (timeZone: "Asia/Jakarta", open: false, opens: now.addingTimeInterval(22 * 3600)),
            previousWeek: Report(
                facts: facts.filter { $0.firstResponseAt != nil }, query: ReportQuery(timeZone: utc),
                policy: SLAPolicy(), now: now),
            rising: Trends(
                window: DateInterval(start: now.addingTimeInterval(-3600), end: now),
                baseline: DateInterval(start: now.addingTimeInterval(-7 * 86_400 - 3600), duration: 7 * 86_400),
                windowMessages: 240, baselineMessages: 20_160,
                rises: [
                    RisingTerms.Rise(
                        term: "ganggu", written: "gangguan", count: 60, expected: 0.08, ratio: 750, score: 677,
                        conversations: (1...60).map { ConversationID(Int64($0)) }),
                    RisingTerms.Rise(
                        term: "sinyal lambat", written: "sinyal lemot", count: 8, expected: 1.2, ratio: 6.7,
                        score: 14.2,
                        conversations: (61...68).map { ConversationID(Int64($0)) }),
                ]),
            staffing: StaffingPlan(
                facts: facts, events: [], weeks: 1, now: now, timeZone: utc, targetSeconds: 1800, serviceLevel: 0.8,
                concurrency: 1))
    }()
}
