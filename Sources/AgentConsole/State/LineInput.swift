/// Editable text with a cursor: the draft, a prompt's answer, the command line.
public struct LineInput: Hashable, Sendable {
    public var text: String
    /// The cursor, as a count of characters from the start.
    public var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies an editing key; returns false for keys that are not editing keys.
    public mutating func apply(_ key: Key, multiline: Bool) -> Bool {
        cursor = max(0, min(cursor, text.count))
        switch key {
        case .character(let character):
            insert(String(character))
        case .control("j") where multiline:
            insert("\n")
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text.removeFirst(cursor)
            cursor = 0
        case .control("w"):
            let before = text.prefix(cursor)
            let trimmed = before.reversed().drop(while: { $0 == " " }).drop(while: { $0 != " " })
            let keep = String(trimmed.reversed())
            text = keep + text.dropFirst(cursor)
            cursor = keep.count
        default:
            return false
        }
        return true
    }

    /// Inserts at the cursor and puts the cursor after what was inserted. Characters are counted as they stand after
    /// the insertion: a flag or a skin tone typed one code point at a time joins the character before it into one
    /// (🇮 then 🇩 is one 🇮🇩), so the cursor is counted again rather than moved by what was typed.
    public mutating func insert(_ string: String) {
        let split = text.index(text.startIndex, offsetBy: max(0, min(cursor, text.count)))
        let before = String(text[..<split]) + string
        let after = text[split...]
        text = before + after
        cursor = min(before.count, text.count)
    }
}
