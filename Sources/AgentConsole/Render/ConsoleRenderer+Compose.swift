import ConversationStore
import Foundation
import Presentation

/// The compose area: the draft with its cursor, or the keys to press.
extension ConsoleRenderer {
    func drawCompose(_ state: ConsoleState, _ desk: AgentDesk, _ rect: Rect, _ frame: inout Frame) {
        guard rect.width > 0, rect.height >= 3 else { return }
        let composing =
            state.mode == .compose
            || { if case .prompt(.askField, _) = state.mode { return true } else { return false } }()
        var title = desk.draftMeta.isNote ? "Note" : (desk.draftMeta.isPrivate ? "Reply · private" : "Reply")
        if !composing { title = "Compose" }
        drawBox(rect, title: title, focused: composing, &frame)
        let inner = rect.inner
        guard inner.width > 2 else { return }
        if !composing && desk.draft.text.isEmpty {
            let hint =
                state.thread == nil
                ? "enter open · n next · / filter · v view · ? help · q quit"
                : "r reply · P private · a note · 1–9 take suggestion · x resolve · n next · ? help"
            frame.write(DisplayWidth.clip(hint, to: inner.width - 1), x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        let width = inner.width - 2
        // Wrap the draft, each row knowing where in the text it starts, and find the cursor's row: the last that
        // starts at or before it.
        var rows: [String] = []
        var starts: [Int] = []
        let safe = desk.draft.text.map { character -> Character in
            character == "\n" ? "\n" : (TerminalText.singleLine(String(character)).first ?? " ")
        }
        var lineStart = 0
        for logical in String(safe).split(separator: "\n", omittingEmptySubsequences: false) {
            let characters = Array(logical)
            var position = 0
            for piece in DisplayWidth.wrap(String(logical), width: width) {
                let pieceCharacters = Array(piece)
                // The spaces a wrap leaves out between two rows.
                while position < characters.count, characters[position] == " ",
                    !characters[position...].starts(with: pieceCharacters)
                {
                    position += 1
                }
                rows.append(piece)
                starts.append(lineStart + position)
                position += pieceCharacters.count
            }
            if characters.isEmpty && rows.count == starts.count && (starts.last ?? -1) != lineStart {
                rows.append("")
                starts.append(lineStart)
            }
            lineStart += characters.count + 1
        }
        let cursor = desk.draft.cursor
        let cursorRow = starts.lastIndex { $0 <= cursor } ?? 0
        let cursorColumn =
            rows.isEmpty
            ? 0
            : DisplayWidth.of(String(rows[cursorRow].prefix(cursor - starts[cursorRow])))
                + max(0, cursor - starts[cursorRow] - rows[cursorRow].count)
        let top = max(0, cursorRow - inner.height + 1)
        for (offset, row) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            frame.write(row, x: inner.x + 1, y: inner.y + offset, limit: width, role: .input)
        }
        if state.mode == .compose {
            frame.cursor = (inner.x + 1 + min(cursorColumn, width), inner.y + cursorRow - top)
            let help = " enter send · ctrl-j newline · ctrl-o editor · ctrl-p private · esc keep "
            if DisplayWidth.of(help) + 4 < rect.width {
                frame.write(help, x: rect.maxX - 2 - DisplayWidth.of(help), y: rect.maxY - 1, role: .dim)
            }
        }
    }
}
