import ArgumentParser
import ConversationStore
import Foundation
import Presentation
import TextAnalysis

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show how text is analysed for search and suggestions.",
        discussion: """
            Prints one token a line: words after slang normalisation and stemming, and handle:, hashtag:, url:,
            number:, emoji: units; stopwords are shown in brackets. With --stem, reads words from standard input, one a
            line, and prints one stem a line (stemming only), for comparing with other stemmers.

            With --personal-data, finds personal data (phone, nik, email, card, bank_account, npwp, otp, address) in \
            the text, or in each line of standard input when no text is given, and prints what it found and the text \
            masked; with --json, one object a text: {"found":[{"kind":"phone","text":"…"}],"masked":"…"}.
            """)

    enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, id, en
    }

    @Option(help: "auto (guess per text), id or en.")
    var lang: LanguageChoice = .auto

    @Flag(help: "Stem words read from standard input, one a line.")
    var stem = false

    @Flag(help: "Find personal data in the text, or in each line of standard input.")
    var personalData = false

    @Flag(help: "With --personal-data, print one JSON object a text.")
    var json = false

    @Argument(help: "The text.")
    var text: [String] = []

    func validate() throws {
        if stem && lang == .auto { throw ValidationError("--stem needs --lang id or --lang en") }
        if stem && !text.isEmpty { throw ValidationError("--stem reads words from standard input, not arguments") }
        if stem && personalData { throw ValidationError("choose one of --stem and --personal-data") }
        if json && !personalData { throw ValidationError("--json goes with --personal-data") }
        if !stem && !personalData && text.isEmpty { throw ValidationError("give the text to analyse") }
    }

    func run() throws {
        if personalData {
            if text.isEmpty {
                while let line = readLine(strippingNewline: true) { printPersonalData(in: line) }
            } else {
                printPersonalData(in: text.joined(separator: " "))
            }
            return
        }
        let analyzer = TextAnalyzer()
        let language: TextAnalyzer.Language? =
            switch lang {
            case .auto: nil
            case .id: .indonesian
            case .en: .english
            }
        if stem, let language {
            while let line = readLine(strippingNewline: true) {
                let word = line.trimmingCharacters(in: .whitespaces).lowercased()
                print(
                    language == .indonesian
                        ? analyzer.indonesian.stemText(word)
                        : word.split(separator: " ").map { analyzer.english.stem(String($0)) }.joined(separator: " "))
            }
            return
        }
        let joined = text.joined(separator: " ")
        let chosen = language ?? TextAnalyzer.guessLanguage(joined)
        print("language: \(chosen.rawValue)")
        let kept = Set(analyzer.tokens(joined, language: chosen).map(\.original))
        for token in analyzer.tokens(joined, language: chosen, keepStopwords: true) {
            let shown = TerminalText.singleLine(token.description)
            print(token.kind == .word && !kept.contains(token.original) ? "[\(shown)]" : shown)
        }
    }

    /// What `--personal-data` prints for one text.
    private func printPersonalData(in text: String) {
        let found = PersonalData.find(in: text)
        let masked = PersonalData.mask(text)
        if json {
            let objects = found.map { JSONValue.object(["kind": .string($0.kind.rawValue), "text": .string($0.text)]) }
            print(JSONValue.object(["found": .array(objects), "masked": .string(masked)]).serialized())
            return
        }
        if found.isEmpty { print("no personal data") }
        for finding in found {
            print(
                finding.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + TerminalText.singleLine(finding.text))
        }
        print("masked: " + TerminalText.singleLine(masked))
    }
}
