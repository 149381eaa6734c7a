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

            With --intent, reads what the customer wants of each text (or each line of standard input): complaint, \
            question, request, feedback, praise, deal, thanks or spam, several when several are there, the primary \
            first, whether it needs a reply, and the cues that decided it; always one JSON object a text: \
            {"intent":"complaint","intents":["complaint","question"],"needs_reply":true,"why":"…"}.
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

    @Flag(help: "Read the intent of the text, or of each line of standard input (one JSON object a text).")
    var intent = false

    @Flag(help: .hidden)
    var intentFeatures = false

    @Flag(help: "With --personal-data, print one JSON object a text.")
    var json = false

    @Argument(help: "The text.")
    var text: [String] = []

    func validate() throws {
        if stem && lang == .auto { throw ValidationError("--stem needs --lang id or --lang en") }
        if stem && !text.isEmpty { throw ValidationError("--stem reads words from standard input, not arguments") }
        if stem && personalData { throw ValidationError("choose one of --stem and --personal-data") }
        if [stem, personalData, intent].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --stem, --personal-data and --intent")
        }
        if json && !personalData && !intent { throw ValidationError("--json goes with --personal-data or --intent") }
        if !stem && !personalData && !intent && !intentFeatures && text.isEmpty {
            throw ValidationError("give the text to analyse")
        }
    }

    func run() throws {
        if intentFeatures {
            // What the complaint model is trained from: one text a line in, its features a line out.
            let classifier = IntentClassifier()
            while let line = readLine(strippingNewline: true) {
                print(classifier.features(line).joined(separator: "\t"))
            }
            return
        }
        if intent {
            let classifier = IntentClassifier()
            func show(_ line: String) {
                let reading = classifier.read(line)
                print(
                    JSONValue.object([
                        "intent": reading.primary.map { .string($0.rawValue) } ?? .null,
                        "intents": .array(reading.intents.map { .string($0.rawValue) }),
                        "needs_reply": .bool(reading.needsReply), "why": .string(reading.why),
                    ]).serialized())
            }
            if text.isEmpty {
                while let line = readLine(strippingNewline: true) { show(line) }
            } else {
                show(text.joined(separator: " "))
            }
            return
        }
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
