import Presentation

/// What to say when the first word of a command line names no command: `tanggap reprot` would otherwise be read as
/// the console's arguments ("Unexpected argument 'reprot'").
enum CommandSuggestion {
    /// The message for `word` when it is not one of `commands`, with the nearest command when one is near; `nil`
    /// for a command, an option or nothing.
    static func problem(with word: String?, commands: [String]) -> String? {
        guard let word, !word.isEmpty, !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        let nearest = commands.map { (name: $0, distance: distance(word.lowercased(), $0)) }
            .filter { $0.distance <= max(1, min(2, $0.name.count / 3)) }
            .min { $0.distance < $1.distance }
        // The word is the user's: shown on one line, with nothing the terminal would act on.
        let shown = "'" + TerminalText.singleLine(String(word.prefix(40))) + "'"
        guard let nearest else { return "unknown command \(shown); 'tanggap --help' lists the commands" }
        return "unknown command \(shown); did you mean '\(nearest.name)'?"
    }

    /// Edits (insert, delete, replace, or swap two neighbours) from one word to the other.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
