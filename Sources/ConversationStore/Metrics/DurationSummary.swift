/// Nearest-rank percentiles and the mean of a set of durations, in seconds.
///
/// The p-th percentile is the ⌈p·n⌉-th smallest value, so it is always a value that occurred. With no values every
/// figure is `nil`. Durations are whole milliseconds, as the store keeps times, and the mean is their exact sum
/// divided once: a report comes out the same to the last digit whether the figures are summed here or by a
/// database.
public struct DurationSummary: Hashable, Codable, Sendable {
    public var count: Int
    public var p50: Double?
    public var p90: Double?
    public var mean: Double?

    /// From durations in seconds (rounded to milliseconds).
    public init(_ values: [Double]) {
        self.init(milliseconds: values.map { Int64(($0 * 1000).rounded()) })
    }

    /// From durations in milliseconds.
    public init(milliseconds values: [Int64]) {
        let sorted = values.sorted()
        self.init(
            count: sorted.count, p50Milliseconds: Self.nearestRank(0.5, of: sorted),
            p90Milliseconds: Self.nearestRank(0.9, of: sorted), sumMilliseconds: sorted.reduce(0, +))
    }

    /// From figures worked out elsewhere (a database's `percentile_disc` is the same nearest rank).
    public init(count: Int, p50Milliseconds: Int64?, p90Milliseconds: Int64?, sumMilliseconds: Int64) {
        self.count = count
        p50 = p50Milliseconds.map { Double($0) / 1000 }
        p90 = p90Milliseconds.map { Double($0) / 1000 }
        mean = count == 0 ? nil : Double(sumMilliseconds) / Double(count) / 1000
    }

    /// The ⌈p·n⌉-th smallest of `sorted` (1-based), or `nil` when it is empty.
    public static func nearestRank<Value>(_ p: Double, of sorted: [Value]) -> Value? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
