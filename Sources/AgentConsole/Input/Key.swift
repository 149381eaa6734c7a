/// A key press, as the terminal layer decodes it.
public enum Key: Hashable, Sendable {
    /// A printable character (including space).
    case character(Character)
    /// Ctrl with a letter, as its lowercase letter (`ctrl-d` is `.control("d")`).
    case control(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)

    /// Parses a key as config files and help name it: `j`, `G`, `?`, `enter`, `esc`, `ctrl-d`, `pgdn`, `f1`, `space`.
    public init?(name: String) {
        let lowered = name.lowercased()
        switch lowered {
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "home": self = .home
        case "end": self = .end
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "backspace": self = .backspace
        case "delete", "del": self = .delete
        case "tab": self = .tab
        case "backtab", "shift-tab": self = .backTab
        case "space": self = .character(" ")
        default:
            if lowered.hasPrefix("ctrl-"), lowered.count == 6, let letter = lowered.last, letter.isLetter {
                self = .control(letter)
            } else if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...12).contains(number) {
                self = .function(number)
            } else if name.count == 1, let character = name.first {
                self = .character(character)
            } else {
                return nil
            }
        }
    }

    /// The name help shows for the key.
    public var name: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let letter): "ctrl-\(letter)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "home"
        case .end: "end"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .enter: "enter"
        case .escape: "esc"
        case .backspace: "backspace"
        case .delete: "del"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .function(let number): "f\(number)"
        }
    }
}
