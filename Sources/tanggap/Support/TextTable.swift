import ConversationStore
import Foundation
import Presentation

/// A plain-text table for the command line: columns padded to their widest cell, the last column cut to the
/// terminal's width. Every cell is made terminal-safe first.
struct TextTable {
    let columns: [String]
    private var rows: [[String]] = []

    init(columns: [String]) { self.columns = columns }

    mutating func add(_ cells: [String]) {
        rows.append(cells.map(TerminalText.singleLine))
    }

    func render(width: Int?) -> String {
        let all = [columns] + rows
        var widths = columns.indices.map { index in all.map { $0[index].count }.max() ?? 0 }
        if let width, let last = widths.indices.last {
            let fixed = widths.dropLast().reduce(0, +) + 2 * (widths.count - 1)
            widths[last] = max(10, min(widths[last], width - fixed))
        }
        var text = ""
        for row in all {
            var line = ""
            for (index, cell) in row.enumerated() {
                let cut = cell.count > widths[index] ? String(cell.prefix(max(widths[index] - 1, 0))) + "…" : cell
                line +=
                    index == row.count - 1 ? cut : cut.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            text += line + "\n"
        }
        return text
    }
}

/// The terminal's width when standard output is one, else `nil` (no cutting when piped).
func terminalWidth() -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
}
