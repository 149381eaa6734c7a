import ConversationStore
import Foundation
import Presentation

/// The dashboard: today's numbers, the week by hour, the backlog by age and a weekday × hour heatmap.
extension ConsoleRenderer {
    func sparkline(_ values: [Double?], maximum: Double? = nil) -> String {
        let top = maximum ?? values.compactMap { $0 }.max() ?? 0
        return values.map { value in
            guard let value else { return " " }
            guard top > 0 else { return glyphs.levels[0] }
            let index = Int((value / top * Double(glyphs.levels.count - 1)).rounded())
            return glyphs.levels[max(0, min(glyphs.levels.count - 1, index))]
        }.joined()
    }

    func bar(_ share: Double, width: Int) -> String {
        let filled = max(0, min(width, Int((share * Double(width)).rounded())))
        return String(repeating: glyphs.barFull, count: filled)
            + String(repeating: glyphs.barEmpty, count: width - filled)
    }

    /// `0     6     12    18    23`, one hour every `cellWidth` columns.
    static func hourAxis(cellWidth: Int) -> String {
        var axis = ""
        for hour in [0, 6, 12, 18, 23] {
            let column = hour * cellWidth
            if axis.count < column { axis += String(repeating: " ", count: column - axis.count) }
            axis += String(hour)
        }
        return axis
    }

    /// The dashboard: the figures, and what lies ahead (rising topics, the staffing map). Side by side where the
    /// terminal is wide enough; elsewhere a part at a time (``ConsoleState/dashboardPages``), `tab` turning.
    func drawDashboard(_ state: ConsoleState, _ rect: Rect, _ frame: inout Frame) {
        let inner = rect.inner
        let pages = state.dashboardPages
        let page = pages[min(state.dashboardPage, pages.count - 1)]
        let tab = state.keymap.keys(for: .focusNext).first?.name ?? "tab"
        var title = "Dashboard · any key closes"
        if pages.count > 1 {
            let next = pages[(pages.firstIndex(of: page).map { $0 + 1 } ?? 0) % pages.count]
            let number = "Dashboard \(state.dashboardPage % pages.count + 1)/\(pages.count)"
            // The longest that the box's top edge holds whole.
            title = Self.fitting(
                [
                    "\(number) · \(tab): \(next.title) · any other key closes",
                    "\(number) · \(tab): \(next.title) · other keys close",
                    "\(number) · \(tab) turns · other keys close",
                    "\(number) · \(tab) turns",
                ], width: rect.width - 6)
        }
        drawBox(rect, title: title, focused: true, &frame)
        guard inner.height > 0, inner.width > 10 else { return }
        guard let dashboard = state.dashboard else {
            frame.write("computing…", x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        switch page {
        case .whole: drawDashboardFigures(dashboard, state, inner, top: true, bottom: true, aheadBeside: true, &frame)
        case .figures:
            drawDashboardFigures(dashboard, state, inner, top: true, bottom: true, aheadBeside: false, &frame)
        case .today: drawDashboardFigures(dashboard, state, inner, top: true, bottom: false, aheadBeside: false, &frame)
        case .backlog:
            drawDashboardFigures(dashboard, state, inner, top: false, bottom: true, aheadBeside: false, &frame)
        case .ahead: drawDashboardAhead(dashboard, state, inner, &frame)
        }
    }

    /// From this inner width what lies ahead stands beside the backlog and the heatmap.
    static let dashboardSideBySideWidth = 110
    /// The width of the backlog and the heatmap when what lies ahead stands beside them.
    static let dashboardLeftColumn = 58

    /// Today, the week by hour, the backlog and the weekday × hour heatmap; with `aheadBeside`, rising topics and the
    /// staffing map beside the last two.
    func drawDashboardFigures(
        _ dashboard: Dashboard, _ state: ConsoleState, _ inner: Rect, top: Bool, bottom: Bool, aheadBeside: Bool,
        _ frame: inout Frame
    ) {
        var width = inner.width - 2
        var y = inner.y
        func line(_ text: String, _ role: Role = .normal, indent: Int = 0) {
            guard y < inner.maxY else { return }
            frame.write(DisplayWidth.clip(text, to: width - indent), x: inner.x + 1 + indent, y: y, role: role)
            y += 1
        }
        func percent(_ value: Double?) -> String { value.map { String(format: "%5.1f%%", $0 * 100) } ?? "    -" }
        func duration(_ value: Double?) -> String { value.map(DurationText.compact) ?? "-" }
        let today = dashboard.today.totals
        let week = dashboard.week
        // The bars take what the lines' words leave, up to 30 cells; too narrow for a bar of 6, the words stand
        // alone, and the SLA's pending count goes first.
        let target = DurationText.compact(Double(dashboard.today.slaTargetSeconds))
        let rateTail =
            "  target " + String(format: "%.0f%%", dashboard.responseRateTarget * 100)
            + "  (\(today.responded) of \(today.needsResponse))"
        var slaTail = "  met \(today.slaMet) · breached \(today.slaBreached) · pending \(today.slaPending)"
        let words = 16 + 7
        var barWidth = min(30, width - words - max(DisplayWidth.of(rateTail), DisplayWidth.of(slaTail)))
        if barWidth < 6 {
            slaTail = "  met \(today.slaMet) · breached \(today.slaBreached)"
            barWidth = min(30, width - words - max(DisplayWidth.of(rateTail), DisplayWidth.of(slaTail)))
        }
        if barWidth < 6 { barWidth = 0 }
        func barText(_ share: Double) -> String { barWidth == 0 ? "" : bar(share, width: barWidth) + " " }
        if top {
            line(
                "Today (since 00:00, \(state.timeZone.identifier)) · updated " + time(dashboard.generatedAt, state),
                .title)
            let rateRole: Role = (today.responseRate ?? 1) >= dashboard.responseRateTarget ? .info : .slaBreached
            line(
                "response rate   " + barText(today.responseRate ?? 0) + percent(today.responseRate) + rateTail, rateRole
            )
            line(
                "first response  p50 \(duration(today.firstResponse.p50))  p90 \(duration(today.firstResponse.p90))  "
                    + "mean \(duration(today.firstResponse.mean))")
            line(
                "SLA (\(target))".padding(toLength: 16, withPad: " ", startingAt: 0)
                    + barText(today.slaAttainment ?? 0) + percent(today.slaAttainment) + slaTail,
                today.slaBreached > 0 ? .slaBreached : .normal)
            // Which clock the figures run on, and whether it runs now.
            if let hours = dashboard.hours {
                let opens = hours.opens.map { ConsoleUpdate.whenText($0, now: state.now, in: state.timeZone) } ?? "-"
                let now = hours.open ? "open now" : "closed, paused until " + opens
                line(
                    "clock           "
                        + Self.fitting(
                            [
                                "business, \(hours.timeZone) · \(now)", "business · \(now)",
                                hours.open ? "business · open" : "business · closed until " + opens,
                            ], width: width - 16), hours.open ? .normal : .slaWarning)
            } else {
                line("clock           calendar: every hour counts", .dim)
            }
            // Each account's own posts this week: serving, or promoting.
            let accounts = dashboard.outbound.filter { $0.replies + $0.broadcasts > 0 }
                .sorted {
                    ($0.replies + $0.broadcasts, $1.account ?? "") > ($1.replies + $1.broadcasts, $0.account ?? "")
                }
            let shares = accounts.map { count in
                TerminalText.singleLine(count.account ?? "(none)") + " "
                    + percent(count.serviceShare)
                    .trimmingCharacters(in: .whitespaces) + " of \(count.replies + count.broadcasts)"
            }
            line(
                "service share   "
                    + (shares.isEmpty ? "no posts this week" : Self.fittingParts(shares, width: width - 16)))
            let exposed = dashboard.week.personalDataInPublic
            let moved = dashboard.week.personalDataMovedPrivate
            line(
                "personal data   "
                    + Self.fitting(
                        [
                            "\(exposed) posted in public this week · \(moved) moved private",
                            "\(exposed) in public this week · \(moved) moved private",
                            "\(exposed) in public · \(moved) moved private",
                        ], width: width - 16),
                exposed > moved ? .slaBreached : .normal)
            line("wanted (7 days) " + Self.intentMix(week.intents, width: width - 16))
            y += 1
            line("Last 7 days by hour of day (00 … 23)", .title)
            // Week over week: each figure's arrow against the seven days before.
            let changes = Dictionary(
                uniqueKeysWithValues: (dashboard.weekOverWeek?.changes ?? []).map { ($0.name, $0) })
            func arrow(_ name: String) -> String {
                guard let change = changes[name], change.before != nil else { return "" }
                return " " + change.arrow + " vs last week"
            }
            let counts = dashboard.hourly { Double($0.needsResponse) }
            line("needing reply   " + sparkline(counts) + "  peak \(Int(counts.compactMap { $0 }.max() ?? 0))")
            line(
                "response rate   " + sparkline(dashboard.hourly(\.responseRate), maximum: 1) + "  "
                    + percent(week.totals.responseRate) + arrow("response_rate"))
            line(
                "SLA attainment  " + sparkline(dashboard.hourly(\.slaAttainment), maximum: 1) + "  "
                    + percent(week.totals.slaAttainment) + arrow("sla_attainment"))
            line(
                "FRT p50         " + sparkline(dashboard.hourly(\.firstResponse.p50)) + "  "
                    + duration(week.totals.firstResponse.p50) + arrow("first_response_p50"))
            line("                " + Self.hourAxis(cellWidth: 1), .dim)
            y += 1
        }
        guard bottom else { return }
        if aheadBeside {
            width = Self.dashboardLeftColumn - 2
            drawDashboardAhead(
                dashboard, state,
                Rect(
                    x: inner.x + Self.dashboardLeftColumn, y: y, width: inner.width - Self.dashboardLeftColumn,
                    height: inner.maxY - y), &frame)
        }
        line("Never answered, by age (last 7 days)", .title)
        // The label, the bar, and room for a count in the thousands.
        let backlogBar = max(6, min(30, width - 8 - 7))
        let most = max(1, week.backlog.map(\.count).max() ?? 1)
        for bucket in week.backlog {
            line(
                bucket.label.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + bar(Double(bucket.count) / Double(most), width: backlogBar) + " \(bucket.count)",
                bucket.below == nil || (bucket.below ?? 0) > 1800 ? (bucket.count > 0 ? .slaBreached : .dim) : .normal)
        }
        y += 1
        line(
            "Needing reply by weekday × hour (7 days; peak \(week.heatmap.joined().max() ?? 0))",
            .title)
        let peak = max(1, week.heatmap.joined().max() ?? 1)
        let cellWidth = width >= 53 ? 2 : 1
        for (index, row) in week.heatmap.enumerated() {
            let cells = row.map { count -> String in
                let level =
                    count == 0 ? 0 : 1 + min(glyphs.shades.count - 2, (count * (glyphs.shades.count - 1) - 1) / peak)
                return String(repeating: glyphs.shades[level], count: cellWidth)
            }
            line(Report.weekdayNames[index] + "  " + cells.joined(), .normal)
        }
        line("     " + Self.hourAxis(cellWidth: cellWidth), .dim)
    }

    /// What the week's customers wanted, by their first message, the largest share first: as many as the width
    /// holds, then how many more (`complaint 46% · question 30% · feedback 8% +3`).
    static func intentMix(_ intents: [String: Int], width: Int) -> String {
        let total = intents.values.reduce(0, +)
        guard total > 0 else { return "no customer wrote this week" }
        let parts = intents.filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.key) \(Int((Double($0.value) / Double(total) * 100).rounded()))%" }
        return fittingParts(parts, width: width)
    }

    /// As many of the parts as the width holds, joined by ` · `, then how many more (`+3`).
    static func fittingParts(_ parts: [String], width: Int) -> String {
        var text = ""
        for (index, part) in parts.enumerated() {
            let candidate = text.isEmpty ? part : text + " · " + part
            let rest = parts.count - index - 1
            let more = rest > 0 ? " +\(rest)" : ""
            if DisplayWidth.of(candidate + more) > width, !text.isEmpty {
                return text + " +\(parts.count - index)"
            }
            text = candidate
        }
        return text
    }

    /// The first of the texts the width holds whole, else the last.
    static func fitting(_ texts: [String], width: Int) -> String {
        texts.first { DisplayWidth.of($0) <= width } ?? texts.last ?? ""
    }

    /// Rising topics of the last hour, and the week's staffing shortfall as a weekday × hour map.
    func drawDashboardAhead(_ dashboard: Dashboard, _ state: ConsoleState, _ inner: Rect, _ frame: inout Frame) {
        let width = inner.width - 2
        var y = inner.y
        func line(_ text: String, _ role: Role = .normal) {
            guard y < inner.maxY else { return }
            frame.write(DisplayWidth.clip(text, to: width), x: inner.x + 1, y: y, role: role)
            y += 1
        }
        line("Rising now (the last hour against the week)", .title)
        if let rising = dashboard.rising {
            if rising.rises.isEmpty {
                line("nothing rising · \(rising.windowMessages) customer messages in the hour", .dim)
            }
            for rise in rising.rises {
                let spike =
                    rise.conversations.count >= state.spikeThreshold.conversations
                    && rise.ratio >= state.spikeThreshold.ratio
                let term = TerminalText.singleLine(rise.written)
                let padded = DisplayWidth.clip(term, to: 18)
                line(
                    padded + String(repeating: " ", count: max(1, 19 - DisplayWidth.of(padded)))
                        + "\(rise.conversations.count) conv. · \(ConsoleUpdate.ratioText(rise.ratio)) usual · "
                        + String(format: "score %.0f", rise.score), spike ? .slaWarning : .normal)
            }
        } else {
            line("not counted yet: tanggap trends counts the store's terms once", .dim)
        }
        y += 1
        guard let plan = dashboard.staffing else { return }
        let short = plan.cells.filter { $0.shortfall > 0 }
        let target = DurationText.compact(Double(plan.targetSeconds))
        line(
            "Agents short by weekday × hour (7 days; \(Int((plan.serviceLevel * 100).rounded()))% in \(target))",
            .title)
        // Shaded by the agents missing, one shade an agent (the darkest: as many as the shades or more), so a map of
        // one missing agent everywhere reads light, not black.
        let cellWidth = width >= 53 ? 2 : 1
        let darkest = glyphs.shades.count - 1
        for weekday in 0..<7 {
            let cells = (0..<24).map { hour -> String in
                let cell = plan.cells[weekday * 24 + hour]
                guard cell.shortfall > 0 else {
                    return String(repeating: cell.forecast > 0 ? glyphs.shades[0] : " ", count: cellWidth)
                }
                let level = max(1, min(darkest, Int(cell.shortfall.rounded(.up))))
                return String(repeating: glyphs.shades[level], count: cellWidth)
            }
            line(Report.weekdayNames[weekday] + "  " + cells.joined(), short.isEmpty ? .dim : .normal)
        }
        line("     " + Self.hourAxis(cellWidth: cellWidth), .dim)
        let legend = (1...darkest).map { "\(glyphs.shades[$0]) \($0)\($0 == darkest ? "+" : "")" }.joined(
            separator: " ")
        line("     \(glyphs.shades[0]) enough  " + legend + " agents short", .dim)
        if let worst = short.max(by: { $0.shortfall < $1.shortfall }) {
            line(
                String(
                    format: "%d hours short; most %@ %02d:00, %.1f (%d needed)", short.count,
                    Report.weekdayNames[worst.weekday], worst.hour, worst.shortfall, worst.needed ?? 0),
                .slaWarning)
        } else {
            line("no hour short of agents", .dim)
        }
        line(
            "handling " + DurationText.compact(plan.handlingSeconds)
                + (plan.handlingSamples == 0 ? " (default)" : " (\(plan.handlingSamples) replies)")
                + " · plan: tanggap staffing",
            .dim)
    }
}
