import ConversationStore
import Foundation
import Presentation

/// Draws the whole console into a frame from the state alone. Every string from outside (messages, names,
/// handles, articles) goes through `TerminalText` first, so nothing it contains can reach the terminal as a control.
///
/// Each pane has its own file: `+Queue`, `+Thread`, `+Suggestions`, `+Compose`, `+StatusBar`, `+Help`, `+Review`
/// and `+Dashboard`.
public struct ConsoleRenderer: Sendable {
    /// Box-drawing glyphs: Unicode lines, or ASCII when the locale cannot show them.
    public struct Glyphs: Hashable, Sendable {
        var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, separator, ellipsis: String
        /// A public customer with a high risk of the thread spreading.
        var marker: String
        /// An unhappy customer.
        var unhappy: String
        /// Personal data posted in public.
        var personal: String
        /// A row marked for a bulk action.
        var marked: String
        /// A conversation whose customer's latest message probably asks nothing.
        var probablyNoReply: String
        /// Sparkline levels, lowest first.
        var levels: [String]
        /// Heatmap shades, empty first.
        var shades: [String]
        var barFull: String
        var barEmpty: String
        /// A journal event in the review timeline.
        var event: String

        /// Unicode box drawing, blocks and shades.
        public static let unicode = Glyphs(
            horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
            separator: "│", ellipsis: "…", marker: "▲", unhappy: "☹", personal: "◆", marked: "●",
            probablyNoReply: "○",
            levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
            shades: ["·", "░", "▒", "▓", "█"], barFull: "█", barEmpty: "░", event: "●")
        /// Plain ASCII, for a terminal without a UTF-8 locale.
        public static let ascii = Glyphs(
            horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
            separator: "|", ellipsis: "...", marker: "^", unhappy: "~", personal: "%", marked: "*",
            probablyNoReply: "o",
            levels: ["_", ".", "-", "~", "=", "+", "*", "#"],
            shades: [".", ":", "+", "*", "#"], barFull: "#", barEmpty: ".", event: "*")
    }

    /// The glyphs lines, markers and charts are drawn with.
    public var glyphs: Glyphs

    /// A renderer drawing with `glyphs`.
    public init(glyphs: Glyphs = .unicode) { self.glyphs = glyphs }

    /// The whole screen for a state: every pane, the status bar, and help over them when it is open.
    public func render(_ state: ConsoleState) -> Frame {
        var frame = Frame(width: state.width, height: state.height)
        let layout = Layout(width: state.width, height: state.height, state: state)
        guard layout.kind != .tooSmall else {
            drawTooSmall(state, &frame)
            return frame
        }
        if state.showingDashboard {
            drawDashboard(state, Rect(x: 0, y: 0, width: state.width, height: state.height - 1), &frame)
            drawStatus(state, layout.status, &frame)
            if state.mode == .help { drawHelp(state, &frame) }
            if state.mode == .messages { drawMessages(state, &frame) }
            return frame
        }
        drawQueue(state, layout.queue, &frame)
        switch state.kind {
        case .agent(let desk):
            if let article = desk.openArticle, layout.conversation.width > 0 {
                drawArticle(article, state, layout.conversation, &frame)
            } else {
                drawConversation(state, events: [], layout.conversation, &frame)
            }
            if let history = desk.history {
                drawHistory(history, state, historyRect(layout), &frame)
            } else {
                drawSuggestions(state, desk, layout.suggestions, layout: layout, &frame)
                drawKnowledge(state, desk, layout.knowledge, layout: layout, &frame)
            }
            drawCompose(state, desk, layout.compose, &frame)
            if let browser = desk.templateBrowser { drawTemplates(browser, state, layout, &frame) }
        case .review(let desk):
            drawConversation(state, events: desk.events, layout.conversation, &frame)
            drawReview(state, desk, layout.suggestions, &frame)
            drawReviewActions(state, desk, layout.knowledge, &frame)
            drawReviewKeys(state, layout.compose, &frame)
        }
        drawStatus(state, layout.status, &frame)
        if state.mode == .help { drawHelp(state, &frame) }
        if state.mode == .messages { drawMessages(state, &frame) }
        return frame
    }

    func drawTooSmall(_ state: ConsoleState, _ frame: inout Frame) {
        let lines = [
            "Terminal too small",
            "\(state.width)×\(state.height); needs \(Layout.minimumWidth)×\(Layout.minimumHeight)",
            "enlarge the window",
            "or press q to quit",
        ]
        for (index, line) in lines.enumerated() {
            let y = state.height / 2 - 1 + index
            let text = DisplayWidth.clip(line, to: state.width)
            frame.write(
                text, x: max(0, (state.width - DisplayWidth.of(text)) / 2), y: y, role: index == 0 ? .error : .normal)
        }
    }

    func drawBox(_ rect: Rect, title: String, focused: Bool, _ frame: inout Frame) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let role: Role = focused ? .focusBorder : .border
        let horizontal = String(repeating: glyphs.horizontal, count: rect.width - 2)
        frame.write(glyphs.topLeft + horizontal + glyphs.topRight, x: rect.x, y: rect.y, limit: rect.width, role: role)
        frame.write(
            glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, limit: rect.width,
            role: role)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            frame.write(glyphs.vertical, x: rect.x, y: y, role: role)
            frame.write(glyphs.vertical, x: rect.maxX - 1, y: y, role: role)
        }
        let label = DisplayWidth.clip(" " + title + " ", to: rect.width - 4)
        frame.write(label, x: rect.x + 2, y: rect.y, role: focused ? .focusBorder : .title)
    }

    /// Changes exactly when the passing of time changes what is drawn: every second while a countdown on screen shows
    /// seconds, else every minute. Lets the terminal loop skip redrawing an idle screen.
    public static func clockSignature(_ state: ConsoleState) -> Int {
        let seconds = Int(state.now.timeIntervalSince1970.rounded(.down))
        let visible = state.rows.dropFirst(state.queueTop).prefix(state.visibleQueueRows)
        let secondsShown =
            visible.contains { row in row.slaDueAt.map { abs($0.timeIntervalSince(state.now)) < 60 } ?? false }
            || (state.thread?.conversation.slaDueAt.map { abs($0.timeIntervalSince(state.now)) < 3600 } ?? false)
        return secondsShown ? seconds : seconds / 60
    }

    /// `45s`, `12m`, `3h`, `2d`: one unit, to fit a four-cell column.
    public static func shortDuration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86400 { return "\(total / 3600)h" }
        return total / 86400 > 99 ? "99d+" : "\(total / 86400)d"
    }

    func time(_ date: Date, _ state: ConsoleState) -> String {
        let time = LocalTime(date, in: state.timeZone)
        let today = LocalTime(state.now, in: state.timeZone)
        let clock = Self.twoDigits(time.hour) + ":" + Self.twoDigits(time.minute)
        if (time.year, time.month, time.day) == (today.year, today.month, today.day) { return clock }
        return "\(time.day) \(Self.months[time.month - 1]) \(clock)"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// One line of the conversation pane.
    struct Line {
        var text: String
        var role: Role
        var indent = 0
    }
}
