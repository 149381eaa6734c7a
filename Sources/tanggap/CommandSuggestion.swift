import ConversationStore
import Presentation

/// What to say when the first word of a command line names no command: `tanggap reprot` would otherwise be read as
/// the console's arguments ("Unexpected argument 'reprot'").
enum CommandSuggestion {
    /// The message for `word` when it is not one of `commands`, with the nearest command when one is near; `nil`
    /// for a command, an option or nothing.
    static func problem(with word: String?, commands: [String]) -> String? {
        guard let word, !word.isEmpty, !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        let lowered = word.lowercased()
        let nearest = commands.map { (name: $0, distance: EditDistance.between(lowered, $0)) }
            .filter { $0.distance <= max(1, min(2, $0.name.count / 3)) }
            .min { $0.distance < $1.distance }
        // The word is the user's: shown on one line, with nothing the terminal would act on.
        let shown = "'" + TerminalText.singleLine(String(word.prefix(40))) + "'"
        guard let nearest else { return "unknown command \(shown); 'tanggap --help' lists the commands" }
        return "unknown command \(shown); did you mean '\(nearest.name)'?"
    }
}
