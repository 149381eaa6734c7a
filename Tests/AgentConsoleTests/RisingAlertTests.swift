import ConversationStore
import Foundation
import Testing

@testable import AgentConsole

/// Spike alerts: a rising term is announced to every agent once, the status bar names it while it stays up, and `R`
/// lists its conversations in the queue.
@Suite struct RisingAlertTests {
    static let outage = RisingTerms.Rise(
        term: "ganggu", written: "gangguan", count: 60, expected: 0.08, ratio: 750, score: 677,
        conversations: (1...60).map { ConversationID(Int64($0)) })
    static let slow = RisingTerms.Rise(
        term: "lambat", written: "lemot", count: 12, expected: 1.5, ratio: 8, score: 30,
        conversations: [ConversationID(70), ConversationID(71)])

    @Test func aRisingTermIsAnnouncedOnceAndNamedWhileItStaysUp() {
        var state = Fixture.state(width: 120, height: 40)
        state.bellOnAlerts = true
        #expect(ConsoleUpdate.start(state).contains(.loadRising(.spike)), "asked for as the console starts")
        _ = ConsoleUpdate.update(&state, .risingLoaded([Self.outage]))
        let text = state.flash?.text ?? ""
        #expect(text == "“gangguan” rising: 60 conversations this hour, 750× usual · R lists them", "\(text)")
        #expect(state.flash?.isError == true)
        #expect(PresenceAndAlertTests.tick(1, &state).contains(.bell))
        _ = ConsoleUpdate.update(&state, .risingLoaded([Self.outage]))
        #expect(state.messageLog.filter { $0.text.contains("gangguan") }.count == 1, "once while it stays up")
        state.flash = nil
        let bar = ConsoleRenderer().render(state).text
        #expect(bar.contains("rising: gangguan (60)"), "\(bar)")
        // It falls, then rises again: announced again.
        _ = ConsoleUpdate.update(&state, .risingLoaded([]))
        #expect(!ConsoleRenderer().render(state).text.contains("rising:"))
        _ = ConsoleUpdate.update(&state, .risingLoaded([Self.outage]))
        #expect(state.messageLog.filter { $0.text.contains("gangguan") }.count == 2)
    }

    @Test func theConsoleAsksAgainEveryMinute() {
        var state = Fixture.state(width: 120, height: 40)
        let second = Int(Fixture.now.timeIntervalSince1970) % 60
        let toTwenty = Double((80 - second) % 60)
        let asked = ConsoleUpdate.update(&state, .clockTicked(Fixture.now.addingTimeInterval(toTwenty)))
        #expect(asked.contains(.loadRising(.spike)))
        let notYet = ConsoleUpdate.update(&state, .clockTicked(Fixture.now.addingTimeInterval(toTwenty + 1)))
        #expect(!notYet.contains(.loadRising(.spike)))
    }

    @Test func rListsTheConversationsOfEachRisingTermInTurn() {
        var state = Fixture.state(width: 120, height: 40)
        let nothing = ConsoleUpdate.update(&state, .keyPressed(.character("R")))
        #expect(nothing.isEmpty && state.flash?.text.contains("nothing is rising now") == true)
        _ = ConsoleUpdate.update(&state, .risingLoaded([Self.outage, Self.slow]))
        let first = ConsoleUpdate.update(&state, .keyPressed(.character("R")))
        #expect(state.desk.filter == QueueFilter(ids: Self.outage.conversations) && state.desk.view == .needsReply)
        #expect(
            first == [
                .loadQueue(.needsReply, QueueFilter(ids: Self.outage.conversations), limit: ConsoleUpdate.pageSize)
            ])
        #expect(ConsoleRenderer().render(state).text.contains("Queue · rising “gangguan”"))
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("R")))
        #expect(state.desk.filter.ids == Self.slow.conversations, "again: the next rising term")
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("R")))
        #expect(state.desk.filter.ids == Self.outage.conversations, "and round")
    }

    @Test func theIDFilterParsesAndIsWrittenBack() throws {
        let filter = try QueueFilter(parsing: "id:12,#15 status:open")
        #expect(filter.ids == [ConversationID(12), ConversationID(15)] && filter.status == .open)
        #expect(filter.description == "status:open id:12,15")
        for bad in ["id:", "id:x", "id:0", "id:-3", "id:1,,2"] {
            #expect(throws: StoreError.self, "\(bad)") { try QueueFilter(parsing: bad) }
        }
    }

    @Test func theReviewIsToldButNotOfferedTheList() {
        var state = Fixture.reviewState(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .risingLoaded([Self.outage]))
        #expect(state.flash?.text == "“gangguan” rising: 60 conversations this hour, 750× usual")
        state.flash = nil
        #expect(ConsoleRenderer().render(state).text.contains("rising: gangguan (60)"))
    }
}
