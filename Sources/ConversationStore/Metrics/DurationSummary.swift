/// Nearest-rank percentiles and the mean of a set of durations, in seconds.
///
/// The p-th percentile is the ⌈p·n⌉-th smallest value, so it is always a value that occurred. With no values every
/// figure is `nil`.
public struct DurationSummary: Hashable, Codable, Sendable {
    public var count: Int
    public var p50: Double?
    public var p90: Double?
    public var mean: Double?

    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        p50 = Self.nearestRank(0.5, of: sorted)
        p90 = Self.nearestRank(0.9, of: sorted)
        mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
    }

    /// The ⌈p·n⌉-th smallest of `sorted` (1-based), or `nil` when it is empty.
    public static func nearestRank(_ p: Double, of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
