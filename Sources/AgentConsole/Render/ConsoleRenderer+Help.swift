import ConversationStore
import Foundation
import Presentation

/// The keys, over everything else.
extension ConsoleRenderer {
    func drawHelp(_ state: ConsoleState, _ frame: inout Frame) {
        var lines: [(String, String)] = [("1–9", "take suggested reply 1–9 into the draft")]
        for command in ConsoleCommand.allCases {
            let keys = state.keymap.keys(for: command).map(\.name)
            lines.append((keys.isEmpty ? ":" + command.rawValue : keys.joined(separator: " "), command.summary))
        }
        lines.append((":", "any command by name: :reply TEXT, :tag refund, :view mine, :open 42"))
        // One column when it fits, else two side by side; what still does not fit is cut with a note.
        let available = max(1, state.height - 4)
        let columns = lines.count > available && state.width >= 90 ? 2 : 1
        let perColumn = (lines.count + columns - 1) / columns
        let width = min(state.width - 2, columns == 2 ? 150 : 90)
        let height = min(state.height - 2, perColumn + 2)
        let rect = Rect(x: (state.width - width) / 2, y: (state.height - height) / 2, width: width, height: height)
        frame.fill(rect, role: .normal)
        let shown = (height - 2) * columns
        let title =
            shown < lines.count
            ? "Keys (\(shown) of \(lines.count); enlarge for all) · any key closes" : "Keys · any key closes"
        drawBox(rect, title: title, focused: true, &frame)
        let columnWidth = (width - 2) / columns
        let keyWidth = min(14, columnWidth / 3)
        for (index, line) in lines.prefix(shown).enumerated() {
            let column = index / (height - 2)
            let x = rect.x + 2 + column * columnWidth
            let y = rect.y + 1 + index % (height - 2)
            frame.write(DisplayWidth.clip(line.0, to: keyWidth), x: x, y: y, role: .key)
            frame.write(
                DisplayWidth.clip(line.1, to: columnWidth - keyWidth - 3), x: x + keyWidth + 1, y: y, role: .normal)
        }
    }
}
