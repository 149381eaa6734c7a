import ConversationStore
import Foundation
import Testing

@testable import AgentConsole

/// Frames at the sizes people use, compared with saved snapshots: the text, then each cell's role (see `Snapshot`).
/// Run with TANGGAP_RECORD_SNAPSHOTS=1 to write new snapshots after a deliberate change, then read the diff before
/// committing.
@Suite struct RenderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    func assertSnapshot(_ frame: Frame, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.folder.appendingPathComponent(name + ".txt")
        let file = Snapshot.file(frame)
        if ProcessInfo.processInfo.environment["TANGGAP_RECORD_SNAPSHOTS"] == "1" {
            try file.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let saved = try String(contentsOf: url, encoding: .utf8)
        let text = frame.text + "\n"
        #expect(
            saved.hasPrefix(text), "the text of frame \(name) differs from its snapshot", sourceLocation: sourceLocation
        )
        #expect(
            saved.dropFirst(text.count) == Snapshot.roles(frame)[...],
            "the roles of frame \(name) differ from its snapshot", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func openConversation(_ width: Int, _ height: Int) throws {
        let frame = ConsoleRenderer().render(Fixture.openState(width: width, height: height))
        try assertSnapshot(frame, named: "open-\(width)x\(height)")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func queueOnly(_ width: Int, _ height: Int) throws {
        let frame = ConsoleRenderer().render(Fixture.state(width: width, height: height))
        try assertSnapshot(frame, named: "queue-\(width)x\(height)")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func reviewReplaysTheTimeline(_ width: Int, _ height: Int) throws {
        let frame = ConsoleRenderer().render(Fixture.reviewState(width: width, height: height))
        try assertSnapshot(frame, named: "review-\(width)x\(height)")
    }

    @Test func reviewShowsTheFiguresAndTheRefusal() {
        let text = ConsoleRenderer().render(Fixture.reviewState(width: 220, height: 60)).text
        #expect(text.contains("first response 12m00s  on time"))
        #expect(text.contains("time to claim  5m00s"))
        #expect(text.contains("handle time    25m00s"))
        #expect(text.contains("score          5.0/5, 1 review"))
        #expect(text.contains("ani took suggestion kb:sinyal-lemot"))
        #expect(text.contains("ani edited the suggestion: 3 words changed (25%)"))
        #expect(text.contains("budi replied — refused: claimed by budi"))
    }

    /// A prompt at any width leaves room for what is typed, and a question keeps what it asks: the snooze prompt's
    /// examples are left out when they would cover the answer, a long question is cut before its "(y/n)".
    @Test(arguments: [120, 80, 60, 40])
    func aPromptLeavesRoomToAnswer(_ width: Int) throws {
        var state = Fixture.state(width: width, height: 20)
        state.mode = .prompt(.snooze, LineInput("jumat 16:45"))
        let frame = ConsoleRenderer().render(state)
        let bar = try #require(frame.text.split(separator: "\n", omittingEmptySubsequences: false).last)
        #expect(bar.hasPrefix("snooze until"), "\(bar)")
        let typed = try #require(bar.range(of: "jumat 16:45"), "the answer is hidden at \(width) columns: \(bar)")
        let cursor = try #require(frame.cursor)
        #expect(
            cursor.y == 19 && cursor.x == bar.distance(from: bar.startIndex, to: typed.upperBound),
            "\(cursor) in \(bar)")
        #expect(bar.contains("2026-11-23 09:00") == (width >= 90), "examples shown as room allows: \(bar)")

        // What is asked stays whole, in fewer words as the width shrinks.
        let question = "the reply holds personal data (phone, email) and would be public — send anyway? (y/n)"
        state.mode = .prompt(
            .sendPersonalData(
                .reply(text: "hubungi 0812", isPrivate: false), Fixture.rows[0].id, kinds: [.phone, .email],
                question: question),
            LineInput())
        let asked = try #require(
            ConsoleRenderer().render(state).text.split(separator: "\n", omittingEmptySubsequences: false).last)
        #expect(asked.hasSuffix("send anyway? (y/n)") || asked.hasSuffix("in public — send? (y/n)"), "\(asked)")
        #expect(asked.contains("phone, email"), "\(asked)")
        #expect(!asked.contains("…"), "\(asked)")
        #expect(asked.hasPrefix("the reply holds") == (width >= question.count + 2), "\(asked)")
    }

    /// The label's rule at the edges: the longest that leaves room, a cut one keeping its end, nothing wider than
    /// the bar at any width, wide characters counted as the cells they take.
    @Test func aPromptLabelGivesWayToTheAnswer() {
        let snooze = ["snooze until (2h, tomorrow 9am): ", "snooze until: "]
        #expect(ConsoleRenderer.promptLabel(snooze, width: 80, typed: true) == snooze[0])
        #expect(ConsoleRenderer.promptLabel(snooze, width: 45, typed: true) == snooze[1])
        #expect(ConsoleRenderer.promptLabel(snooze, width: 18, typed: true) == "snooze un…: ")
        let question = ["budi answered at 10:42 — send anyway? (y/n) ", "send anyway? (y/n) "]
        #expect(ConsoleRenderer.promptLabel(question, width: 46, typed: false) == question[0])
        #expect(ConsoleRenderer.promptLabel(question, width: 40, typed: false) == question[1])
        #expect(ConsoleRenderer.promptLabel(question, width: 16, typed: false) == "send an… (y/n) ")
        let flag = ["isi 🇮🇩 nomor pesanan: "]
        #expect(ConsoleRenderer.promptLabel(flag, width: 30, typed: true) == "isi 🇮🇩 nomor pesa…: ")
        #expect(ConsoleRenderer.promptLabel(flag, width: 12, typed: true) == "isi …: ", "never half a flag")
        for width in [-1, 0, 1, 5, 7, 12] {
            for (labels, typed) in [(snooze, true), (question, false)] {
                let label = ConsoleRenderer.promptLabel(labels, width: width, typed: typed)
                #expect(DisplayWidth.of(label) <= max(0, width), "\(width): \(label)")
            }
        }
    }

    @Test(arguments: [(120, 40), (80, 24)])
    func dashboard(_ width: Int, _ height: Int) throws {
        var state = Fixture.state(width: width, height: height)
        state.showingDashboard = true
        state.dashboard = DashboardFixture.dashboard
        let frame = ConsoleRenderer().render(state)
        try assertSnapshot(frame, named: "dashboard-\(width)x\(height)")
    }

    /// With counts in the thousands, no line of the figures is cut at any size: the bars give way to the words, and
    /// the accounts that do not fit are counted.
    @Test(arguments: [(80, 24), (72, 24), (60, 20), (100, 36)])
    func noLineOfTheFiguresIsCutWithCountsInTheThousands(_ width: Int, _ height: Int) {
        let now = Fixture.now
        let facts = (0..<1_500).map { index in
            let first = now.addingTimeInterval(-Double(index % 600) * 60 - 60)
            return ConversationFacts(
                id: ConversationID(Int64(index + 1)), channel: .twitter, account: "TelkomCare", priority: .normal,
                firstResponder: "ani", firstMessageAt: first, firstInboundAt: first,
                firstResponseAt: index % 3 == 0 ? nil : first.addingTimeInterval(Double(index % 50) * 60),
                resolvedAt: nil, needsResponse: true, firstIntent: index % 2 == 0 ? .complaint : .question)
        }
        let utc = TimeZone(identifier: "UTC") ?? .gmt
        var state = Fixture.state(width: width, height: height)
        state.showingDashboard = true
        state.dashboard = Dashboard(
            today: Report(facts: facts, query: ReportQuery(timeZone: utc), policy: SLAPolicy(), now: now),
            week: Report(
                facts: facts, query: ReportQuery(grouping: .hour, timeZone: utc), policy: SLAPolicy(), now: now),
            responseRateTarget: 0.95, generatedAt: now,
            outbound: [
                OutboundCount(account: "TelkomCare", replies: 2_500, broadcasts: 600),
                OutboundCount(account: "BankNusa", replies: 1_200, broadcasts: 10),
                OutboundCount(account: "TokoSegarID", replies: 900, broadcasts: 0),
            ],
            hours: (timeZone: "Asia/Jakarta", open: false, opens: now.addingTimeInterval(22 * 3600)))
        for page in state.dashboardPages.indices where state.dashboardPages[page] != .ahead {
            state.dashboardPage = page
            for line in ConsoleRenderer().render(state).text.split(separator: "\n") {
                // A line cut short ends in an ellipsis, before the box's edge.
                let content = line.trimmingCharacters(in: CharacterSet(charactersIn: "│┐┘─ "))
                #expect(!content.hasSuffix("…"), "\(width)×\(height), page \(page + 1): \(line)")
            }
        }
    }

    /// Wherever the figures are offered on a page of their own, every line of them is on it, down to the heatmap's
    /// hour axis; where they would not fit, the dashboard turns three pages instead.
    @Test func theFiguresPageHoldsEveryLineWhereverItIsOffered() {
        for height in 30...40 {
            var state = Fixture.state(width: 100, height: height)
            state.showingDashboard = true
            state.dashboard = DashboardFixture.dashboard
            guard state.dashboardPages.first == .figures else {
                #expect(state.dashboardPages == [.today, .backlog, .ahead], "at 100×\(height)")
                continue
            }
            let text = ConsoleRenderer().render(state).text
            #expect(text.contains("wanted (7 days) complaint 50%"), "at 100×\(height)")
            #expect(text.contains("sun  ") && text.contains("      0           6"), "at 100×\(height)\n\(text)")
        }
    }

    /// Where the dashboard's parts do not fit side by side, tab turns to the backlog and heatmap, then to rising
    /// topics and the staffing map, then back.
    @Test(arguments: [(80, 24), (60, 20)])
    func dashboardRisingAndStaffing(_ width: Int, _ height: Int) throws {
        var state = Fixture.state(width: width, height: height)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("D")))
        state.dashboard = DashboardFixture.dashboard
        #expect(state.dashboardPages == [.today, .backlog, .ahead])
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        try assertSnapshot(ConsoleRenderer().render(state), named: "dashboard-backlog-\(width)x\(height)")
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        #expect(state.showingDashboard && state.dashboardPage == 2)
        try assertSnapshot(ConsoleRenderer().render(state), named: "dashboard-ahead-\(width)x\(height)")
        _ = ConsoleUpdate.update(&state, .keyPressed(.tab))
        #expect(state.dashboardPage == 0)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("x")))
        #expect(!state.showingDashboard, "any other key closes it")
    }

    @Test func aSuggestionsReasonNeverFallsOnTheBoxBorder() {
        var state = Fixture.openState(width: 80, height: 24)
        state.agentDesk?.suggestions.append(
            Suggestion(text: "Ketiga saran", source: .kb, why: "article “Lain”: sinyal", reference: "lain"))
        state.focus = .suggestions
        state.agentDesk?.suggestionSelection = 2
        let lines = ConsoleRenderer().render(state).text.split(separator: "\n").map(String.init)
        // Five rows inside the box: two suggestions with their reasons, then the third's text alone.
        #expect(lines.contains { $0.contains("3 Ketiga saran") })
        for line in lines where line.contains("┘") || line.contains("└") {
            #expect(!line.contains("[kb]") && !line.contains("[template]"), "\(line)")
        }
    }

    @Test func theStatusBarSaysWhenTheStoreIsAway() {
        var state = Fixture.state(width: 120, height: 40)
        #expect(ConsoleRenderer().render(state).text.contains("store ok"))
        state.storeError = StoreError(.unavailable, "the store at db cannot be reached; trying again")
        #expect(ConsoleRenderer().render(state).text.contains("store unreachable · retrying"))
        // Right after the agent's name, so that 80 columns still show it whole.
        state.width = 80
        state.height = 24
        let bar = ConsoleRenderer().render(state).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(bar.contains("store unreachable · retrying"), "\(bar)")
    }

    /// What an action did or why it was refused is read whole at every size the console works at: it takes the place
    /// of the counts and the time while it shows, and a message longer than that room goes on the row above.
    @Test(arguments: [(120, 40), (80, 24), (60, 20)])
    func aMessageIsReadWholeAtEverySize(_ width: Int, _ height: Int) {
        var state = Fixture.state(width: width, height: height)
        let message = "unknown command 'foo'; commands are down, up, first, last"
        ConsoleUpdate.flash(message, error: true, &state)
        let lines = ConsoleRenderer().render(state).text.split(separator: "\n")
        let status = String(lines.last ?? "")
        #expect(status.hasPrefix(" ani │ needs-reply │"), "\(status)")
        // Beside who and where when it fits, else on the row above.
        let shown = status + String(lines.dropLast().last ?? "")
        #expect(shown.contains(message), "\(shown)")
    }

    @Test func tooSmallSaysSo() throws {
        let frame = ConsoleRenderer().render(Fixture.state(width: 39, height: 11))
        try assertSnapshot(frame, named: "too-small-39x11")
        #expect(frame.text.contains("Terminal too small"))
    }

    @Test func asciiGlyphsUnderACLocale() throws {
        let frame = ConsoleRenderer(glyphs: .ascii).render(Fixture.openState(width: 80, height: 24))
        try assertSnapshot(frame, named: "ascii-80x24")
        #expect(!frame.text.contains("─"))
    }

    @Test func composingShowsTheDraftAndTheCursor() {
        var state = Fixture.openState(width: 120, height: 40)
        _ = ConsoleUpdate.update(&state, .keyPressed(.character("r")))
        for character in "Halo 日本" { _ = ConsoleUpdate.update(&state, .keyPressed(.character(character))) }
        let frame = ConsoleRenderer().render(state)
        #expect(frame.text.contains("Reply"))
        #expect(frame.text.contains("Halo 日本"))
        let cursor = try? #require(frame.cursor)
        // "Halo " is 5 cells and each CJK character 2: the cursor stands after them.
        let layout = Layout(width: 120, height: 40, state: state)
        #expect(cursor?.x == layout.compose.inner.x + 1 + 9)
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12), (60, 15)])
    func nothingFromCustomersReachesTheTerminalAsAControl(_ width: Int, _ height: Int) {
        var state = Fixture.openState(width: width, height: height)
        state.focus = .queue
        let frame = ConsoleRenderer().render(state)
        for cell in frame.cells {
            for scalar in cell.text.unicodeScalars {
                #expect(scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value))
                #expect(!(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value))
            }
        }
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12), (133, 41), (72, 18), (200, 60)])
    func everyPaneTitleShowsWhereTheLayoutHasRoomForIt(_ width: Int, _ height: Int) {
        let state = Fixture.openState(width: width, height: height)
        let text = ConsoleRenderer().render(state).text
        let layout = Layout(width: width, height: height, state: state)
        switch layout.kind {
        case .wide:
            for title in ["Queue", "Conversation", "Suggested replies", "Knowledge base", "Compose"] {
                #expect(text.contains(title), "\(width)×\(height) has no \(title)")
            }
        case .medium:
            for title in ["Queue", "Conversation", "Suggested replies", "knowledge base", "Compose"] {
                #expect(text.contains(title), "\(width)×\(height) has no \(title)")
            }
        case .narrow:
            #expect(text.contains("Conversation"))
        case .tooSmall:
            #expect(text.contains("Terminal too small"))
        }
    }
}

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("日", 2), ("😡", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("e\u{0301}", 1), ("\u{200B}", 0), ("ｱ", 1), ("Ａ", 2),
        ("❤️", 1), ("🇮🇩", 2), ("🇮", 1),
    ])
    func widthsFollowThePolicy(_ text: String, _ width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func emojiSequencesDrawTheirFirstEmoji() {
        #expect(DisplayWidth.glyph(Character("👍🏽")) == "👍")
        #expect(DisplayWidth.glyph(Character("👨‍👩‍👧")) == "👨")
        #expect(DisplayWidth.glyph(Character("e\u{0301}")) == "e\u{0301}")
        // A flag keeps both its letters, in two cells.
        #expect(DisplayWidth.glyph(Character("🇮🇩")) == "🇮🇩")
        var frame = Frame(width: 8, height: 1)
        _ = frame.write("a🇮🇩b|", x: 0, y: 0, role: .normal)
        #expect(frame.text.hasPrefix("a🇮🇩b|"), "\(frame.text.debugDescription)")
    }

    /// A joiner (or another invisible format character) outside an emoji sequence never reaches the terminal, so
    /// the character after it keeps its own cell and the row keeps its columns.
    @Test func joinersOutsideEmojiAreNotDrawn() {
        #expect(DisplayWidth.glyph(Character("a\u{200D}")) == "a")
        #expect(DisplayWidth.glyph(Character("k\u{200C}")) == "k")
        var frame = Frame(width: 8, height: 1)
        _ = frame.write("a\u{200D}b\u{200C}c|", x: 0, y: 0, role: .normal)
        let drawn = frame.text
        #expect(!drawn.unicodeScalars.contains("\u{200D}") && !drawn.unicodeScalars.contains("\u{200C}"))
        #expect(drawn.hasPrefix("abc|"), "\(drawn.debugDescription)")
    }

    @Test func clippingCountsCellsNotCharacters() {
        #expect(DisplayWidth.clip("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.clip("short", to: 10) == "short")
        #expect(DisplayWidth.clip("abcdef", to: 1) == "…")
    }

    @Test func wrappingBreaksAtSpacesAndCutsLongWords() {
        #expect(DisplayWidth.wrap("halo kak budi apa kabar", width: 9) == ["halo kak", "budi apa", "kabar"])
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("日本語の", width: 5) == ["日本", "語の"])
    }

    @Test func aWideCharacterThatDoesNotFitLeavesABlank() {
        var frame = Frame(width: 5, height: 1)
        frame.write("ab日本", x: 0, y: 0, role: .normal)
        #expect(frame.text == "ab日")
        var edge = Frame(width: 4, height: 1)
        edge.write("abc日", x: 0, y: 0, role: .normal)
        #expect(edge.text == "abc")
    }
}

/// The console's own clock arithmetic against Foundation's Gregorian calendar.
@Suite struct LocalTimeTests {
    @Test(arguments: [
        "UTC", "Asia/Jakarta", "Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham",
        "America/St_Johns",
    ])
    func agreesWithTheGregorianCalendar(_ name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var generator = SystemRandomNumberGenerator()
        // Moments from 1901 to 2100, and the hours around 2026's daylight-saving changes.
        var moments = (0..<2_000).map { _ in Double.random(in: -2_177_452_800...4_102_444_800, using: &generator) }
        moments += stride(from: 1_772_323_200.0, to: 1_798_761_600, by: 1_799)
        moments += [0, -1, -0.5, 59.999, 86_399.9, 1_790_812_800]
        for seconds in moments {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = LocalTime(date, in: zone)
            #expect(
                [parts.year, parts.month, parts.day, parts.hour, parts.minute]
                    == [expected.year, expected.month, expected.day, expected.hour, expected.minute],
                "\(name) at \(seconds)")
        }
    }
}

/// Widths of printable ASCII text, counted by bytes, agree with the character-by-character count.
@Suite struct DisplayWidthFastPathTests {
    @Test(arguments: ["", "halo kak", "sinyal lemot bgt dr pagi!!", "a b", "~`!@#$%^&*()_+{}|:\"<>?", "tab\there"])
    func asciiWidthsAgree(_ text: String) {
        #expect(DisplayWidth.of(text) == text.reduce(0) { $0 + DisplayWidth.of($1) })
        for width in 1...12 {
            let clipped = DisplayWidth.clip(text, to: width)
            #expect(DisplayWidth.of(clipped) <= width)
            if DisplayWidth.of(text) > width { #expect(clipped.hasSuffix("…")) } else { #expect(clipped == text) }
        }
    }
}
