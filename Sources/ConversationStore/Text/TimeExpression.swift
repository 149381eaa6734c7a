import Foundation

/// The times people type on the command line: `2026-11-22T10:00:00Z`, `2026-11-22 17:30`, `2026-11-22`, or an
/// amount of time from now (`30m`, `2h`, `3d`, `1w`).
public enum TimeExpression {
    /// Which way an amount of time counts from now.
    public enum Direction: Sendable {
        /// `2h` is two hours from now (snooze until).
        case ahead
        /// `7d` is seven days ago (report since).
        case ago
    }

    /// Parses `text`; a date without a time is the start of that day in `timeZone`. Returns `nil` when the text is
    /// none of the accepted forms.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone, direction: Direction) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = Timestamp.parseRFC3339(trimmed) { return date }
        if let amount = amount(trimmed) {
            return now.addingTimeInterval(direction == .ahead ? amount : -amount)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        if let date = spoken(trimmed.lowercased(), now: now, calendar: calendar, direction: direction) { return date }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard (1...2).contains(parts.count) else { return nil }
        let day = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard day.count == 3, day[0].count == 4, day[1].count == 2, day[2].count == 2, let year = Int(day[0]),
            let month = Int(day[1]), let dayOfMonth = Int(day[2])
        else { return nil }
        var components = DateComponents(year: year, month: month, day: dayOfMonth, hour: 0, minute: 0, second: 0)
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]),
                let minute = Int(clock[1]), hour < 24, minute < 60
            else { return nil }
            components.hour = hour
            components.minute = minute
            if clock.count == 3 {
                guard let second = Int(clock[2]), second < 60 else { return nil }
                components.second = second
            }
        }
        guard let date = calendar.date(from: components) else { return nil }
        // Reject dates the calendar rolled over (2026-02-30 → March 2).
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == dayOfMonth else { return nil }
        return date
    }

    /// Days and times as people say them, in English or Indonesian: `tomorrow 9am`, `besok 09:00`, `mon 14:30`,
    /// `senin 9am`, `today 17:00`, or a time alone (`9am`, `17:00`: the next one ahead, or the last one ago). A day
    /// without a time is its start.
    static func spoken(_ text: String, now: Date, calendar: Calendar, direction: Direction) -> Date? {
        var words = text.split(separator: " ").map(String.init)
        guard (1...2).contains(words.count) else { return nil }
        let today = calendar.startOfDay(for: now)
        var day: Date?
        let weekdays = [
            ["sun", "sunday", "minggu"], ["mon", "monday", "senin"], ["tue", "tuesday", "selasa"],
            ["wed", "wednesday", "rabu"], ["thu", "thursday", "kamis"], ["fri", "friday", "jumat"],
            ["sat", "saturday", "sabtu"],
        ]
        switch words[0] {
        case "today", "hari-ini": day = today
        case "tomorrow", "besok": day = calendar.date(byAdding: .day, value: 1, to: today)
        case "yesterday", "kemarin": day = calendar.date(byAdding: .day, value: -1, to: today)
        default:
            if let index = weekdays.firstIndex(where: { $0.contains(words[0]) }) {
                // The next such day ahead (never today), or the last one ago.
                let current = calendar.component(.weekday, from: today) - 1
                var offset = (index - current + 7) % 7
                if direction == .ahead {
                    if offset == 0 { offset = 7 }
                } else {
                    offset = offset == 0 ? -7 : offset - 7
                }
                day = calendar.date(byAdding: .day, value: offset, to: today)
            }
        }
        if day != nil { words.removeFirst() }
        guard let clock = words.first else { return day }
        guard words.count == 1, let (hour, minute) = timeOfDay(clock) else { return nil }
        if let day { return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) }
        guard let at = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: today) else { return nil }
        switch direction {
        case .ahead: return at > now ? at : calendar.date(byAdding: .day, value: 1, to: at)
        case .ago: return at <= now ? at : calendar.date(byAdding: .day, value: -1, to: at)
        }
    }

    /// `9am`, `9pm`, `12am`, `09:00`, `9:30`, `17.30`: the hour and minute.
    static func timeOfDay(_ text: String) -> (Int, Int)? {
        var clock = Substring(text)
        var half: String?
        for suffix in ["am", "pm"] where clock.hasSuffix(suffix) {
            half = suffix
            clock = clock.dropLast(2)
        }
        let pieces = clock.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "." })
        guard (1...2).contains(pieces.count), pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
            let hourValue = Int(pieces[0]), (pieces.count == 2 || half != nil)
        else { return nil }
        let minute = pieces.count == 2 ? Int(pieces[1]) : 0
        guard let minute, pieces.count == 1 || pieces[1].count == 2, (0..<60).contains(minute) else { return nil }
        var hour = hourValue
        switch half {
        case "am"?:
            guard (1...12).contains(hour) else { return nil }
            hour %= 12
        case "pm"?:
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + 12
        default:
            guard (0..<24).contains(hour) else { return nil }
        }
        return (hour, minute)
    }

    /// True when `text` names a calendar day without a time (`2026-11-22`).
    public static func isDay(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.count == 10 && !trimmed.contains(" ") && !trimmed.contains("T") && trimmed.contains("-")
    }

    /// Seconds in `30m`, `2h`, `3d`, `1w`, `45s`; `nil` otherwise.
    static func amount(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let value = Double(text.dropLast()), value >= 0, value.isFinite,
            text.dropLast().allSatisfy({ $0.isNumber || $0 == "." })
        else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86400
        case "w": return value * 7 * 86400
        default: return nil
        }
    }
}
