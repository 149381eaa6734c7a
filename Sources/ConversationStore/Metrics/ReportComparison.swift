import Foundation

/// A report beside the same report for the period of equal length just before it (week over week, when the period is
/// a week): each headline figure now, then, and the change.
public struct ReportComparison: Hashable, Sendable {
    public var current: Report
    public var previous: Report

    /// One figure now and then.
    public struct Change: Hashable, Sendable {
        public var name: String
        public var now: Double?
        public var before: Double?
        /// Whether a rise is good (a rate) or bad (a time).
        public var higherIsBetter: Bool

        /// `now − before`, when both are known.
        public var change: Double? { now.flatMap { now in before.map { now - $0 } } }

        /// `↑`, `↓` or `→` (no change or unknown).
        public var arrow: String {
            guard let change, change != 0 else { return "→" }
            return change > 0 ? "↑" : "↓"
        }

        /// True when the figure moved the good way; `nil` when it did not move or is unknown.
        public var improved: Bool? {
            guard let change, change != 0 else { return nil }
            return (change > 0) == higherIsBetter
        }
    }

    public init(current: Report, previous: Report) {
        self.current = current
        self.previous = previous
    }

    /// The period before `since … until`, of the same length.
    public static func previousPeriod(since: Date, until: Date) -> (since: Date, until: Date) {
        (since.addingTimeInterval(-until.timeIntervalSince(since)), since)
    }

    /// The headline figures, in the order a report shows them.
    public var changes: [Change] {
        let now = current.totals
        let then = previous.totals
        return [
            Change(
                name: "conversations", now: Double(now.conversations), before: Double(then.conversations),
                higherIsBetter: true),
            Change(name: "response_rate", now: now.responseRate, before: then.responseRate, higherIsBetter: true),
            Change(
                name: "first_response_p50", now: now.firstResponse.p50, before: then.firstResponse.p50,
                higherIsBetter: false),
            Change(
                name: "first_response_p90", now: now.firstResponse.p90, before: then.firstResponse.p90,
                higherIsBetter: false),
            Change(name: "sla_attainment", now: now.slaAttainment, before: then.slaAttainment, higherIsBetter: true),
            Change(name: "resolution_p50", now: now.resolution.p50, before: then.resolution.p50, higherIsBetter: false),
        ]
    }
}

extension Store {
    /// The report, and the same report for the period of equal length before it. Needs a period with a start; its
    /// end is now when not given.
    public func compare(_ query: ReportQuery) async throws -> ReportComparison {
        guard let since = query.since else { throw StoreError.invalid("--compare needs --since, like --since 7d") }
        let until = query.until ?? now()
        var current = query
        current.until = until
        let period = ReportComparison.previousPeriod(since: since, until: until)
        var previous = query
        previous.since = period.since
        previous.until = period.until
        return ReportComparison(current: try await report(current), previous: try await report(previous))
    }
}
