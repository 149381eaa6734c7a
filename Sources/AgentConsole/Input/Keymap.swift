/// Which key runs which command in the normal mode. `1`–`9` always take a suggestion and are not rebindable.
public struct Keymap: Hashable, Sendable {
    /// Each bound key and its command.
    public private(set) var bindings: [Key: ConsoleCommand]

    /// A keymap of exactly these bindings.
    public init(bindings: [Key: ConsoleCommand]) { self.bindings = bindings }

    /// Vim-like keys, with arrows and the usual keys beside them.
    public static let standard = Keymap(bindings: [
        .character("j"): .down, .down: .down, .character("k"): .up, .up: .up,
        .character("g"): .first, .home: .first, .character("G"): .last, .end: .last,
        .control("d"): .pageDown, .pageDown: .pageDown, .control("u"): .pageUp, .pageUp: .pageUp,
        .enter: .open, .character("l"): .open, .right: .open, .character("h"): .back, .left: .back, .escape: .back,
        .character("n"): .next, .character("r"): .reply, .character("P"): .replyPrivately, .character("a"): .note,
        .character("e"): .editor, .character("t"): .tag, .character("!"): .priority, .character("p"): .pending,
        .character("z"): .snooze, .character("x"): .resolve, .character("X"): .noReply,
        .character("y"): .confirmNoReply, .character("c"): .claim,
        .character("u"): .release, .tab: .focusNext, .character("v"): .view, .character("/"): .search,
        .character(":"): .commandLine, .character("?"): .help, .character("K"): .article, .character("s"): .sidePane,
        .character("i"): .insertArticle, .character("D"): .dashboard, .character("q"): .quit,
        .character("*"): .reveal, .character("O"): .reopen, .character("M"): .messages, .character("U"): .undo,
        .character(" "): .mark, .character("T"): .templates, .character("H"): .history,
        .character("R"): .rising,
    ])

    /// The command a key runs, if any.
    public func command(for key: Key) -> ConsoleCommand? { bindings[key] }

    /// The keys bound to a command, for help.
    public func keys(for command: ConsoleCommand) -> [Key] {
        bindings.filter { $0.value == command }.map(\.key).sorted {
            $0.name.count < $1.name.count || ($0.name.count == $1.name.count && $0.name < $1.name)
        }
    }

    /// The keymap with some commands bound anew: each command named (`down`, `quit`) gets the keys named (`j`,
    /// `ctrl-n`, `pgdn`) in place of its current ones. A config file's `[keys]` table comes in this shape.
    public func overridden(by names: [String: [String]]) throws -> Keymap {
        var result = self
        for name in names.keys.sorted() {
            guard let command = ConsoleCommand(rawValue: name) else {
                throw ConfigError(
                    "[keys]: unknown command '\(name)'; commands are "
                        + ConsoleCommand.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var keys: [Key] = []
            for keyName in names[name] ?? [] {
                guard let key = Key(name: keyName) else { throw ConfigError("[keys]: '\(keyName)' is not a key name") }
                if case .character(let character) = key, character.isNumber, character != "0" {
                    throw ConfigError("[keys]: 1–9 take suggestions and cannot be rebound")
                }
                keys.append(key)
            }
            result.bindings = result.bindings.filter { $0.value != command }
            for key in keys { result.bindings[key] = command }
        }
        // A key given to two commands, or taken from a command the config leaves alone, would silently leave a
        // command without its key (`down = "k"` took k from up).
        var givenTo: [Key: String] = [:]
        for name in names.keys.sorted() {
            for keyName in names[name] ?? [] {
                guard let key = Key(name: keyName) else { continue }
                if let other = givenTo[key], other != name {
                    throw ConfigError("[keys]: '\(keyName)' is given to both \(other) and \(name)")
                }
                givenTo[key] = name
                if let standing = bindings[key], standing.rawValue != name, names[standing.rawValue] == nil {
                    throw ConfigError(
                        "[keys]: '\(keyName)' is \(standing.rawValue)'s key; give \(standing.rawValue) "
                            + "another key too, or choose another for \(name)")
                }
            }
        }
        return result
    }
}
