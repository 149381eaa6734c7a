/// The text a terminal shows, worked out from what a program writes to it: enough of xterm's control sequences to
/// follow ncurses (cursor addressing, erasing, inserting and deleting characters and lines, scrolling regions,
/// repeats), with colours and modes ignored. The console sends only what changed, so whether something is still on
/// the screen can only be told from a screen built up this way, not from the bytes alone.
struct ScreenModel {
    let width: Int
    let height: Int
    private(set) var cells: [[Character]]
    private var row = 0
    private var column = 0
    private var saved = (row: 0, column: 0)
    private var top = 0
    private var bottom: Int
    private var last: Character = " "
    /// Bytes of a control sequence or UTF-8 character cut off at the end of the last chunk.
    private var pending: [UInt8] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bottom = height - 1
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// The screen's rows as text.
    var lines: [String] { cells.map { String($0) } }

    /// True when `text` shows on one row of the screen.
    func shows(_ text: String) -> Bool { cells.contains { String($0).contains(text) } }

    mutating func feed(_ bytes: some Collection<UInt8>) {
        let input = pending + bytes
        pending = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            switch byte {
            case 0x1B:
                guard let used = escape(input, from: index) else {
                    pending = Array(input[index...])
                    return
                }
                index += used
                continue
            case 0x0D: column = 0
            case 0x0A, 0x0B, 0x0C: lineFeed()
            case 0x08: column = max(0, min(column, width - 1) - 1)
            case 0x09: column = min(width - 1, (column / 8 + 1) * 8)
            case 0x00..<0x20, 0x7F: break
            default:
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard index + length <= input.count else {
                    pending = Array(input[index...])
                    return
                }
                let character = String(decoding: input[index..<index + length], as: UTF8.self).first ?? " "
                put(character)
                index += length
                continue
            }
            index += 1
        }
    }

    private mutating func put(_ character: Character) {
        if column >= width {
            column = 0
            lineFeed()
        }
        cells[row][column] = character
        last = character
        column += 1
    }

    private mutating func lineFeed() {
        if row == bottom {
            scrollUp(1)
        } else if row < height - 1 {
            row += 1
        }
    }

    private mutating func scrollUp(_ count: Int) {
        for _ in 0..<max(0, count) {
            cells.remove(at: top)
            cells.insert(blankRow, at: bottom)
        }
    }

    private mutating func scrollDown(_ count: Int) {
        for _ in 0..<max(0, count) {
            cells.remove(at: bottom)
            cells.insert(blankRow, at: top)
        }
    }

    private var blankRow: [Character] { Array(repeating: " ", count: width) }

    /// Handles the escape sequence at `start`; how many bytes it took, or `nil` when it is cut off.
    private mutating func escape(_ input: [UInt8], from start: Int) -> Int? {
        guard start + 1 < input.count else { return nil }
        let kind = input[start + 1]
        switch kind {
        case UInt8(ascii: "["):
            var end = start + 2
            while end < input.count, !(0x40...0x7E).contains(input[end]) { end += 1 }
            guard end < input.count else { return nil }
            let parameters = String(decoding: input[(start + 2)..<end], as: UTF8.self)
            control(parameters, final: input[end])
            return end - start + 1
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"):
            // A string ends with BEL or ESC \.
            var end = start + 2
            while end < input.count {
                if input[end] == 0x07 { return end - start + 1 }
                if input[end] == 0x1B, end + 1 < input.count, input[end + 1] == UInt8(ascii: "\\") {
                    return end - start + 2
                }
                end += 1
            }
            return nil
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "#"):
            return start + 2 < input.count ? 3 : nil
        case UInt8(ascii: "7"): saved = (row, column)
        case UInt8(ascii: "8"): (row, column) = saved
        case UInt8(ascii: "D"): lineFeed()
        case UInt8(ascii: "E"):
            column = 0
            lineFeed()
        case UInt8(ascii: "M"):
            if row == top { scrollDown(1) } else { row = max(0, row - 1) }
        case UInt8(ascii: "c"): self = ScreenModel(width: width, height: height)
        default: break
        }
        return 2
    }

    private mutating func control(_ parameters: String, final: UInt8) {
        let isPrivate = parameters.hasPrefix("?") || parameters.hasPrefix(">")
        let numbers = parameters.drop { $0 == "?" || $0 == ">" }.split(separator: ";", omittingEmptySubsequences: false)
            .map { Int($0) }
        func number(_ index: Int, _ fallback: Int = 1) -> Int {
            guard index < numbers.count, let value = numbers[index], value > 0 else { return fallback }
            return value
        }
        if isPrivate { return }
        let clampedColumn = min(column, width - 1)
        switch final {
        case UInt8(ascii: "A"): row = max(top > row ? 0 : top, row - number(0))
        case UInt8(ascii: "B"), UInt8(ascii: "e"): row = min(bottom < row ? height - 1 : bottom, row + number(0))
        case UInt8(ascii: "C"), UInt8(ascii: "a"): column = min(width - 1, clampedColumn + number(0))
        case UInt8(ascii: "D"): column = max(0, clampedColumn - number(0))
        case UInt8(ascii: "E"):
            row = min(height - 1, row + number(0))
            column = 0
        case UInt8(ascii: "F"):
            row = max(0, row - number(0))
            column = 0
        case UInt8(ascii: "G"), UInt8(ascii: "`"): column = min(width - 1, number(0) - 1)
        case UInt8(ascii: "d"): row = min(height - 1, number(0) - 1)
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            row = min(height - 1, number(0) - 1)
            column = min(width - 1, number(1) - 1)
        case UInt8(ascii: "J"):
            let mode = number(0, 0)
            if mode == 0 {
                erase(row: row, from: clampedColumn, to: width)
                for below in (row + 1)..<height { cells[below] = blankRow }
            } else if mode == 1 {
                for above in 0..<row { cells[above] = blankRow }
                erase(row: row, from: 0, to: clampedColumn + 1)
            } else {
                for index in 0..<height { cells[index] = blankRow }
            }
        case UInt8(ascii: "K"):
            switch number(0, 0) {
            case 0: erase(row: row, from: clampedColumn, to: width)
            case 1: erase(row: row, from: 0, to: clampedColumn + 1)
            default: erase(row: row, from: 0, to: width)
            }
        case UInt8(ascii: "X"): erase(row: row, from: clampedColumn, to: min(width, clampedColumn + number(0)))
        case UInt8(ascii: "@"):
            let count = min(number(0), width - clampedColumn)
            cells[row].insert(contentsOf: Array(repeating: " ", count: count), at: clampedColumn)
            cells[row].removeLast(count)
        case UInt8(ascii: "P"):
            let count = min(number(0), width - clampedColumn)
            cells[row].removeSubrange(clampedColumn..<(clampedColumn + count))
            cells[row].append(contentsOf: Array(repeating: " ", count: count))
        case UInt8(ascii: "L"):
            guard (top...bottom).contains(row) else { return }
            for _ in 0..<min(number(0), bottom - row + 1) {
                cells.remove(at: bottom)
                cells.insert(blankRow, at: row)
            }
            column = 0
        case UInt8(ascii: "M"):
            guard (top...bottom).contains(row) else { return }
            for _ in 0..<min(number(0), bottom - row + 1) {
                cells.remove(at: row)
                cells.insert(blankRow, at: bottom)
            }
            column = 0
        case UInt8(ascii: "S"): scrollUp(number(0))
        case UInt8(ascii: "T"): scrollDown(number(0))
        case UInt8(ascii: "b"):
            for _ in 0..<number(0) { put(last) }
        case UInt8(ascii: "r"):
            top = min(height - 1, number(0) - 1)
            bottom = min(height - 1, number(1, height) - 1)
            if top >= bottom { (top, bottom) = (0, height - 1) }
            (row, column) = (0, 0)
        case UInt8(ascii: "s"): saved = (row, column)
        case UInt8(ascii: "u"): (row, column) = saved
        default: break
        }
    }

    private mutating func erase(row: Int, from start: Int, to end: Int) {
        guard start < end else { return }
        for index in start..<end { cells[row][index] = " " }
    }
}
