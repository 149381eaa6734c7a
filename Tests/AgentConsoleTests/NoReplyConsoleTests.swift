import ConversationStore
import Foundation
import Testing
import TextAnalysis

@testable import AgentConsole

/// Conversations that probably need no reply: dimmed and marked in the queue, and `y` confirms the estimate with
/// the reason filled in, for one conversation or every marked row; one that reads as needing a reply is refused.
@Suite struct NoReplyConsoleTests {
    static func row(_ id: Int64, _ snippet: String, _ intent: Intent, dueInMinutes: Double) -> Conversation {
        var row = Fixture.conversation(
            id, handle: "c\(id)", name: "C\(id)", snippet: snippet, dueInMinutes: dueInMinutes)
        row.intent = intent
        row.replyExpected = intent.needsReply
        return row
    }

    static let rows = [
        row(1, "paket belum sampai", .complaint, dueInMinutes: 5),
        row(2, "ok makasih min", .thanks, dueInMinutes: 10),
        row(3, "mantap pelayanannya", .praise, dueInMinutes: 20),
    ]

    static func state() -> ConsoleState { Fixture.state(width: 120, height: 40, rows: rows) }

    func press(_ keys: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        Fixture.storeWork(keys.flatMap { ConsoleUpdate.update(&state, .keyPressed(.character($0))) })
    }

    @Test func yConfirmsTheEstimateWithItsReasonAndRefusesAComplaint() {
        var state = Self.state()
        #expect(press("y", &state).isEmpty, "the complaint is not marked")
        #expect(state.flash?.isError == true)
        #expect(
            state.flash?.text
                == "1: the customer's latest message reads as a complaint: it needs a reply; X marks it with a reason of your own"
        )
        #expect(
            press("jy", &state) == [
                .perform(
                    .markNoReplyNeeded(reason: "a plain thanks or closing (estimate confirmed)"), ConversationID(2))
            ])
        #expect(
            press("jy", &state) == [
                .perform(.markNoReplyNeeded(reason: "praise that asks nothing (estimate confirmed)"), ConversationID(3))
            ])
    }

    @Test func yOnMarkedRowsConfirmsThoseTheEstimateHoldsAndSaysWhichItLeft() {
        var state = Self.state()
        _ = press("   ", &state)
        #expect(state.desk.marked.count == 3)
        #expect(
            press("y", &state) == [
                .perform(
                    .markNoReplyNeeded(reason: "a plain thanks or closing (estimate confirmed)"), ConversationID(2)),
                .perform(
                    .markNoReplyNeeded(reason: "praise that asks nothing (estimate confirmed)"), ConversationID(3)),
            ])
        #expect(state.desk.marked.isEmpty)
        for row in Self.rows.dropFirst() {
            var marked = row
            marked.noReplyReason = "confirmed"
            marked.needsReply = false
            _ = ConsoleUpdate.update(&state, .actionSucceeded(.markNoReplyNeeded(reason: "confirmed"), marked))
        }
        #expect(
            state.flash?.text
                == "confirmed as needing no reply: 2 of 3 marked conversations; not done: 1 (the customer's latest message reads as a complaint: it needs a reply)"
        )
        // Marked rows of which none probably needs no reply: nothing is sent, and the marks stay.
        var again = Self.state()
        _ = press(" ", &again)
        #expect(press("y", &again).isEmpty)
        #expect(again.desk.marked == [ConversationID(1)])
        #expect(again.flash?.isError == true)
    }

    @Test func theQueueDimsAndMarksThemAndTheirViewIsOneVKeyAway() {
        var state = Self.state()
        state.selected = nil
        let frame = ConsoleRenderer().render(state)
        let lines = frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (id, marked) in [(1, false), (2, true), (3, true)] {
            let y = try? #require(lines.firstIndex { $0.contains("@c\(id)") })
            guard let y else { continue }
            #expect(lines[y].contains("○") == marked, "\(lines[y])")
            let handle = lines[y].range(of: "@c\(id)").map {
                lines[y].distance(from: lines[y].startIndex, to: $0.lowerBound)
            }
            let x = (handle ?? 0) + 4  // the snippet's first letter
            #expect((frame[x, y].role == .dim) == marked, "conversation \(id)'s text")
        }
        // The view after needs-reply.
        let switched = press("v", &state)
        #expect(state.desk.view == .probablyNoReply)
        #expect(
            switched.contains {
                if case .loadQueue(.probablyNoReply, _, _) = $0 { return true }
                return false
            })
    }
}

/// Scrolling the open thread stops at its first line, whatever the keys: `ctrl-u` past the top left the pane blank,
/// and `g` stopped short of the top when the queue had few rows.
@Suite struct ThreadScrollTests {
    @Test(arguments: [(120, 40), (80, 24), (60, 20)])
    func theThreadScrollsNoFurtherThanItsFirstLineAndBothEndsAreOneKeyAway(_ width: Int, _ height: Int) {
        var state = Fixture.openState(width: width, height: height)
        state.focus = .conversation
        let limit = ConsoleUpdate.threadScrollLimit(state)
        let bottom = ConsoleRenderer().render(state).text
        for _ in 0..<3 { _ = ConsoleUpdate.update(&state, .keyPressed(.control("u"))) }
        #expect(state.threadScroll == limit)
        #expect(ConsoleRenderer().render(state).text.contains("Budi @budi_s"), "the thread's first line shows")
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("j")))
        #expect(state.threadScroll == max(0, limit - 1), "one key comes back one line")
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("G")))
        #expect(state.threadScroll == 0 && ConsoleRenderer().render(state).text == bottom)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("g")))
        #expect(state.threadScroll == limit)
        #expect(ConsoleRenderer().render(state).text.contains("Budi @budi_s"))
    }
}
