import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "The words and phrases customers use far more in the last hour than the week before predicts.",
        discussion: """
            A term is a word as the analysis reads it (slang made standard, so lemot, lemottt and lambat are one; \
            stemmed; stopwords, numbers and handles left out) or two such words side by side; it counts once per \
            customer message. The baseline (whole hours before the hour the window starts in) predicts a term's \
            share of the window's messages: expected = (baseline count + 1) / (baseline messages + 1) × window \
            messages. The score is the Poisson log-likelihood ratio 2 × (k ln(k / expected) − (k − expected)), about \
            χ² with one degree of freedom; p < --significance is shared among the terms tested (Bonferroni). A term rises when \
            its count, its number of conversations, its ratio to the expectation and its score all reach the minimums. A store that had messages before it kept hourly counts is counted \
            once, by the first run.
            """)

    @Option(help: "The window: the time before --until, like 1h or 30m (1m–7d).")
    var window = "1h"

    @Option(help: "The baseline before the window, like 7d (1h–90d).")
    var baseline = "7d"

    @Option(help: "The window's end: 2026-11-01 08:00, an RFC 3339 time, or 2h (two hours ago). Default: now.")
    var until: String?

    @Option(help: "At most this many terms (1–1000).")
    var limit = 20

    @Option(help: "The least count in the window.")
    var minCount = RisingTerms.Threshold.trends.count

    @Option(help: "The least ratio of the count to the expectation.")
    var minRatio = RisingTerms.Threshold.trends.ratio

    @Option(help: "The least number of conversations the term is in.")
    var minConversations = RisingTerms.Threshold.trends.conversations

    @Option(help: "The chance of a rise by chance alone, shared among the terms tested (above 0, below 1).")
    var significance = RisingTerms.Threshold.trends.significance

    @Flag(help: "Print a JSON array.")
    var json = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard SLAPolicy.seconds(window, within: 60...Trends.longestWindowSeconds) != nil else {
            throw ValidationError("--window '\(window)' is not a time between 1m and 7d, like 1h")
        }
        guard SLAPolicy.seconds(baseline, within: 3600...Trends.longestBaselineSeconds) != nil else {
            throw ValidationError("--baseline '\(baseline)' is not a time between 1h and 90d, like 7d")
        }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit is 1 to 1000") }
        guard (1...1_000_000).contains(minCount) else { throw ValidationError("--min-count is 1 to 1,000,000") }
        guard minRatio >= 1, minRatio <= 1_000_000 else { throw ValidationError("--min-ratio is 1 to 1,000,000") }
        guard (1...1_000_000).contains(minConversations) else {
            throw ValidationError("--min-conversations is 1 to 1,000,000")
        }
        guard significance > 0, significance < 1 else { throw ValidationError("--significance is above 0, below 1") }
        _ = try parseTimeOption(until, name: "until", now: Date())
    }

    func run() async throws {
        try await runReportingErrors {
            let until = try parseTimeOption(until, name: "until", now: Date())
            let store = try await options.openStore()
            if try await !store.trendsIndexed() {
                FileHandle.standardError.write(
                    Data("counting the terms of the store's customer messages, once…\n".utf8))
                let counted = try await store.indexTrends()
                FileHandle.standardError.write(Data("counted \(counted) customer messages\n".utf8))
            }
            var threshold = RisingTerms.Threshold.trends
            threshold.count = minCount
            threshold.ratio = minRatio
            threshold.conversations = minConversations
            threshold.significance = significance
            let trends = try await store.trends(
                windowSeconds: SLAPolicy.seconds(window, within: 60...Trends.longestWindowSeconds) ?? 3600,
                baselineSeconds: SLAPolicy.seconds(baseline, within: 3600...Trends.longestBaselineSeconds) ?? 604_800,
                until: until, threshold: threshold, limit: limit)
            print(json ? Self.json(trends) : Self.table(trends), terminator: json ? "\n" : "")
        }
    }

    static func json(_ trends: Trends) -> String {
        JSONValue.array(
            trends.rises.map { rise in
                .object([
                    "term": .string(rise.term), "written": .string(rise.written), "count": JSONValue(rise.count),
                    "expected": JSONValue(rise.expected), "ratio": JSONValue(rise.ratio),
                    "score": JSONValue(rise.score),
                    "conversations": .array(rise.conversations.map { JSONValue(Int($0.rawValue)) }),
                ])
            }
        ).serialized()
    }

    static func table(_ trends: Trends) -> String {
        let header = String(
            format: "%@ – %@: %d customer messages · baseline %@ – %@: %d", Timestamp.format(trends.window.start),
            Timestamp.format(trends.window.end), trends.windowMessages, Timestamp.format(trends.baseline.start),
            Timestamp.format(trends.baseline.end), trends.baselineMessages)
        guard trends.baselineMessages > 0 else {
            return header
                + "\nno customer messages in the baseline: nothing can be said to rise (try a longer --baseline)\n"
        }
        guard !trends.rises.isEmpty else { return header + "\nnothing rising above the threshold\n" }
        var table = TextTable(columns: ["TERM", "COUNT", "EXPECTED", "RATIO", "SCORE", "CONVERSATIONS"])
        for rise in trends.rises {
            let shown = rise.conversations.prefix(8).map { "#\($0.rawValue)" }.joined(separator: " ")
            let more = rise.conversations.count > 8 ? " +\(rise.conversations.count - 8)" : ""
            table.add([
                rise.written == rise.term ? rise.term : "\(rise.written) (\(rise.term))", String(rise.count),
                String(format: "%.2f", rise.expected), String(format: "%.0f×", rise.ratio),
                String(format: "%.1f", rise.score), "\(rise.conversations.count): \(shown)\(more)",
            ])
        }
        return header + "\n" + table.render(width: nil)
    }
}
