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

    /// Slang for a stopword is a stopword in the English reading of a text too; kept when stopwords are kept.
    @Test func slangStopwordsAreStopwordsInEitherLanguage() {
        #expect(analyzer.terms("kuota gak masuk yg kemarin", language: .english) == ["kuota", "masuk", "kemarin"])
        #expect(analyzer.terms("gak", language: .english, keepStopwords: true) == ["gak"])
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

    @Test(arguments: [
        ("bangeeet", "banget"), ("mantappp", "mantap"), ("maaf", "maaf"), ("sooo", "so"), ("kk", "kk"), ("aaa", "a"),
        ("aabbbcc", "aabcc"), ("sêêêru", "sêru"), ("ééé", "é"), ("kerennn😡😡😡", "keren😡"),
    ])
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

    /// Exact-match accuracy of the project's own slang lexicon and spelling rules on the agreed gold pairs. The
    /// lexicon was written without them; the spelling rules were designed on the even lines, so the odd lines are the
    /// test.
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: SharedData.file("indonesian/slang_gold_agreed.tsv").path),
            "../shared/data is absent; skipping the slang measurement"))
    func slangLexiconAccuracy() throws {
        let pairs = try String(contentsOf: SharedData.file("indonesian/slang_gold_agreed.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }.filter {
                $0.count == 2
            }
        func measure(_ pairs: [[String]]) -> (correct: Int, covered: Int) {
            var correct = 0
            var covered = 0
            for pair in pairs {
                guard let standard = SlangLexicon.standard(pair[0]) else { continue }
                covered += 1
                if standard == pair[1] { correct += 1 }
            }
            return (correct, covered)
        }
        let even = measure(pairs.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let odd = measure(pairs.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
        let all = (correct: even.correct + odd.correct, covered: even.covered + odd.covered)
        func share(_ count: Int, _ of: Int) -> String { String(format: "%.3f", Double(count) / Double(max(of, 1))) }
        print(
            "slang: \(all.correct) of \(pairs.count) exact (\(share(all.correct, pairs.count))), \(all.covered) covered; "
                + "even lines \(share(even.correct, (pairs.count + 1) / 2)), odd lines (test) \(share(odd.correct, pairs.count / 2))"
        )
        #expect(pairs.count == 3_424)
        // Measured 0.064 with the lexicon alone.
        #expect(Double(all.correct) / Double(pairs.count) > 0.15)
    }

    @Test(arguments: [
        ("apa2", "apa-apa"), ("bener2", "benar-benar"), ("aduhh", "aduh"), ("bener", "benar"), ("dapet", "dapat"),
    ])
    func regularInformalSpellingsAreStandardised(_ informal: String, _ standard: String) {
        #expect(SlangLexicon.standard(informal) == standard)
    }

    @Test(arguments: ["makan", "kpu", "dpr", "internet", "roaming", "2020", "ab2", "printer"])
    func standardWordsAndAcronymsAreLeftAlone(_ word: String) {
        #expect(SlangLexicon.standard(word) == nil)
    }
}
