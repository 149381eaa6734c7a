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
        // Wrap the draft and find the cursor in it.
        var rows: [String] = []
        var cursorRow = 0
        var cursorColumn = 0
        var consumed = 0
        let safe = desk.draft.text.map { character -> Character in
            character == "\n" ? "\n" : (TerminalText.singleLine(String(character)).first ?? " ")
        }
        for logical in String(safe).split(separator: "\n", omittingEmptySubsequences: false) {
            let pieces = DisplayWidth.wrap(String(logical), width: width)
            for (index, piece) in pieces.enumerated() {
                let length = piece.count
                let isLast = index == pieces.count - 1
                if desk.draft.cursor >= consumed && desk.draft.cursor <= consumed + length {
                    cursorRow = rows.count
                    cursorColumn = DisplayWidth.of(String(piece.prefix(desk.draft.cursor - consumed)))
                }
                rows.append(piece)
                consumed += length + (isLast ? 0 : (logical.dropFirst(consumed).first == " " ? 1 : 0))
            }
            consumed += 1
        }
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
