import ConversationStore
import Foundation

/// A moment's date and clock time in a time zone, as the Gregorian calendar gives them.
///
/// Worked out from the zone's offset at that moment and the day count, rather than through `Calendar`: the console
/// stamps every message it draws, and making a `Calendar` and asking it for components took a twentieth of opening a
/// 200-message thread.
struct LocalTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int

    init(_ date: Date, in zone: TimeZone) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        (year, month, day) = Timestamp.civil(fromDays: days)
        hour = secondOfDay / 3_600
        minute = secondOfDay % 3_600 / 60
    }
}
