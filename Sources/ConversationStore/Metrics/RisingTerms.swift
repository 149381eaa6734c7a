import Foundation

/// Which terms customers use far more in a recent window than the baseline before it predicts: the statistic behind
/// rising topics and spike alerts.
///
/// For a term seen `k` times in the window and `b` times in the baseline, the baseline predicts
/// `expected = (b + 1) × window length / baseline length` (one added so a term never seen before has a small, not a
/// zero, expectation). The score is the Poisson log-likelihood ratio of the window's count against that expectation,
/// `2 × (k × ln(k / expected) − (k − expected))`, signed positive for a rise: large when a count is both far above
/// what was expected and large enough to be believed. A term must reach `minimumCount` and `minimumRatio` to rise.
public enum RisingTerms {
    /// A term's counts in the window and the baseline.
    public struct Counts: Hashable, Sendable {
        public var term: String
        public var window: Int
        public var baseline: Int
        /// The conversations the term appears in within the window.
        public var conversations: [ConversationID]

        public init(term: String, window: Int, baseline: Int, conversations: [ConversationID]) {
            self.term = term
            self.window = window
            self.baseline = baseline
            self.conversations = conversations
        }
    }

    /// A rising term, as `tanggap trends --json` prints it.
    public struct Rise: Hashable, Sendable {
        public var term: String
        public var count: Int
        public var expected: Double
        public var ratio: Double
        public var score: Double
        public var conversations: [ConversationID]
    }

    /// The Poisson log-likelihood ratio of `count` against `expected`, positive when the count is above it.
    public static func score(count: Int, expected: Double) -> Double {
        guard expected > 0 else { return 0 }
        let k = Double(count)
        let value = k == 0 ? 2 * expected : 2 * (k * log(k / expected) - (k - expected))
        return k >= expected ? value : -value
    }

    /// The terms whose window count rises above the baseline's prediction, best score first: at least
    /// `minimumCount` in the window and `minimumRatio` times the expectation.
    public static func rising(
        _ counts: [Counts], windowSeconds: Double, baselineSeconds: Double, minimumCount: Int = 5,
        minimumRatio: Double = 3, limit: Int = 20
    ) -> [Rise] {
        guard windowSeconds > 0, baselineSeconds > 0 else { return [] }
        let scale = windowSeconds / baselineSeconds
        return counts.compactMap { counts -> Rise? in
            let expected = Double(counts.baseline + 1) * scale
            let ratio = Double(counts.window) / expected
            guard counts.window >= minimumCount, ratio >= minimumRatio else { return nil }
            return Rise(
                term: counts.term, count: counts.window, expected: expected, ratio: ratio,
                score: score(count: counts.window, expected: expected), conversations: counts.conversations)
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
        .prefix(max(0, limit)).map { $0 }
    }
}
