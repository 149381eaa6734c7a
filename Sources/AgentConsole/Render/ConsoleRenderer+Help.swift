import ConversationStore
import Foundation
import Presentation

/// The keys, over everything else.
extension ConsoleRenderer {
    func drawHelp(_ state: ConsoleState, _ frame: inout Frame) {
        drawList(Self.helpLines(state), title: "Keys", state, &frame)
    }

    /// The status messages shown this session, newest first, with the time each was shown.
    func drawMessages(_ state: ConsoleState, _ frame: inout Frame) {
        let lines = state.messageLog.reversed().map { message in
            (ConsoleUpdate.clockTime(message.at, in: state.timeZone), (message.isError ? "! " : "") + message.text)
        }
        drawList(lines.isEmpty ? [("", "no messages yet")] : lines, title: "Messages", state, &frame)
    }

    /// Two columns of key and text over everything else, scrolled by `helpTop` when they do not all fit. A text
    /// longer than its column wraps onto rows of its own.
    func drawList(_ entries: [(String, String)], title name: String, _ state: ConsoleState, _ frame: inout Frame) {
        // One column when it fits, else two side by side; what still does not fit scrolls.
        let available = max(1, state.height - 4)
        func wrapped(columns: Int) -> [(String, String)] {
            let width = min(state.width - 2, columns == 2 ? 150 : 90)
            let columnWidth = (width - 2) / columns
            let textWidth = max(8, columnWidth - min(14, columnWidth / 3) - 3)
            return entries.flatMap { entry in
                DisplayWidth.wrap(entry.1, width: textWidth).enumerated().map {
                    ($0.offset == 0 ? entry.0 : "", $0.element)
                }
            }
        }
        var lines = wrapped(columns: 1)
        let columns = lines.count > available && state.width >= 90 ? 2 : 1
        if columns == 2 { lines = wrapped(columns: 2) }
        let perColumn = (lines.count + columns - 1) / columns
        let width = min(state.width - 2, columns == 2 ? 150 : 90)
        let height = min(state.height - 2, perColumn + 2)
        guard width > 4, height > 2 else { return }
        let rect = Rect(x: (state.width - width) / 2, y: (state.height - height) / 2, width: width, height: height)
        frame.fill(rect, role: .normal)
        let shown = min(lines.count, (height - 2) * columns)
        let top = min(max(0, state.helpTop), lines.count - shown)
        let title =
            shown < lines.count
            ? "\(name) \(top + 1)–\(top + shown) of \(lines.count) · j k scroll · other keys close"
            : "\(name) · any key closes"
        drawBox(rect, title: title, focused: true, &frame)
        let columnWidth = (width - 2) / columns
        let keyWidth = min(14, columnWidth / 3)
        for (index, line) in lines.dropFirst(top).prefix(shown).enumerated() {
            let column = index / (height - 2)
            let x = rect.x + 2 + column * columnWidth
            let y = rect.y + 1 + index % (height - 2)
            frame.write(DisplayWidth.clip(line.0, to: keyWidth), x: x, y: y, role: .key)
            frame.write(
                DisplayWidth.clip(line.1, to: columnWidth - keyWidth - 3), x: x + keyWidth + 1, y: y, role: .normal)
        }
    }

    /// The keys this console takes, from the live keymap: the agent's, or the review's (which reads, scores and
    /// notes, and changes no conversation).
    static func helpLines(_ state: ConsoleState) -> [(String, String)] {
        func keys(_ command: ConsoleCommand) -> String {
            let names = state.keymap.keys(for: command).map(\.name)
            return names.isEmpty ? ":" + command.rawValue : names.joined(separator: " ")
        }
        guard state.reviewDesk != nil else {
            var lines: [(String, String)] = [("1–9", "take suggested reply 1–9 into the draft")]
            for command in ConsoleCommand.allCases where command != .commandLine {
                lines.append((keys(command), command.summary))
            }
            lines.append(
                (
                    keys(.commandLine),
                    "any command by name: :reply TEXT, :tag refund, :view mine, :open 42, :status open"
                ))
            lines.append(
                (
                    ":names",
                    ConsoleCommand.allCases.filter { $0 != .commandLine }.map(\.rawValue).joined(separator: " ")
                ))
            lines.append(
                (
                    "in a draft",
                    "enter sends · ctrl-j a new line · ctrl-o the editor · ctrl-p public or private · "
                        + "esc leaves it, kept"
                ))
            return lines
        }
        let review: [(ConsoleCommand, String)] = [
            (.down, "next conversation (or scroll the focused pane)"), (.up, "previous conversation"),
            (.first, "first conversation"), (.last, "last conversation"), (.pageDown, "page down"),
            (.pageUp, "page up"), (.open, "replay the selected conversation: its thread with the journal's actions"),
            (.next, "replay the next conversation"), (.back, "back to the list; clear the filter"),
            (.note, "write a review note on the open conversation"),
            (.search, "filter (agent:ani since:7d channel:twitter tag:refund sentiment:negative breached)"),
            (.focusNext, "focus the next pane"), (.sidePane, "switch the side pane"),
            (.reveal, "show the conversation's personal data unmasked (journaled); again masks it"),
            (.messages, "the last status messages again, newest first"),
            (.dashboard, "the dashboard"), (.help, "this help"), (.quit, "quit"),
        ]
        return [("1–5", "score the open conversation's handling, 1 poor to 5 excellent (your latest score counts)")]
            + review.map { (keys($0.0), $0.1) }
    }
}
