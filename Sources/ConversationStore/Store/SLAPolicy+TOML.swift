import Foundation
import TOMLKit

/// The service policy a team agrees on, as a supervisor writes it:
///
/// ```toml
/// sla = "30m"
/// [sla_priority]
/// urgent = "15m"
/// [sla_channel]
/// whatsapp = "60m"
/// [hours]
/// timezone = "Asia/Jakarta"
/// mon = ["08:00-12:00", "13:00-17:00"]
/// tue = ["08:00-17:00"]        # a day left out is closed
/// holidays = ["2026-12-25", "2027-01-01"]
/// ```
extension SLAPolicy {
    /// The longest target a policy takes: a week.
    public static let maximumTargetSeconds = 7 * 86_400

    /// Reads a policy file; every mistake is named with where it is (an unknown key with the nearest known one).
    public init(toml text: String) throws {
        let table: TOMLTable
        do {
            table = try TOMLText.table(text)
        } catch {
            throw StoreError.invalid(error.description)
        }
        try Self.refuseUnknown(table.keys, known: ["sla", "sla_priority", "sla_channel", "hours"], in: nil)
        self.init()
        if let value = table["sla"] { defaultTargetSeconds = try Self.target(value, named: "sla") }
        if let value = table["sla_priority"] {
            guard let targets = value.table else { throw StoreError.invalid("sla_priority must be a table") }
            try Self.refuseUnknown(targets.keys, known: Priority.allCases.map(\.rawValue), in: "sla_priority")
            for (name, target) in targets {
                guard let priority = Priority(rawValue: name) else { continue }
                priorityTargets[priority] = try Self.target(target, named: "sla_priority." + name)
            }
        }
        if let value = table["sla_channel"] {
            guard let targets = value.table else { throw StoreError.invalid("sla_channel must be a table") }
            for (name, target) in targets {
                guard let channel = Channel(nameOrCode: name) else {
                    throw StoreError.invalid("sla_channel: '\(name)' is not a channel (twitter, whatsapp, wa, …)")
                }
                channelTargets[channel] = try Self.target(target, named: "sla_channel." + name)
            }
        }
        if let value = table["hours"] {
            guard let fields = value.table else { throw StoreError.invalid("hours must be a table: [hours]") }
            try Self.refuseUnknown(
                fields.keys, known: ["timezone", "holidays"] + BusinessHours.weekdayNames, in: "hours")
            guard let zone = fields["timezone"]?.string else {
                throw StoreError.invalid("hours: say the time zone, like timezone = \"Asia/Jakarta\"")
            }
            var week: [[BusinessHours.Range]] = Array(repeating: [], count: 7)
            for (index, name) in BusinessHours.weekdayNames.enumerated() {
                guard let day = fields[name] else { continue }
                guard let list = day.array else {
                    throw StoreError.invalid("hours: \(name) must be a list of ranges, like [\"08:00-17:00\"]")
                }
                week[index] = try list.map { item in
                    guard let text = item.string, let range = BusinessHours.Range(parsing: text) else {
                        throw StoreError.invalid(
                            "hours: \(name): '\(item.string ?? "\(item)")' is not a range like \"08:00-17:00\"")
                    }
                    return range
                }
            }
            var holidays = Set<String>()
            if let list = fields["holidays"] {
                guard let dates = list.array else {
                    throw StoreError.invalid("hours: holidays must be a list of dates, like [\"2026-12-25\"]")
                }
                for date in dates {
                    guard let text = date.string else {
                        throw StoreError.invalid("hours: holidays are dates in quotes, like \"2026-12-25\"")
                    }
                    holidays.insert(text)
                }
            }
            hours = try BusinessHours(timeZone: zone, week: week, holidays: holidays).validated()
        }
    }

    /// The policy as a file reads it back (``init(toml:)`` gives the same policy).
    public var toml: String {
        var lines = ["sla = \"\(Self.durationText(defaultTargetSeconds))\""]
        if !priorityTargets.isEmpty {
            lines += ["", "[sla_priority]"]
            for priority in Priority.allCases.reversed() {
                if let target = priorityTargets[priority] {
                    lines.append("\(priority.rawValue) = \"\(Self.durationText(target))\"")
                }
            }
        }
        if !channelTargets.isEmpty {
            lines += ["", "[sla_channel]"]
            for (channel, target) in channelTargets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                lines.append("\(channel.rawValue) = \"\(Self.durationText(target))\"")
            }
        }
        if let hours {
            lines += ["", "[hours]", "timezone = \"\(hours.timeZone)\""]
            for (index, name) in BusinessHours.weekdayNames.enumerated() where !hours.week[index].isEmpty {
                lines.append("\(name) = [" + hours.week[index].map { "\"\($0)\"" }.joined(separator: ", ") + "]")
            }
            if !hours.holidays.isEmpty {
                lines.append("holidays = [" + hours.holidays.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "]")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `30m`, `1h30m`, `90s`, `1d` as seconds, between a minute and a week.
    public static func targetSeconds(_ text: String) -> Int? {
        seconds(text, within: 60...maximumTargetSeconds)
    }

    /// `30m`, `1h30m`, `90s`, `1d` as seconds, when within `range`.
    public static func seconds(_ text: String, within range: ClosedRange<Int>) -> Int? {
        var total = 0
        var number = ""
        var units = 0
        for character in text.trimmingCharacters(in: .whitespaces).lowercased() {
            if character.isASCII && character.isNumber {
                number.append(character)
                guard number.count <= 7 else { return nil }
                continue
            }
            guard let value = Int(number) else { return nil }
            switch character {
            case "d": total += value * 86_400
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
            units += 1
        }
        guard number.isEmpty, units > 0, range.contains(total) else { return nil }
        return total
    }

    static func target(_ value: TOMLValueConvertible, named name: String) throws -> Int {
        guard let text = value.string, let seconds = targetSeconds(text) else {
            throw StoreError.invalid(
                "\(name) must be a time in quotes between 1m and 7d, like \"30m\" or \"1h30m\"")
        }
        return seconds
    }

    /// `1h30m` for 5400 seconds.
    static func durationText(_ seconds: Int) -> String {
        var parts = ""
        var left = seconds
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where left >= size {
            parts += "\(left / size)\(unit)"
            left %= size
        }
        return parts.isEmpty ? "0s" : parts
    }

    static func refuseUnknown(_ keys: [String], known: [String], in table: String?) throws {
        for key in keys.sorted() where !known.contains(key) {
            let near = EditDistance.nearest(to: key, in: known, within: 2).map { " (did you mean '\($0)'?)" } ?? ""
            let place = table.map { "[\($0)]: " } ?? ""
            throw StoreError.invalid("\(place)unknown setting '\(key)'\(near)")
        }
    }
}
