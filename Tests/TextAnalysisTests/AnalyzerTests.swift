import Foundation
import Testing

@testable import TextAnalysis

@Suite struct AnalyzerTests {
    let analyzer = TextAnalyzer()

    @Test(arguments: [
        ("sinyal lemot bgt dr pagi", ["sinyal", "lambat", "pagi"]),
        ("udah restart hp tetep gak bisa", ["restart", "ponsel", "tetap"]),
        ("refund kapan ya?", ["kembali", "dana", "kapan"]),
        ("Pengiriman paket LAMBAT bangeeet!!!", ["kirim", "paket", "lambat"]),
        ("My roaming package isn't working since yesterday", ["roam", "packag", "isn't", "work", "sinc", "yesterday"]),
    ])
    func analysesInformalText(_ text: String, _ terms: [String]) {
        #expect(analyzer.terms(text) == terms)
    }

    @Test func keepsHandlesTagsURLsNumbersAndEmojiAsUnits() {
        let tokens = analyzer.tokens("@TelkomCare #GangguanSinyal cek https://t.co/AbC?x=1, pulsa 10.000 hilang 😡👍🏽")
        #expect(
            tokens.map(\.description) == [
                "handle:telkomcare", "hashtag:gangguansinyal", "periksa", "url:https://t.co/abc?x=1", "pulsa",
                "number:10.000",
                "hilang", "emoji:😡", "emoji:👍",
            ])
    }

    @Test(arguments: [("bangeeet", "banget"), ("mantappp", "mantap"), ("maaf", "maaf"), ("sooo", "so"), ("kk", "kk")])
    func squeezesElongation(_ word: String, _ squeezed: String) {
        #expect(Tokenizer.squeeze(word) == squeezed)
    }

    @Test(arguments: [
        ("sinyal lemot bgt dr pagi, gak bisa internetan", TextAnalyzer.Language.indonesian),
        ("my order hasn't shipped yet and it has been four days", .english),
        ("refund kapan ya?", .indonesian),
        ("the app keeps crashing after the update", .english),
    ])
    func guessesTheLanguage(_ text: String, _ language: TextAnalyzer.Language) {
        #expect(TextAnalyzer.guessLanguage(text) == language)
    }

    /// Exact-match accuracy of the project's own slang lexicon on the agreed gold pairs (the lexicon was written
    /// without them; this only measures it).
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: SharedData.file("indonesian/slang_gold_agreed.tsv").path),
            "../shared/data is absent; skipping the slang measurement"))
    func slangLexiconAccuracy() throws {
        let lines = try String(contentsOf: SharedData.file("indonesian/slang_gold_agreed.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        var total = 0
        var correct = 0
        var covered = 0
        for line in lines {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 2 else { continue }
            total += 1
            if let standard = SlangLexicon.standard(fields[0]) {
                covered += 1
                if standard == fields[1] { correct += 1 }
            }
        }
        let accuracy = Double(correct) / Double(max(total, 1))
        print("slang lexicon: \(correct) of \(total) exact (\(String(format: "%.3f", accuracy))), \(covered) covered")
        #expect(total == 3_424)
        #expect(correct > 0)
    }
}
