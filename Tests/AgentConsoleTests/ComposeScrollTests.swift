import ConversationStore
import Foundation
import Testing

@testable import AgentConsole

/// A long draft scrolls with its cursor: what is typed at its end shows, with the cursor after it.
@Suite struct ComposeScrollTests {
    @Test(arguments: [(120, 40), (80, 24)])
    func textTypedAtTheEndOfALongDraftShowsWithTheCursor(_ width: Int, _ height: Int) {
        var state = Fixture.openState(width: width, height: height)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("r")))
        let words = (1...60).map { "kata\($0)" }.joined(separator: " ") + " AKHIR"
        for character in words { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        let frame = ConsoleRenderer().render(state)
        let lines = frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { $0.contains("AKHIR") }, "\(frame.text)")
        let row = frame.cursor.map { lines[$0.y] } ?? ""
        #expect(row.contains("AKHIR"), "the cursor is on the row typed last: \(row)")
        // A new line at the end, and the cursor goes with it.
        _ = ConsoleUpdate.update(&state, .keyPressed(.control("j")))
        for character in "baris baru" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        let after = ConsoleRenderer().render(state)
        let afterLines = after.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(after.cursor.map { afterLines[$0.y].contains("baris baru") } == true, "\(after.text)")
    }
}
