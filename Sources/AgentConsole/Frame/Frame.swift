import ConversationStore
import Presentation

/// One terminal cell: what is drawn there and in which role's style.
public struct Cell: Hashable, Sendable {
    /// The glyph; empty for the second half of a wide character.
    public var text: String
    public var role: Role

    public init(_ text: String, role: Role) {
        self.text = text
        self.role = role
    }

    /// A blank cell.
    public static let blank = Cell(" ", role: .normal)
}

/// A rectangle of the screen, in cells.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    /// The rectangle without a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// The whole screen as a grid of styled cells. Rendering draws every frame in full here; the terminal layer then
/// sends only what changed.
public struct Frame: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should stand (while composing), if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorPosition.map { ($0.x, $0.y) } }
        set { cursorPosition = newValue.map { Position(x: $0.x, y: $0.y) } }
    }
    private var cursorPosition: Position?

    private struct Position: Hashable, Sendable {
        var x: Int
        var y: Int
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with blanks in a role (a background).
    public mutating func fill(_ rect: Rect, role: Role) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y] = Cell(" ", role: role) }
        }
    }

    /// Writes one line of text at (x, y), never past `limit` cells nor the frame's edge; returns the cells used.
    /// The text must already be terminal-safe (see `TerminalText`).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, limit: Int? = nil, role: Role) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        if TerminalText.isPrintableASCII(text) {
            // A cell a byte; no grapheme breaking.
            for byte in text.utf8 {
                if column >= end {
                    column = end
                    break
                }
                if column >= 0 { self[column, y] = Cell(String(UnicodeScalar(byte)), role: role) }
                column += 1
            }
            return column - x
        }
        for character in text {
            let cells = DisplayWidth.of(character)
            if cells == 0 { continue }
            if column + cells > end {
                // A wide character that does not fit leaves a blank, never half a glyph.
                if column < end { self[column, y] = Cell(" ", role: role) }
                column = end
                break
            }
            if column >= 0 {
                self[column, y] = Cell(DisplayWidth.glyph(character), role: role)
                if cells == 2 { self[column + 1, y] = Cell("", role: role) }
            }
            column += cells
        }
        return column - x
    }

    /// The frame as plain text, one line per row, trailing blanks removed: what a person reads on the screen.
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += self[x, y].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    public static func == (lhs: Frame, rhs: Frame) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells
            && lhs.cursorPosition == rhs.cursorPosition
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(cells)
    }
}
