import Foundation

/// Which terms customers use far more in a recent window than the baseline before it predicts: the statistic behind
/// rising topics and spike alerts.
///
/// Counts are of customer messages: a term counts once for each message it is in. The baseline predicts a term's
/// share of the messages, so a busy hour does not make every term rise: for a term in `k` of the window's `W`
/// messages and `b` of the baseline's `B`, `expected = (b + 1) / (B + 1) × W` (one added so a term never seen before
/// has a small, not a zero, expectation). The score is the Poisson log-likelihood ratio of the window's count
/// against that expectation, `2 × (k × ln(k / expected) − (k − expected))`, signed positive for a rise: large when a
/// count is both far above what was expected and large enough to be believed. Asymptotically it is χ² with one
/// degree of freedom, so a score has a p-value, `erfc(√(score / 2))`. An hour has thousands of terms, and one in a
/// thousand would pass p < 0.001 by chance alone; so the significance is shared among the terms tested (Bonferroni:
/// each must reach p < significance / terms tested). The default significance is 0.0001: a console asks every hour
/// of the week, and at 0.001 a store of ordinary traffic would raise a chance alert every few weeks (the 100k bench
/// workload's week before its spike held one: "want refund" in 10 conversations against 1.9 expected, p = 0.00004).
/// For 0.0001 over 1,000 terms a score of 28.4 is needed. A term must reach every minimum (count, conversations,
/// ratio, score) to rise.
public enum RisingTerms {
    /// A term's counts in the window and the baseline.
    public struct Counts: Hashable, Sendable {
        public var term: String
        /// How customers wrote it most often in the window ("lemottt" for the term "lambat").
        public var written: String
        public var window: Int
        public var baseline: Int
        /// The conversations the term appears in within the window.
        public var conversations: [ConversationID]

        public init(term: String, written: String? = nil, window: Int, baseline: Int, conversations: [ConversationID]) {
            self.term = term
            self.written = written ?? term
            self.window = window
            self.baseline = baseline
            self.conversations = conversations
        }
    }

    /// The least a term must reach to rise.
    public struct Threshold: Hashable, Sendable {
        public var count: Int
        public var ratio: Double
        /// The chance of a rise this large by chance alone, shared among the terms tested.
        public var significance: Double
        public var conversations: Int

        public init(count: Int = 5, ratio: Double = 3, significance: Double = 0.0001, conversations: Int = 2) {
            self.count = count
            self.ratio = ratio
            self.significance = significance
            self.conversations = conversations
        }

        /// What `tanggap trends` lists by default.
        public static let trends = Threshold()
        /// What the console alerts every agent to by default: five times the expectation, in ten conversations.
        public static let spike = Threshold(count: 10, ratio: 5, significance: 0.0001, conversations: 10)
    }

    /// A rising term, as `tanggap trends --json` prints it.
    public struct Rise: Hashable, Sendable {
        public var term: String
        public var written: String
        public var count: Int
        public var expected: Double
        public var ratio: Double
        public var score: Double
        public var conversations: [ConversationID]

        public init(
            term: String, written: String, count: Int, expected: Double, ratio: Double, score: Double,
            conversations: [ConversationID]
        ) {
            self.term = term
            self.written = written
            self.count = count
            self.expected = expected
            self.ratio = ratio
            self.score = score
            self.conversations = conversations
        }
    }

    /// The Poisson log-likelihood ratio of `count` against `expected`, positive when the count is above it.
    public static func score(count: Int, expected: Double) -> Double {
        guard expected > 0 else { return 0 }
        let k = Double(count)
        let value = k == 0 ? 2 * expected : 2 * (k * log(k / expected) - (k - expected))
        return k >= expected ? value : -value
    }

    /// The chance that a score at least this large comes by chance alone (χ² with one degree of freedom).
    public static func pValue(score: Double) -> Double { score <= 0 ? 1 : erfc((score / 2).squareRoot()) }

    /// The least score whose p-value is at most `p`.
    public static func criticalScore(p: Double) -> Double {
        guard p > 0, p < 1 else { return p >= 1 ? 0 : .infinity }
        var low = 0.0
        var high = 1000.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if pValue(score: middle) > p { low = middle } else { high = middle }
        }
        return high
    }

    /// What the baseline predicts for a term seen in `baseline` of its `baselineMessages` messages, in a window of
    /// `windowMessages` messages.
    public static func expected(baseline: Int, baselineMessages: Int, windowMessages: Int) -> Double {
        Double(baseline + 1) / Double(baselineMessages + 1) * Double(windowMessages)
    }

    /// The terms whose window count rises above the baseline's prediction past `threshold`, best score first.
    public static func rising(
        _ counts: [Counts], windowMessages: Int, baselineMessages: Int, threshold: Threshold = .trends,
        limit: Int = 20
    ) -> [Rise] {
        guard windowMessages > 0, baselineMessages > 0 else { return [] }
        let tested = counts.filter {
            $0.window >= threshold.count && $0.conversations.count >= threshold.conversations
        }.count
        let least = criticalScore(p: threshold.significance / Double(max(1, tested)))
        return counts.compactMap { counts -> Rise? in
            let expected = expected(
                baseline: counts.baseline, baselineMessages: baselineMessages, windowMessages: windowMessages)
            let ratio = Double(counts.window) / expected
            let score = score(count: counts.window, expected: expected)
            guard counts.window >= threshold.count, ratio >= threshold.ratio, score >= least,
                counts.conversations.count >= threshold.conversations
            else { return nil }
            return Rise(
                term: counts.term, written: counts.written, count: counts.window, expected: expected, ratio: ratio,
                score: score, conversations: counts.conversations)
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
        .prefix(max(0, limit)).map { $0 }
    }
}
