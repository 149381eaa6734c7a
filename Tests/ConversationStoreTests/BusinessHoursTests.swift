import Foundation
import Testing

@testable import ConversationStore

/// The business clock: open time between two instants and when a target of open time ends, in the hours' zone.
@Suite struct BusinessHoursTests {
    static let weekdays = BusinessHours(
        timeZone: "Asia/Jakarta",
        week: [
            [.init(start: 480, end: 720), .init(start: 780, end: 1020)],  // mon 08-12, 13-17
            [.init(start: 480, end: 1020)], [.init(start: 480, end: 1020)], [.init(start: 480, end: 1020)],
            [.init(start: 480, end: 1020)], [], [],
        ], holidays: ["2026-12-25"])

    /// `2026-12-21 08:00` in Jakarta, as milliseconds.
    static func at(_ text: String, zone: String = "Asia/Jakarta") -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = text.split(whereSeparator: { " -:".contains($0) }).compactMap { Int($0) }
        guard parts.count == 5,
            let date = calendar.date(
                from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))
        else { return 0 }
        return date.milliseconds
    }

    static func minutes(_ from: String, _ to: String, _ hours: BusinessHours = weekdays) -> Int64 {
        let calendar = BusinessCalendar(hours: hours, from: at(from), to: at(to))
        return calendar.openMilliseconds(from: at(from), to: at(to)) / 60_000
    }

    @Test func openTimeBetweenTwoInstants() {
        // 2026-12-21 is a Monday.
        #expect(Self.minutes("2026-12-21 07:00", "2026-12-21 08:00") == 0, "answered at exactly opening time")
        #expect(Self.minutes("2026-12-19 10:00", "2026-12-20 12:00") == 0, "sent and answered while closed")
        #expect(Self.minutes("2026-12-21 16:50", "2026-12-22 08:10") == 20, "over a night")
        #expect(Self.minutes("2026-12-21 11:50", "2026-12-21 13:10") == 20, "over lunch")
        #expect(Self.minutes("2026-12-18 16:50", "2026-12-21 08:10") == 20, "over a weekend")
        #expect(Self.minutes("2026-12-24 16:45", "2026-12-28 08:15") == 30, "over a holiday and a weekend")
        #expect(Self.minutes("2026-12-22 09:00", "2026-12-22 08:00") == 0, "backwards is nothing")
        #expect(Self.minutes("2026-12-21 08:00", "2026-12-28 08:00") == 8 * 60 + 3 * 9 * 60, "a week, a holiday off")
    }

    @Test func dueTimesSkipWhatIsClosed() {
        func due(_ from: String, minutes: Int64) -> Int64? {
            let calendar = BusinessCalendar(hours: Self.weekdays, from: Self.at(from), to: Self.at(from))
            return calendar.instant(after: minutes * 60_000, from: Self.at(from))
        }
        #expect(due("2026-12-21 09:00", minutes: 30) == Self.at("2026-12-21 09:30"))
        #expect(due("2026-12-21 11:50", minutes: 30) == Self.at("2026-12-21 13:20"), "lunch")
        #expect(due("2026-12-18 16:50", minutes: 30) == Self.at("2026-12-21 08:20"), "a night and a weekend")
        #expect(due("2026-12-24 16:45", minutes: 30) == Self.at("2026-12-28 08:15"), "a holiday")
        #expect(due("2026-12-21 12:00", minutes: 60) == Self.at("2026-12-21 14:00"), "from the closing of a range")
        #expect(due("2026-12-20 03:00", minutes: 0) == Self.at("2026-12-21 08:00"), "the next opening")
        #expect(due("2026-12-21 10:00", minutes: 0) == Self.at("2026-12-21 10:00"))
        let calendar = BusinessCalendar(hours: Self.weekdays, from: Self.at("2026-12-21 10:00"))
        #expect(calendar.isOpen(at: Self.at("2026-12-21 10:00")) && !calendar.isOpen(at: Self.at("2026-12-21 12:30")))
        #expect(!calendar.isOpen(at: Self.at("2026-12-25 10:00")), "a holiday")
    }

    /// Each day's ranges are placed by the zone's calendar: the day daylight saving starts has 23 hours.
    @Test func exactAcrossADaylightSavingChange() {
        let always = BusinessHours(
            timeZone: "Europe/Berlin", week: Array(repeating: [.init(start: 0, end: 1440)], count: 7))
        let from = Self.at("2026-03-28 12:00", zone: "Europe/Berlin")
        let to = Self.at("2026-03-29 12:00", zone: "Europe/Berlin")
        let calendar = BusinessCalendar(hours: always, from: from, to: to)
        #expect(calendar.openMilliseconds(from: from, to: to) == 23 * 3_600_000)
    }

    @Test func badHoursAreNamed() {
        func problem(_ hours: BusinessHours) -> String? {
            do {
                _ = try hours.validated()
                return nil
            } catch {
                return (error as? StoreError)?.message
            }
        }
        var hours = Self.weekdays
        hours.timeZone = "Asia/Jakartaa"
        #expect(problem(hours)?.contains("unknown time zone 'Asia/Jakartaa'") == true)
        hours = Self.weekdays
        hours.week[1] = [.init(start: 480, end: 720), .init(start: 700, end: 800)]
        #expect(problem(hours) == "hours: tue 08:00-12:00 and 11:40-13:20 overlap")
        hours = Self.weekdays
        hours.holidays = ["2026-02-30"]
        #expect(problem(hours) == "hours: holiday '2026-02-30' is not a date like 2026-12-25")
        hours.holidays = []
        hours.week = Array(repeating: [], count: 7)
        #expect(problem(hours)?.contains("open at least one day") == true)
        #expect(BusinessHours.Range(parsing: "08:00-17:00") == .init(start: 480, end: 1020))
        #expect(BusinessHours.Range(parsing: "00:00-24:00") == .init(start: 0, end: 1440))
        for bad in ["8:00-17:00", "17:00-08:00", "08:00-08:00", "08:60-09:00", "24:30-25:00", "０８:00-09:00", ""] {
            #expect(BusinessHours.Range(parsing: bad) == nil, "\(bad)")
        }
    }
}

/// The policy file a supervisor writes: read, written back the same, and every mistake named.
@Suite struct PolicyFileTests {
    static let example = """
        sla = "30m"
        [sla_priority]
        urgent = "15m"
        [sla_channel]
        whatsapp = "60m"
        [hours]
        timezone = "Asia/Jakarta"
        mon = ["08:00-12:00", "13:00-17:00"]
        tue = ["08:00-17:00"]        # wed … sun likewise; a day left out is closed
        holidays = ["2026-12-25", "2027-01-01"]
        """

    @Test func theExampleIsReadAndWrittenBackTheSame() throws {
        let policy = try SLAPolicy(toml: Self.example)
        #expect(policy.defaultTargetSeconds == 1800 && policy.priorityTargets == [.urgent: 900])
        #expect(policy.channelTargets == [.whatsapp: 3600])
        #expect(policy.targetSeconds(priority: .urgent, channel: .twitter) == 900)
        let hours = try #require(policy.hours)
        #expect(hours.timeZone == "Asia/Jakarta" && hours.holidays == ["2026-12-25", "2027-01-01"])
        #expect(hours.week[0] == [.init(start: 480, end: 720), .init(start: 780, end: 1020)])
        #expect(hours.week[2].isEmpty, "a day left out is closed")
        #expect(try SLAPolicy(toml: policy.toml) == policy)
        #expect(try SLAPolicy(toml: "") == SLAPolicy(), "an empty file is the default: 30 minutes, every hour")
        #expect(SLAPolicy.targetSeconds("1h30m") == 5400 && SLAPolicy.targetSeconds("2d") == 172_800)
    }

    @Test(arguments: [
        ("sla = \"30\"", "sla must be a time in quotes between 1m and 7d"),
        ("sla = \"8d\"", "sla must be a time in quotes between 1m and 7d"),
        ("sla = 30", "sla must be a time in quotes"),
        ("slaa = \"30m\"", "unknown setting 'slaa' (did you mean 'sla'?)"),
        ("[sla_priority]\nurgen = \"5m\"", "[sla_priority]: unknown setting 'urgen' (did you mean 'urgent'?)"),
        ("[sla_channel]\n\"Fax!\" = \"5m\"", "sla_channel: 'Fax!' is not a channel"),
        ("[hours]\nmon = [\"08:00-17:00\"]", "hours: say the time zone"),
        ("[hours]\ntimezone = \"Asia/Jakarta\"\nmonday = [\"08:00-17:00\"]", "unknown setting 'monday'"),
        ("[hours]\ntimezone = \"Asia/Jakarta\"\nmon = [\"8-17\"]", "hours: mon: '8-17' is not a range"),
        ("[hours]\ntimezone = \"Mars/Olympus\"\nmon = [\"08:00-17:00\"]", "unknown time zone 'Mars/Olympus'"),
        ("[hours]\ntimezone = \"Asia/Jakarta\"\nmon = [\"08:00-17:00\"]\nholidays = [\"25-12-2026\"]", "not a date"),
        ("sla = ", "line 1"),
    ])
    func mistakesAreNamed(_ text: String, _ says: String) {
        do {
            _ = try SLAPolicy(toml: text)
            Issue.record("accepted: \(text)")
        } catch {
            let message = (error as? StoreError)?.message ?? "\(error)"
            #expect(message.contains(says), "\(message)")
        }
    }
}

/// A report on the business clock: response and resolution times and the SLA count open time only.
@Suite struct BusinessClockReportTests {
    static let policy = SLAPolicy(defaultTargetSeconds: 1800, hours: BusinessHoursTests.weekdays)

    static func fact(_ id: Int64, wrote: String, answered: String?, resolved: String? = nil) -> ConversationFacts {
        let inbound = Date(milliseconds: BusinessHoursTests.at(wrote))
        return ConversationFacts(
            id: ConversationID(id), channel: .twitter, account: "brand", priority: .normal, firstResponder: "ani",
            firstMessageAt: inbound, firstInboundAt: inbound,
            firstResponseAt: answered.map { Date(milliseconds: BusinessHoursTests.at($0)) },
            resolvedAt: resolved.map { Date(milliseconds: BusinessHoursTests.at($0)) }, needsResponse: true)
    }

    @Test func timesAndTheSLARunOnOpenHoursUnlessTheCalendarIsAskedFor() {
        let facts = [
            // Friday 16:50, answered Monday 08:10: 20 business minutes, met; on the calendar, days late.
            Self.fact(1, wrote: "2026-12-18 16:50", answered: "2026-12-21 08:10", resolved: "2026-12-21 09:00"),
            // Saturday, answered Sunday: nothing counts.
            Self.fact(2, wrote: "2026-12-19 10:00", answered: "2026-12-20 12:00"),
            // Unanswered since Monday 08:00; at Monday 08:20 it has waited 20 business minutes: pending.
            Self.fact(3, wrote: "2026-12-21 08:00", answered: nil),
        ]
        let now = Date(milliseconds: BusinessHoursTests.at("2026-12-21 08:20"))
        let business = Report(facts: facts, query: ReportQuery(), policy: Self.policy, now: now)
        #expect(business.clock == .business)
        #expect(business.totals.firstResponse.p50 == 0 && business.totals.firstResponse.p90 == 1200)
        #expect(business.totals.slaMet == 2 && business.totals.slaBreached == 0 && business.totals.slaPending == 1)
        #expect(business.totals.resolution.p50 == 4200, "ten minutes of Friday and an hour of Monday")
        let calendar = Report(facts: facts, query: ReportQuery(clock: .calendar), policy: Self.policy, now: now)
        #expect(calendar.clock == .calendar)
        #expect(calendar.totals.slaMet == 0 && calendar.totals.slaBreached == 2)
        let later = Date(milliseconds: BusinessHoursTests.at("2026-12-21 08:31"))
        #expect(
            Report(facts: facts, query: ReportQuery(), policy: Self.policy, now: later).totals.slaBreached == 1,
            "an unanswered conversation breaches once its business time waiting passes the target")
        #expect(Report(facts: facts, query: ReportQuery(), policy: SLAPolicy(), now: now).clock == .calendar)
    }
}

/// The example policy shipped for a team in Jakarta reads, and closes on its holidays.
@Suite struct ExamplePolicyTests {
    @Test func theIndonesianExampleReadsAndClosesOnItsHolidays() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/policy-indonesia.toml")
        let policy = try SLAPolicy(toml: try String(contentsOf: url, encoding: .utf8))
        let hours = try #require(policy.hours)
        #expect(hours.timeZone == "Asia/Jakarta" && hours.holidays.contains("2027-08-17"))
        #expect(hours.holidays.allSatisfy { BusinessHours.date($0) != nil })
        // Wednesday 2027-08-18 08:00 is open; Tuesday 17 August, Independence Day, is not.
        let calendar = BusinessCalendar(hours: hours, from: BusinessHoursTests.at("2027-08-16 00:00"))
        #expect(!calendar.isOpen(at: BusinessHoursTests.at("2027-08-17 10:00")))
        #expect(calendar.isOpen(at: BusinessHoursTests.at("2027-08-18 08:00")))
    }
}

/// Week over week: each headline figure now, in the period of equal length before, and the change.
@Suite struct ReportComparisonTests {
    @Test func changesArrowsAndThePreviousPeriod() {
        let now = Date(milliseconds: BusinessHoursTests.at("2026-12-21 12:00"))
        let calendar = SLAPolicy()
        let quick = BusinessClockReportTests.fact(1, wrote: "2026-12-21 09:00", answered: "2026-12-21 09:10")
        let slow = BusinessClockReportTests.fact(2, wrote: "2026-12-14 09:00", answered: "2026-12-14 10:00")
        let unanswered = BusinessClockReportTests.fact(3, wrote: "2026-12-14 09:30", answered: nil)
        let comparison = ReportComparison(
            current: Report(facts: [quick], query: ReportQuery(), policy: calendar, now: now),
            previous: Report(facts: [slow, unanswered], query: ReportQuery(), policy: calendar, now: now))
        let changes = Dictionary(uniqueKeysWithValues: comparison.changes.map { ($0.name, $0) })
        #expect(changes["response_rate"]?.now == 1 && changes["response_rate"]?.before == 0.5)
        #expect(changes["response_rate"]?.arrow == "↑" && changes["response_rate"]?.improved == true)
        #expect(changes["first_response_p50"]?.change == -3000 && changes["first_response_p50"]?.improved == true)
        #expect(changes["conversations"]?.arrow == "↓")
        #expect(changes["resolution_p50"]?.arrow == "→" && changes["resolution_p50"]?.improved == nil)
        let since = Date(milliseconds: BusinessHoursTests.at("2026-12-14 00:00"))
        let until = Date(milliseconds: BusinessHoursTests.at("2026-12-21 00:00"))
        let previous = ReportComparison.previousPeriod(since: since, until: until)
        #expect(previous.until == since && previous.since == since.addingTimeInterval(-7 * 86_400))
    }
}

/// What setting a policy does to the conversations waiting now, once for every store: each due time worked out
/// again by the new policy (its channel and priority targets, on its clock).
@Suite struct PolicyChangeTests {
    @Test func waitingConversationsGetTheNewPolicysDueTimes() throws {
        let policy = try SLAPolicy(
            toml: """
                sla = "30m"
                [sla_priority]
                urgent = "15m"
                [hours]
                timezone = "Asia/Jakarta"
                mon = ["08:00-17:00"]
                fri = ["08:00-17:00"]
                """)
        let friday = BusinessHoursTests.at("2026-12-18 16:50")
        let dues = policy.dueTimes(of: [
            WaitingConversation(id: 1, awaitingSince: friday, priority: Priority.normal.rank, channel: "twitter"),
            WaitingConversation(id: 2, awaitingSince: friday, priority: Priority.urgent.rank, channel: "whatsapp"),
            WaitingConversation(id: 3, awaitingSince: friday, priority: 9, channel: "Not A Channel!"),
        ])
        #expect(dues.map(\.id) == [1, 2, 3])
        #expect(dues[0].due == BusinessHoursTests.at("2026-12-21 08:20"), "10 minutes Friday, 20 Monday")
        #expect(dues[1].due == BusinessHoursTests.at("2026-12-21 08:05"), "urgent: 15 minutes")
        #expect(dues[2].due == dues[0].due, "an unreadable priority or channel is taken as normal, web")
    }
}
