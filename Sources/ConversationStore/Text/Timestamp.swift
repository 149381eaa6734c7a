import Foundation

/// Strict parsers for the timestamp formats imports meet.
///
/// Written by hand because both formats are fixed and imports parse millions of them: this is exact, allocation-free
/// and several times faster than a configured `DateFormatter`, and it refuses impossible dates (`Feb 30`) instead
/// of rolling them over.
public enum Timestamp {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Twitter's `created_at`: `Tue Oct 31 22:10:47 +0000 2017`.
    public static func parseTwitter(_ text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, weekdays.contains(String(parts[0])),
            let monthIndex = months.firstIndex(of: String(parts[1])),
            parts[2].allSatisfy(Self.isDigit), parts[5].allSatisfy(Self.isDigit),
            let day = Int(parts[2]), let year = Int(parts[5]), parts[5].count == 4,
            let clock = clock(parts[3]), let offset = offset(parts[4])
        else { return nil }
        return date(year: year, month: monthIndex + 1, day: day, clock: clock, offsetSeconds: offset, fraction: 0)
    }

    /// RFC 3339 / ISO 8601 with a time zone: `2026-11-22T10:00:00Z`, `2026-11-22T17:00:00.250+07:00`.
    public static func parseRFC3339(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: "t") || utf8[10] == UInt8(ascii: " "),
            let year = number(utf8[0..<4]), let month = number(utf8[5..<7]), let day = number(utf8[8..<10]),
            let clock = clock(Substring(String(decoding: utf8[11..<19], as: UTF8.self)))
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let digitsStart = index
            while index < utf8.count, let digit = digit(utf8[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > digitsStart else { return nil }
        }
        guard index < utf8.count else { return nil }
        var offsetSeconds = 0
        let zone = utf8[index...]
        if zone.count == 1, zone.first == UInt8(ascii: "Z") || zone.first == UInt8(ascii: "z") {
            offsetSeconds = 0
        } else if zone.count == 6, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"),
            zone[zone.startIndex + 3] == UInt8(ascii: ":"),
            let hours = number(zone[(zone.startIndex + 1)..<(zone.startIndex + 3)]),
            let minutes = number(zone[(zone.startIndex + 4)..<(zone.startIndex + 6)]), hours < 24, minutes < 60
        {
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone.first == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        return date(year: year, month: month, day: day, clock: clock, offsetSeconds: offsetSeconds, fraction: fraction)
    }

    /// Formats as RFC 3339 in UTC with milliseconds when there are any: `2026-11-22T10:00:00Z`.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        let remainder = milliseconds - seconds * 1000
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let secondOfDay = Int(seconds - Int64(days) * 86400)
        let (year, month, day) = civil(fromDays: days)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60,
            secondOfDay % 60)
        if remainder != 0 { text += String(format: ".%03d", Int(remainder)) }
        return text + "Z"
    }

    /// Only `0`–`9`: `Int("-1")` and `Int("+1")` would take a sign as part of a field.
    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + digit
        }
        return bytes.isEmpty ? nil : value
    }

    private static func clock(_ text: Substring) -> (Int, Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(Self.isDigit) }),
            let hour = Int(parts[0]),
            let minute = Int(parts[1]),
            let second = Int(parts[2]), hour < 24, minute < 60, second < 61
        else { return nil }
        return (hour, minute, second)
    }

    private static func offset(_ text: Substring) -> Int? {
        guard text.count == 5, let sign = text.first, sign == "+" || sign == "-",
            text.dropFirst().allSatisfy(Self.isDigit),
            let hours = Int(text.dropFirst().prefix(2)), let minutes = Int(text.suffix(2)), hours < 24, minutes < 60
        else { return nil }
        return (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
    }

    private static func date(
        year: Int, month: Int, day: Int, clock: (Int, Int, Int), offsetSeconds: Int, fraction: Double
    )
        -> Date?
    {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86400 + clock.0 * 3600 + clock.1 * 60 + min(clock.2, 59) - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
