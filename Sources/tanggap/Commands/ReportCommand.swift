import ArgumentParser
import ConversationStore
import Foundation
import Presentation
import TextAnalysis

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Response rate, first response time, SLA attainment and resolution time.",
        discussion: """
            A conversation belongs to the period by its earliest message. It needs a response when that message is
            the customer's and nobody marked it as needing none before it was answered. First response time = earliest response − earliest
            inbound message. SLA attainment = answered within the target / needing a response; an unanswered
            conversation older than the target is a breach. Percentiles are nearest-rank. Days and hours are in the
            local time zone (TZ).
            """)

    @Option(help: "From this time: 2026-11-01, 2026-11-01 08:00, an RFC 3339 time, or 7d (seven days ago).")
    var since: String?

    @Option(help: "Up to this time (a day counts whole), same forms as --since.")
    var until: String?

    @Option(
        help: """
            Group by account, agent, channel, day, hour, weekday, weekday-hour, customer (new/repeat), sentiment or \
            intent (what the customer's first message wanted).
            """)
    var by: ReportQuery.Grouping?

    @Option(help: "The SLA target in minutes for every conversation (default: the store's policy, 30).")
    var sla: Int?

    @Option(
        help: """
            business or calendar: the clock response and resolution times and the SLA run on (default: business when \
            the store's policy has hours, else calendar).
            """)
    var clock: ReportQuery.Clock?

    @Flag(
        help: """
            Beside each headline figure, the same figure for the period of equal length before --since (week over \
            week with --since 7d), and the change.
            """)
    var compare = false

    @Option(help: "table, json or csv.")
    var format: ReportFormat = .table

    @OptionGroup var options: StoreOptions

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    func validate() throws {
        if let sla, !(1...10_080).contains(sla) {
            throw ValidationError("--sla must be between 1 and 10080 minutes")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await options.openStore()
            let now = store.now()
            let query = ReportQuery(
                since: try parseTimeOption(since, name: "since", now: now),
                until: try parseTimeOption(until, name: "until", now: now, endOfDay: true), grouping: by,
                slaTargetSeconds: sla.map { $0 * 60 }, clock: clock)
            if let since = query.since, let until = query.until, until <= since {
                throw ValidationError("--until must come after --since")
            }
            if compare {
                guard query.since != nil else { throw ValidationError("--compare needs --since, like --since 7d") }
                let comparison = try await store.compare(query)
                switch format {
                case .json:
                    guard case .object(var fields) = comparison.current.json else { return }
                    fields["previous"] = comparison.previous.json
                    fields["changes"] = .object(
                        Dictionary(
                            uniqueKeysWithValues: comparison.changes.map {
                                (
                                    $0.name,
                                    JSONValue.object([
                                        "now": JSONValue($0.now), "before": JSONValue($0.before),
                                        "change": JSONValue($0.change),
                                    ])
                                )
                            }))
                    print(JSONValue.object(fields).serialized())
                case .csv, .table:
                    print(ReportRendering.table(comparison.current), terminator: "")
                    print("")
                    print(ReportRendering.comparison(comparison), terminator: "")
                }
                return
            }
            let report = try await store.report(query)
            switch format {
            case .json: print(report.json.serialized())
            case .csv: print(ReportRendering.csv(report), terminator: "")
            case .table: print(ReportRendering.table(report), terminator: "")
            }
        }
    }
}

extension ReportQuery.Grouping: ExpressibleByArgument {}
extension ReportQuery.Clock: ExpressibleByArgument {}

/// The table and CSV forms of a report.
enum ReportRendering {
    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }

    static func duration(_ value: Double?) -> String {
        value.map(DurationText.compact) ?? "-"
    }

    /// `80.7% of 31` (replies' share of the account's own messages), `-` without any.
    static func serviceText(_ count: OutboundCount) -> String {
        count.serviceShare.map { percent($0) + " of \(count.replies + count.broadcasts)" } ?? "-"
    }

    static func table(_ report: Report) -> String {
        let totals = report.totals
        let target = DurationText.compact(Double(report.slaTargetSeconds))
        if report.query.grouping == nil {
            let rows: [(String, String)] = [
                ("conversations", "\(totals.conversations)"),
                ("needing a response", "\(totals.needsResponse)"),
                ("responded", "\(totals.responded)  (response rate \(percent(totals.responseRate)))"),
                ("no reply needed", noReplyText(totals)),
                (
                    "first response",
                    "p50 \(duration(totals.firstResponse.p50))  p90 \(duration(totals.firstResponse.p90))  "
                        + "mean \(duration(totals.firstResponse.mean))"
                ),
                ("clock", report.clock == .business ? "business hours (the store's policy)" : "calendar (every hour)"),
                (
                    "sla (\(target))",
                    "met \(totals.slaMet)  breached \(totals.slaBreached)  pending \(totals.slaPending)  "
                        + "attainment \(percent(totals.slaAttainment))"
                ),
                (
                    "resolution",
                    "p50 \(duration(totals.resolution.p50))  p90 \(duration(totals.resolution.p90))  "
                        + "mean \(duration(totals.resolution.mean))  (\(totals.resolution.count) resolved)"
                ),
                (
                    "brand posts",
                    "replies \(report.outbound.replies)  broadcasts \(report.outbound.broadcasts)  "
                        + "service share \(percent(report.outbound.serviceShare))"
                ),
            ]
            let summary = rows.map { $0.0.padding(toLength: 21, withPad: " ", startingAt: 0) + $0.1 }
            return (summary + [""] + extras(report)).joined(separator: "\n") + "\n"
        }
        let byAgent = report.query.grouping == .agent
        let byAccount = report.query.grouping == .account
        let byIntent = report.query.grouping == .intent
        var table = TextTable(
            columns: [
                report.query.grouping?.rawValue.uppercased() ?? "", "CONV", "NEED", "RESP", "RATE", "FRT P50",
                "FRT P90", "FRT MEAN", "SLA MET", "BREACHED", "SLA \(target)",
            ] + (byAgent ? ["REPLIES"] : []) + (byAccount ? ["SERVICE"] : [])
                + (byIntent ? ["SHARE", "NO REPLY", "PROBABLY NONE"] : []))
        let all = Report.Group(key: "(all)", figures: totals, outbound: report.outbound)
        for group in report.groups + [all] {
            let figures = group.figures
            table.add(
                [
                    group.key, "\(figures.conversations)", "\(figures.needsResponse)", "\(figures.responded)",
                    percent(figures.responseRate), duration(figures.firstResponse.p50),
                    duration(figures.firstResponse.p90), duration(figures.firstResponse.mean), "\(figures.slaMet)",
                    "\(figures.slaBreached)", percent(figures.slaAttainment),
                ] + (byAgent ? [group.replies.map { "\($0) in \(group.repliedConversations ?? 0)" } ?? "-"] : [])
                    + (byAccount ? [group.outbound.map(serviceText) ?? "-"] : [])
                    + (byIntent
                        ? [
                            totals.conversations == 0
                                ? "-"
                                : String(
                                    format: "%.0f%%",
                                    Double(figures.conversations) / Double(totals.conversations) * 100),
                            "\(figures.noReplyMarked)", "\(figures.noReplyEstimated)",
                        ] : []))
        }
        let note =
            byIntent
            ? "NO REPLY: marked by an agent as needing none (out of NEED); PROBABLY NONE: of NEED, unanswered, and "
                + "the customer's latest message asks for nothing (an estimate: counted in NEED until an agent "
                + "confirms it)\n"
            : ""
        return table.render(width: nil) + note
    }

    /// Agents' no-reply marks, and beside them the classifier's estimate and the rate were it confirmed.
    static func noReplyText(_ figures: Report.Figures) -> String {
        "\(figures.noReplyMarked) marked by agents  \(figures.noReplyEstimated) more probably "
            + "(unanswered, asking nothing; rate were they confirmed \(percent(figures.responseRateIfConfirmed)))"
    }

    /// The headline figures now, in the period before, and the change with its arrow.
    static func comparison(_ comparison: ReportComparison) -> String {
        func shown(_ change: ReportComparison.Change, _ value: Double?) -> String {
            guard let value else { return "-" }
            switch change.name {
            case "response_rate", "sla_attainment": return percent(value)
            case "conversations": return String(Int(value))
            default: return duration(value)
            }
        }
        var table = TextTable(columns: ["FIGURE", "NOW", "BEFORE", "CHANGE"])
        for change in comparison.changes {
            var moved = "-"
            if let delta = change.change {
                switch change.name {
                case "response_rate", "sla_attainment": moved = String(format: "%+.1f pts", delta * 100)
                case "conversations": moved = String(format: "%+d", Int(delta))
                default: moved = (delta < 0 ? "-" : "+") + duration(abs(delta))
                }
            }
            table.add([
                change.name.replacingOccurrences(of: "_", with: " "), shown(change, change.now),
                shown(change, change.before), change.arrow + " " + moved,
            ])
        }
        let previous = comparison.previous.query
        let period = [previous.since, previous.until].compactMap { $0 }.map(Timestamp.format).joined(separator: " – ")
        return "compared with \(period)\n" + table.render(width: nil)
    }

    /// Backlog by age, customers, sentiment and the weekday × hour heatmap, below the totals.
    static func extras(_ report: Report) -> [String] {
        func share(_ count: Int, of total: Int) -> String {
            total == 0 ? "-" : String(format: "%.0f%%", Double(count) / Double(total) * 100)
        }
        let waiting = report.backlog.map(\.count).reduce(0, +)
        var lines = [
            "backlog by age".padding(toLength: 21, withPad: " ", startingAt: 0)
                + report.backlog.map { "\($0.label) \($0.count)" }.joined(separator: "  ")
                + "  (\(waiting) never answered)"
        ]
        let customers = report.newCustomers + report.repeatCustomers
        lines.append(
            "customers".padding(toLength: 21, withPad: " ", startingAt: 0)
                + "new \(report.newCustomers) (\(share(report.newCustomers, of: customers)))  "
                + "repeat \(report.repeatCustomers) (\(share(report.repeatCustomers, of: customers)))")
        let moods = ["negative", "neutral", "positive", "unknown"]
        let total = report.sentiment.values.reduce(0, +)
        lines.append(
            "sentiment".padding(toLength: 21, withPad: " ", startingAt: 0)
                + moods.map { "\($0) \(report.sentiment[$0] ?? 0) (\(share(report.sentiment[$0] ?? 0, of: total)))" }
                .joined(separator: "  "))
        let intents = Intent.allCases.map(\.rawValue) + ["unknown"]
        let began = report.intents.values.reduce(0, +)
        lines.append(
            "first message wanted".padding(toLength: 21, withPad: " ", startingAt: 0)
                + intents.filter { (report.intents[$0] ?? 0) > 0 }
                .map { "\($0) \(report.intents[$0] ?? 0) (\(share(report.intents[$0] ?? 0, of: began)))" }
                .joined(separator: "  "))
        lines.append(
            "personal data public".padding(toLength: 21, withPad: " ", startingAt: 0)
                + "\(report.personalDataInPublic) conversations, "
                + "\(report.personalDataMovedPrivate) moved private "
                + "(\(share(report.personalDataMovedPrivate, of: report.personalDataInPublic)))")
        lines.append("")
        lines.append(
            "needing a response, by weekday and hour of the first message (\(report.query.timeZone.identifier))")
        lines.append("     " + (0..<24).map { String(format: "%4d", $0) }.joined())
        for (index, row) in report.heatmap.enumerated() {
            lines.append(
                Report.weekdayNames[index].padding(toLength: 5, withPad: " ", startingAt: 0)
                    + row.map { $0 == 0 ? "   ." : String(format: "%4d", min($0, 9999)) }.joined())
        }
        return lines
    }

    static func csv(_ report: Report) -> String {
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            return value == value.rounded() ? String(Int64(value)) : String(value)
        }
        var lines = [
            "group,conversations,needs_response,responded,response_rate,first_response_p50,first_response_p90,"
                + "first_response_mean,sla_target_seconds,sla_met,sla_breached,sla_pending,sla_attainment,"
                + "resolution_p50,resolution_p90,resolution_mean,no_reply_marked,no_reply_estimated,"
                + "response_rate_if_confirmed"
        ]
        let rows = [("(all)", report.totals)] + report.groups.map { ($0.key, $0.figures) }
        for (key, figures) in rows {
            let cells = [
                CSVText.field(key), "\(figures.conversations)", "\(figures.needsResponse)", "\(figures.responded)",
                number(figures.responseRate), number(figures.firstResponse.p50), number(figures.firstResponse.p90),
                number(figures.firstResponse.mean), "\(report.slaTargetSeconds)", "\(figures.slaMet)",
                "\(figures.slaBreached)", "\(figures.slaPending)", number(figures.slaAttainment),
                number(figures.resolution.p50), number(figures.resolution.p90), number(figures.resolution.mean),
                "\(figures.noReplyMarked)", "\(figures.noReplyEstimated)", number(figures.responseRateIfConfirmed),
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// CSV quoting for one field.
enum CSVText {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
