import Foundation
import Synchronization

/// When a team is open: a time zone, open hours per weekday (several ranges a day, or none: closed), and holidays
/// (whole local dates, closed). SLA clocks run only while open (``BusinessCalendar``).
public struct BusinessHours: Hashable, Codable, Sendable {
    /// Open from `start` to `end`, minutes after local midnight (`end` may be 1440, midnight at the day's end).
    public struct Range: Hashable, Codable, Sendable, CustomStringConvertible {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// `08:00-12:00`; `nil` unless both are times of day and the range is not empty.
        public init?(parsing text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start < end
            else { return nil }
            self.start = start
            self.end = end
        }

        /// `08:00` as minutes after midnight; `24:00` is the day's end.
        static func minutes(_ text: Substring) -> Int? {
            let parts = text.trimmingCharacters(in: .whitespaces).split(
                separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
                parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                let hour = Int(parts[0]), let minute = Int(parts[1]), hour <= 24, minute < 60,
                hour * 60 + minute <= 1440
            else { return nil }
            return hour * 60 + minute
        }

        public var description: String {
            func clock(_ minutes: Int) -> String {
                String(format: "%02d:%02d", minutes / 60, minutes % 60)
            }
            return clock(start) + "-" + clock(end)
        }
    }

    /// The weekdays' names as the policy file spells them, Monday first.
    public static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A time zone identifier (`Asia/Jakarta`).
    public var timeZone: String
    /// Open ranges per weekday, Monday first (seven entries); an empty day is closed.
    public var week: [[Range]]
    /// Closed dates, `YYYY-MM-DD` in the time zone.
    public var holidays: Set<String>

    /// Hours as given; ``validated()`` says what is wrong with them.
    public init(timeZone: String, week: [[Range]], holidays: Set<String> = []) {
        self.timeZone = timeZone
        self.week = week
        self.holidays = holidays
    }

    /// The hours checked: a known time zone, seven days of sorted ranges that do not overlap, and real dates. Throws
    /// ``StoreError/Code/invalidAction`` naming the first problem.
    public func validated() throws -> BusinessHours {
        guard TimeZone(identifier: timeZone) != nil else {
            throw StoreError.invalid("hours: unknown time zone '\(timeZone)'; use a name like Asia/Jakarta")
        }
        guard week.count == 7 else { throw StoreError.invalid("hours: a week has seven days") }
        var sorted = self
        for (index, day) in week.enumerated() {
            let ranges = day.sorted { $0.start < $1.start }
            for range in ranges where !(0..<1440).contains(range.start) || range.end > 1440 || range.start >= range.end
            {
                throw StoreError.invalid("hours: \(Self.weekdayNames[index]) \(range) is not a range of one day")
            }
            for (earlier, later) in zip(ranges, ranges.dropFirst()) where later.start < earlier.end {
                throw StoreError.invalid("hours: \(Self.weekdayNames[index]) \(earlier) and \(later) overlap")
            }
            sorted.week[index] = ranges
        }
        for holiday in holidays where Self.date(holiday) == nil {
            throw StoreError.invalid("hours: holiday '\(holiday)' is not a date like 2026-12-25")
        }
        guard week.contains(where: { !$0.isEmpty }) else {
            throw StoreError.invalid("hours: open at least one day a week, or leave [hours] out")
        }
        return sorted
    }

    /// `(year, month, day)` of a `YYYY-MM-DD` date between 2000 and 2100.
    static func date(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (2000...2100).contains(year), (1...12).contains(month), day >= 1
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        guard let first = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
            let days = calendar.range(of: .day, in: .month, for: first), days.contains(day)
        else { return nil }
        return (year, month, day)
    }
}

/// The business clock of a set of hours over a span of days: each local day's open intervals as instants, and how
/// much open time there is before each day, so the open time between two instants, and the instant a target of open
/// time ends, take a lookup rather than a walk through the days.
///
/// Exact across daylight-saving changes (each day's ranges are placed by the calendar of the hours' time zone). It
/// grows to the days it is asked about, so keep one for a whole computation (a report) and do not share it between
/// tasks.
public final class BusinessCalendar {
    public let hours: BusinessHours
    private let calendar: Calendar
    /// The first day covered, as days since 1970-01-01 in the time zone.
    private var firstDay: Int
    /// Open intervals per covered day, milliseconds since 1970.
    private var intervals: [[(start: Int64, end: Int64)]] = []
    /// Open milliseconds before each covered day (one more entry than days).
    private var before: [Int64] = [0]

    /// The most days a calendar covers: about thirty years.
    public static let maximumDays = 11_000

    /// A calendar covering at least `from` … `to` (milliseconds); it grows as asked for later days.
    public init(hours: BusinessHours, from: Int64, to: Int64? = nil) {
        self.hours = hours
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: hours.timeZone) ?? .gmt
        self.calendar = calendar
        firstDay = 0
        let to = to ?? from
        firstDay = dayNumber(of: min(from, to))
        extend(through: dayNumber(of: max(from, to)) + 1)
    }

    /// Covers `day` too: a day before the first starts the calendar again from it.
    private func cover(_ day: Int) {
        if day < firstDay {
            let last = firstDay + intervals.count - 1
            firstDay = day
            intervals = []
            before = [0]
            extend(through: max(last, day))
        } else {
            extend(through: day)
        }
    }

    /// The local day an instant falls on, as days since 1970-01-01 (by the zone's offset at that instant).
    private func dayNumber(of milliseconds: Int64) -> Int {
        let seconds = milliseconds / 1000
        let offset = Int64(calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let local = seconds + offset
        return Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Adds days through `last` (day number), at most ``maximumDays`` in all.
    private func extend(through last: Int) {
        let target = min(last, firstDay + Self.maximumDays)
        var day = firstDay + intervals.count
        while day <= target {
            let open = openIntervals(onDay: day)
            intervals.append(open)
            before.append((before.last ?? 0) + open.reduce(0) { $0 + ($1.end - $1.start) })
            day += 1
        }
    }

    /// The open intervals of one local day: none on a holiday or a closed weekday.
    private func openIntervals(onDay day: Int) -> [(start: Int64, end: Int64)] {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let noon = Date(timeIntervalSince1970: TimeInterval(day) * 86_400 + 43_200)
        let parts = utc.dateComponents([.year, .month, .day, .weekday], from: noon)
        guard let year = parts.year, let month = parts.month, let date = parts.day, let weekday = parts.weekday else {
            return []
        }
        let name = String(format: "%04d-%02d-%02d", year, month, date)
        guard !hours.holidays.contains(name) else { return [] }
        // Calendar weekday: 1 is Sunday; the week here starts on Monday.
        let ranges = hours.week[(weekday + 5) % 7]
        guard let midnight = calendar.date(from: DateComponents(year: year, month: month, day: date)) else {
            return []
        }
        return ranges.compactMap { range in
            func instant(_ minutes: Int) -> Int64? {
                if minutes == 1440 {
                    return calendar.date(byAdding: .day, value: 1, to: midnight).map { $0.milliseconds }
                }
                return calendar.date(
                    bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: midnight
                ).map { $0.milliseconds }
            }
            guard let start = instant(range.start), let end = instant(range.end), start < end else { return nil }
            return (start, end)
        }
    }

    /// Open milliseconds from the start of day `index` (relative to the first day) to `instant`, within that day.
    private func openWithin(dayIndex index: Int, upTo instant: Int64) -> Int64 {
        intervals[index].reduce(0) { sum, interval in
            sum + max(0, min(instant, interval.end) - interval.start)
        }
    }

    /// Open milliseconds before `instant` since the first covered day.
    private func openBefore(_ instant: Int64) -> Int64 {
        let day = dayNumber(of: instant)
        cover(day)
        let index = min(day - firstDay, intervals.count - 1)
        if day - firstDay > index { return before[intervals.count] }
        return before[index] + openWithin(dayIndex: index, upTo: instant)
    }

    /// Open milliseconds in `[from, to)` (0 when `to` is not after `from`).
    public func openMilliseconds(from: Int64, to: Int64) -> Int64 {
        guard to > from else { return 0 }
        cover(dayNumber(of: from))
        return max(0, openBefore(to) - openBefore(from))
    }

    /// The instant at which `target` milliseconds of open time have passed since `from` (for 0: `from` itself when
    /// open, else the next opening); `nil` when that is beyond the calendar's reach.
    public func instant(after target: Int64, from: Int64) -> Int64? {
        let day = dayNumber(of: from)
        cover(day)
        var left = max(0, target)
        var index = day - firstDay
        while true {
            if index >= intervals.count {
                let reached = intervals.count
                extend(through: firstDay + index + 31)
                if intervals.count == reached { return nil }
            }
            for interval in intervals[index] where interval.end > from {
                let start = max(interval.start, from)
                if interval.end - start >= left { return start + left }
                left -= interval.end - start
            }
            index += 1
        }
    }

    /// The next instant at or after `instant` that is open; `nil` when none is within reach.
    public func nextOpening(atOrAfter instant: Int64) -> Int64? {
        self.instant(after: 0, from: instant)
    }

    /// Whether the team is open at `instant`.
    public func isOpen(at instant: Int64) -> Bool {
        let day = dayNumber(of: instant)
        cover(day)
        guard day - firstDay < intervals.count else { return false }
        return intervals[day - firstDay].contains { $0.start <= instant && instant < $0.end }
    }
}

/// One business calendar per set of hours for the whole process, grown as days are asked for and used under a lock:
/// every derivation and report of a store with hours reads the same day table.
public final class BusinessClocks: Sendable {
    public static let shared = BusinessClocks()

    private let calendars = Mutex<[BusinessHours: CalendarBox]>([:])

    /// A calendar held only under the lock.
    private final class CalendarBox: @unchecked Sendable {
        let calendar: BusinessCalendar
        init(_ calendar: BusinessCalendar) { self.calendar = calendar }
    }

    /// At most this many sets of hours are kept; more start the cache again.
    static let capacity = 16

    private func with<T>(_ hours: BusinessHours, at instant: Int64, _ body: (BusinessCalendar) -> T) -> T {
        calendars.withLock { calendars in
            if let box = calendars[hours] { return body(box.calendar) }
            if calendars.count >= Self.capacity { calendars.removeAll() }
            let box = CalendarBox(BusinessCalendar(hours: hours, from: instant))
            calendars[hours] = box
            return body(box.calendar)
        }
    }

    /// Open milliseconds in `[from, to)`.
    public func open(_ hours: BusinessHours, from: Int64, to: Int64) -> Int64 {
        with(hours, at: from) { $0.openMilliseconds(from: from, to: to) }
    }

    /// When `target` milliseconds of open time have passed since `from`.
    public func instant(_ hours: BusinessHours, after target: Int64, from: Int64) -> Int64? {
        with(hours, at: from) { $0.instant(after: target, from: from) }
    }

    /// Whether open at `instant`, and when it next opens.
    public func state(_ hours: BusinessHours, at instant: Int64) -> (open: Bool, nextOpening: Int64?) {
        with(hours, at: instant) { ($0.isOpen(at: instant), $0.nextOpening(atOrAfter: instant)) }
    }
}
