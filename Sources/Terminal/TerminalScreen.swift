import AgentConsole
import CNcursesw
import Foundation

/// The ncurses edge: starts and stops the terminal, paints frames, reads keys. Nothing else happens here, and only
/// the thread that created it may call it.
public final class TerminalScreen {
    /// What reading the keyboard gave.
    public enum Input: Equatable {
        case key(Key)
        case resized(width: Int, height: Int)
        /// Standard input is gone (the SSH connection dropped).
        case closed
        /// Something was read that is no key (a terminal's answer, a key this console does not use); more may follow.
        case ignored
    }

    private let window: UnsafeMutablePointer<WINDOW>
    private var lastFrame: Frame?
    private var pairs: [Role: (attributes: attr_t, pair: Int16)] = [:]
    /// False under a locale that cannot show UTF-8 (an SSH login without `LANG`): draw ASCII only.
    public let unicode: Bool
    public private(set) var theme: Theme

    /// Takes over the terminal. Fails when standard input or output is not a terminal.
    public init(theme: Theme, colour: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ConfigError(
                "the console needs a terminal; use the scriptable commands (tanggap queue, show, …) in scripts")
        }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        guard let screen = initscr() else {
            throw ConfigError(
                "cannot start the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        window = screen
        self.theme = theme
        configure(theme: theme, colour: colour)
    }

    /// Takes over the terminal at `descriptor` (a pseudo-terminal the caller holds) rather than standard input and
    /// output, as `term`: for measuring the console in process.
    public init(theme: Theme, colour: Bool, terminal descriptor: Int32, term: String = "xterm-256color") throws {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        guard let screen = tg_newterm_fd(term, descriptor) else {
            throw ConfigError("cannot start a terminal (TERM=\(term)) on descriptor \(descriptor)")
        }
        window = screen
        self.theme = theme
        configure(theme: theme, colour: colour)
    }

    private func configure(theme: Theme, colour: Bool) {
        raw()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        wtimeout(window, 0)
        intrflush(window, false)
        leaveok(window, false)
        apply(theme: theme, colour: colour)
    }

    /// Sets up one colour pair per role, mapped to the colours this terminal has. The palette is never rewritten.
    public func apply(theme: Theme, colour: Bool) {
        var effective = theme
        let useColour = colour && has_colors()
        if useColour {
            start_color()
            use_default_colors()
        } else {
            effective = theme.monochrome
        }
        self.theme = effective
        let available = Int(tg_colors())
        let maximumPairs = Int(tg_color_pairs())
        pairs = [:]
        for (index, role) in Role.allCases.enumerated() {
            let style = effective.style(role)
            var attributes = tg_a_normal()
            if style.bold { attributes |= tg_a_bold() }
            if style.underline { attributes |= tg_a_underline() }
            if style.reverse { attributes |= tg_a_reverse() }
            if style.dim { attributes |= tg_a_dim() }
            var pair: Int16 = 0
            if useColour, index + 1 < maximumPairs {
                pair = Int16(index + 1)
                let foreground = Int16(style.foreground.index(available: available) ?? -1)
                let background = Int16(style.background.index(available: available) ?? -1)
                init_pair(pair, foreground, background)
            }
            pairs[role] = (attributes, pair)
        }
        lastFrame = nil
    }

    /// The terminal's size now.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Paints a frame: only the cells that differ from the last frame are handed to ncurses, which in turn sends
    /// the terminal only what changed on screen.
    public func paint(_ frame: Frame) {
        let previous = lastFrame.flatMap { $0.width == frame.width && $0.height == frame.height ? $0 : nil }
        if previous == nil { werase(window) }
        var characters = [wchar_t](repeating: 0, count: 6)
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let cell = frame[x, y]
                if let previous, previous[x, y] == cell { continue }
                var text = cell.text
                if !unicode {
                    // No UTF-8 locale: every cell gets an ASCII stand-in of the same width.
                    text = text.isEmpty ? "?" : Self.ascii(text)
                } else if text.isEmpty {
                    continue
                }
                let style = pairs[cell.role] ?? (tg_a_normal(), 0)
                // A flag's two regional indicators are two spacing characters: ncurses takes one a cell, so each gets
                // its own (the frame counts the flag two cells wide).
                let scalars = Array(text.unicodeScalars.prefix(5))
                if scalars.count == 2, scalars.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }) {
                    for (offset, scalar) in scalars.enumerated() {
                        characters[0] = wchar_t(bitPattern: scalar.value)
                        characters[1] = 0
                        _ = tg_put_cell(
                            window, Int32(y), Int32(x + offset), characters, style.attributes, style.pair)
                    }
                    continue
                }
                for (count, scalar) in scalars.enumerated() { characters[count] = wchar_t(bitPattern: scalar.value) }
                characters[scalars.count] = 0
                _ = tg_put_cell(window, Int32(y), Int32(x), characters, style.attributes, style.pair)
            }
        }
        if let cursor = frame.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
        lastFrame = frame
    }

    /// The ASCII stand-in for a glyph the terminal's locale cannot show.
    static func ascii(_ glyph: String) -> String {
        guard let scalar = glyph.unicodeScalars.first, !scalar.isASCII else { return glyph }
        switch scalar.value {
        case 0x2500, 0x2501: return "-"
        case 0x2502, 0x2503: return "|"
        case 0x250C, 0x2510, 0x2514, 0x2518: return "+"
        case 0x00B7, 0x2022: return "."
        case 0x2026: return "~"
        case 0x2691: return "*"
        case 0x25B2: return "^"
        case 0x25C0: return "<"
        case 0x25B6: return ">"
        case 0x270E: return "#"
        case 0x2639: return "~"
        case 0x2013, 0x2014, 0x2212: return "-"
        case 0x2190: return "<"
        case 0x2192: return ">"
        case 0x2191: return "^"
        case 0x2193: return "v"
        case 0x201C, 0x201D: return "\""
        case 0x2018, 0x2019: return "'"
        default: return "?"
        }
    }

    /// Repaints everything on the next paint (after `ctrl-l`, or when the screen was disturbed).
    public func invalidate() {
        lastFrame = nil
        clearok(window, true)
    }

    /// The next pending input, or `nil` when there is none right now (something read that is no key is
    /// ``Input/ignored``, never `nil`: the caller tells a closed terminal by reading nothing).
    public func read() -> Input? {
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_RESIZE:
                let (width, height) = size
                lastFrame = nil
                return .resized(width: width, height: height)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            default:
                for number in 1...12 where Int32(character) == tg_key_f(Int32(number)) {
                    return .key(.function(number))
                }
                // A key the console does not use (ctrl- or shift- with an arrow, as the terminal names them): read,
                // and nothing to do.
                return .ignored
            }
        }
        switch character {
        case 13: return .key(.enter)
        case 27: return escapeSequence()
        case 127, 8: return .key(.backspace)
        case 9: return .key(.tab)
        case 10: return .key(.control("j"))
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(character) + 96))))
        default:
            guard let scalar = Unicode.Scalar(character), character >= 32 else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    /// What follows an escape that arrives with more behind it: a key this terminal's description does not name
    /// (Home and End as tmux sends them, `\e[1~` `\e[4~`), or a terminal's answer (a cursor position, `\e[3;1R`),
    /// read whole so that none of its characters is taken as a key (its digit took a suggestion). An escape on its
    /// own is the escape key.
    private func escapeSequence() -> Input? {
        var next: wint_t = 0
        let result = wget_wch(window, &next)
        if result == ERR { return .key(.escape) }
        let introducer = Unicode.Scalar(next).map(Character.init)
        guard result != KEY_CODE_YES, introducer == "[" || introducer == "O" else {
            // Alt and a key: the key is read next, the escape counts as its own.
            if result == KEY_CODE_YES { ungetch(Int32(next)) } else { unget_wch(wchar_t(next)) }
            return .key(.escape)
        }
        var body = ""
        for _ in 0..<32 {
            var character: wint_t = 0
            guard wget_wch(window, &character) == OK, let scalar = Unicode.Scalar(character) else { break }
            body.unicodeScalars.append(scalar)
            // The final byte; in SS3 (`\eO`) the one character after it.
            if introducer == "O" || (0x40...0x7E).contains(character) { break }
        }
        switch body {
        case "1~", "7~", "H": return .key(.home)
        case "4~", "8~", "F": return .key(.end)
        case "A": return .key(.up)
        case "B": return .key(.down)
        case "C": return .key(.right)
        case "D": return .key(.left)
        case "5~": return .key(.pageUp)
        case "6~": return .key(.pageDown)
        case "3~": return .key(.delete)
        case "Z": return .key(.backTab)
        default: return .ignored
        }
    }

    /// Leaves the terminal to another program (the editor) and takes it back afterwards.
    public func suspend<T>(_ body: () throws -> T) rethrows -> T {
        def_prog_mode()
        endwin()
        defer {
            reset_prog_mode()
            lastFrame = nil
            clearok(window, true)
            wrefresh(window)
        }
        return try body()
    }

    /// Rings the terminal's bell (or flashes it, where the terminal has no bell).
    public func bell() {
        beep()
    }

    /// Gives the terminal back as it was.
    public func close() {
        endwin()
    }
}
