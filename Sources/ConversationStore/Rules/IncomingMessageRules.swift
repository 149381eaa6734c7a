import Foundation

/// Limits every import format applies to incoming messages.
public enum IncomingMessageRules {
    /// The largest message text accepted, in bytes of UTF-8.
    public static let maximumTextBytes = 65_536
    /// The longest external id or author id accepted.
    public static let maximumIDLength = 128

    /// The earliest time a message may carry: 2000-01-01T00:00:00Z. A time from outside
    /// ``earliestTime``..<``latestTime`` is a broken or hostile record (a platform's missing timestamp reads as
    /// 1970), refused where it enters rather than stored where the SLA clock and the reports would read it.
    public static let earliestTime = Date(timeIntervalSince1970: 946_684_800)
    /// The time after the last a message may carry: 2100-01-01T00:00:00Z.
    public static let latestTime = Date(timeIntervalSince1970: 4_102_444_800)
    /// How the accepted range reads in an error.
    public static let timeRangeText = "from 2000 to 2099"

    /// True for a time a message may carry.
    public static func isPlausible(_ time: Date) -> Bool { time >= earliestTime && time < latestTime }

    /// What is wrong with a message's text, or `nil` when it may be stored: longer than ``maximumTextBytes``, or
    /// holding a NUL character (U+0000), which every C string the text passes through (the terminal, SQLite's text
    /// functions, PostgreSQL, which refuses it) takes for the end: the rest of the text would be hidden or lost.
    public static func textProblem(_ text: String) -> String? {
        if text.utf8.count > maximumTextBytes { return "is longer than \(maximumTextBytes) bytes" }
        if text.utf8.contains(0) { return "holds a NUL character (U+0000), which would hide the rest of it" }
        return nil
    }

    /// The most followers an author may have: more than any account has (the most followed has a few hundred
    /// million), so a larger count is a broken or hostile record.
    public static let maximumFollowers = 10_000_000_000

    /// The longest author handle or name accepted, in bytes of UTF-8.
    public static let maximumNameBytes = 512

    /// What is wrong with an author's handle or display name, or `nil` when it may be stored: longer than
    /// ``maximumNameBytes``, or holding a NUL character, which the stores take for its end (`Na\u{0}dia` was stored
    /// as `Na`).
    public static func nameProblem(_ name: String) -> String? {
        if name.utf8.count > maximumNameBytes { return "is longer than \(maximumNameBytes) bytes" }
        if name.utf8.contains(0) { return "holds a NUL character (U+0000), which would hide the rest of it" }
        return nil
    }

    /// True for a usable id: 1–`maximumIDLength` characters, no spaces or control characters.
    public static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.count <= maximumIDLength
            && !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " })
    }
}
