import Foundation

/// Durations as people read them in a queue or a report: `45s`, `13m33s`, `9h08m`, `2d02h`.
public enum DurationText {
    /// The two largest units of a duration in seconds (negative durations get a leading `-`).
    public static func compact(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let sign = seconds < 0 ? "-" : ""
        let total = Int(abs(seconds).rounded())
        let days = total / 86400
        let hours = total % 86400 / 3600
        let minutes = total % 3600 / 60
        let rest = total % 60
        if days > 0 { return sign + String(format: "%dd%02dh", days, hours) }
        if hours > 0 { return sign + String(format: "%dh%02dm", hours, minutes) }
        if minutes > 0 { return sign + String(format: "%dm%02ds", minutes, rest) }
        return sign + "\(rest)s"
    }

    /// How a due time stands: `in 12m00s` while there is time, `3h05m late` once past.
    public static func due(_ due: Date, now: Date) -> String {
        let left = due.timeIntervalSince(now)
        return left >= 0 ? "in " + compact(left) : compact(-left) + " late"
    }
}
