import Foundation

/// What the dashboard shows: today's figures against the target, the last seven days by hour (for the
/// sparklines) with their weekday × hour heatmap, and the backlog by age. Every number comes from ``Report``, so
/// it follows the same published formulas as `tanggap report`.
public struct Dashboard: Hashable, Sendable {
    /// Since local midnight.
    public var today: Report
    /// The last seven days, grouped by hour of day.
    public var week: Report
    /// The response rate the team aims for.
    public var responseRateTarget: Double
    public var generatedAt: Date
    /// The brand accounts' own messages of the last seven days: replies, broadcasts, the service share.
    public var outbound: [OutboundCount]
    /// The business hours the clocks run on, and whether the team is open now (else when it opens); `nil` when every
    /// hour counts.
    public var hours: (timeZone: String, open: Bool, opens: Date?)?
    /// The seven days before the week: the week's figures compared with them (``ReportComparison``).
    public var previousWeek: Report?
    /// The terms rising in the last hour against the week before (nil while the store's term counts are not
    /// complete).
    public var rising: Trends?
    /// The last seven days' staffing: for each weekday × hour the agents the week's own arrivals needed, against
    /// those who worked (``StaffingPlan``, one week).
    public var staffing: StaffingPlan?

    public init(
        today: Report, week: Report, responseRateTarget: Double, generatedAt: Date, outbound: [OutboundCount] = [],
        hours: (timeZone: String, open: Bool, opens: Date?)? = nil, previousWeek: Report? = nil,
        rising: Trends? = nil, staffing: StaffingPlan? = nil
    ) {
        self.rising = rising
        self.staffing = staffing
        self.previousWeek = previousWeek
        self.today = today
        self.week = week
        self.responseRateTarget = responseRateTarget
        self.generatedAt = generatedAt
        self.outbound = outbound
        self.hours = hours
    }

    public static func == (left: Dashboard, right: Dashboard) -> Bool {
        left.today == right.today && left.week == right.week && left.responseRateTarget == right.responseRateTarget
            && left.generatedAt == right.generatedAt && left.outbound == right.outbound
            && left.hours?.timeZone == right.hours?.timeZone && left.hours?.open == right.hours?.open
            && left.hours?.opens == right.hours?.opens && left.previousWeek == right.previousWeek
            && left.rising == right.rising && left.staffing == right.staffing
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(today)
        hasher.combine(generatedAt)
    }

    /// The default target: answer 95 of 100 conversations that need it.
    public static let defaultResponseRateTarget = 0.95

    /// The week against the seven days before it, when known.
    public var weekOverWeek: ReportComparison? {
        previousWeek.map { ReportComparison(current: week, previous: $0) }
    }

    /// The week's figures for each hour 0–23 (nil where no conversation started in that hour).
    public func hourly(_ value: (Report.Figures) -> Double?) -> [Double?] {
        let byKey = Dictionary(uniqueKeysWithValues: week.groups.map { ($0.key, $0.figures) })
        return (0..<24).map { hour in byKey[String(format: "%02d", hour)].flatMap(value) }
    }
}

extension Store {
    /// Computes the dashboard at the store's clock, days counted in `timeZone`.
    public func dashboard(
        timeZone: TimeZone = .current, responseRateTarget: Double = Dashboard.defaultResponseRateTarget
    ) async throws -> Dashboard {
        let now = now()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: now)
        let weekAgo = calendar.date(byAdding: .day, value: -7, to: midnight) ?? midnight
        let today = try await report(ReportQuery(since: midnight, timeZone: timeZone))
        let week = try await report(ReportQuery(since: weekAgo, grouping: .hour, timeZone: timeZone))
        let outbound = OutboundCount.counts(try await backend.outboundGroups(since: weekAgo, until: nil))
        var hours: (timeZone: String, open: Bool, opens: Date?)?
        if let set = try await currentPolicy().hours {
            let state = BusinessClocks.shared.state(set, at: now.milliseconds)
            hours = (set.timeZone, state.open, state.open ? nil : state.nextOpening.map { Date(milliseconds: $0) })
        }
        let twoWeeksAgo = calendar.date(byAdding: .day, value: -14, to: midnight) ?? weekAgo
        let previousWeek = try await report(ReportQuery(since: twoWeeksAgo, until: weekAgo, timeZone: timeZone))
        let rising = try await risingNow(threshold: .trends, limit: 5)
        let staffing = try await staffingPlan(weeks: 1, serviceLevel: 0.8, concurrency: 1, timeZone: timeZone)
        return Dashboard(
            today: today, week: week, responseRateTarget: responseRateTarget, generatedAt: now, outbound: outbound,
            hours: hours, previousWeek: previousWeek, rising: rising, staffing: staffing)
    }
}
