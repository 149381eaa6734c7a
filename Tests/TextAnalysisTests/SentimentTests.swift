import Foundation
import Testing

@testable import TextAnalysis

@Suite struct SentimentTests {
    let scorer = SentimentScorer()

    @Test(arguments: [
        ("pelayanannya bagus, terima kasih min 🙏", 1),
        ("sinyal lemot banget dari pagi 😡", -1),
        ("gak bagus sama sekali", -1),
        ("tidak jelek kok, lumayan", 1),
        ("my card was declined again, this is frustrating", -1),
        ("thanks, works perfectly now!", 1),
        ("kapan paketnya dikirim?", 0),
    ])
    func scoresTheFeelingOfAMessage(_ text: String, _ sign: Int) {
        let score = scorer.score(text)
        switch sign {
        case 1: #expect(score > 0, "\(text): \(score)")
        case -1: #expect(score < 0, "\(text): \(score)")
        default: #expect(score == 0, "\(text): \(score)")
        }
    }

    @Test func intensifiersAndNegationWeigh() {
        #expect(scorer.score("lemot banget") < scorer.score("lemot bagus"))
        #expect(scorer.score("bukan bagus") < 0)
    }

    /// Positive versus negative accuracy on IndoNLU SmSA test and the 300 operator tweets (neutral items left out;
    /// a score of 0 counts as wrong). The lexicon was written without looking at either.
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: SharedData.file("indonlu/smsa/test_preprocess.tsv").path),
            "../shared/data is absent; skipping the sentiment measurement"))
    func sentimentAccuracy() throws {
        let smsa = try String(contentsOf: SharedData.file("indonlu/smsa/test_preprocess.tsv"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> (String, String)? in
                let fields = line.split(separator: "\t").map(String.init)
                return fields.count == 2 ? (fields[0], fields[1]) : nil
            }
        func accuracy(_ items: [(String, String)]) -> (Double, Int) {
            let polar = items.filter { $0.1 == "positive" || $0.1 == "negative" }
            let right = polar.filter { text, label in
                let score = scorer.score(text)
                return label == "positive" ? score > 0 : score < 0
            }.count
            return (Double(right) / Double(max(polar.count, 1)), polar.count)
        }
        let (smsaAccuracy, smsaCount) = accuracy(smsa)
        var reader = try String(
            contentsOf: SharedData.file("indonesian/dataset_tweet_sentiment_cellular_service_provider.csv"),
            encoding: .utf8)
        reader = reader.replacingOccurrences(of: "\u{FEFF}", with: "")
        var tweets: [(String, String)] = []
        for line in reader.split(whereSeparator: \.isNewline).dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 2).map(String.init)
            if parts.count == 3 { tweets.append((parts[2], parts[1])) }
        }
        let (tweetAccuracy, tweetCount) = accuracy(tweets)
        print(
            "sentiment: SmSA test \(String(format: "%.3f", smsaAccuracy)) over \(smsaCount); operator tweets \(String(format: "%.3f", tweetAccuracy)) over \(tweetCount)"
        )
        #expect(smsaCount == 412)
        #expect(tweetCount == 300)
        // Measured when this test was written: SmSA 0.806, operator tweets 0.547.
        #expect(smsaAccuracy > 0.75)
        #expect(tweetAccuracy > 0.5)
    }
}
