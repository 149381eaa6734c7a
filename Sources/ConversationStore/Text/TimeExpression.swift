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
