import ConversationStore
import Foundation

/// Every figure of a team run and its exactly-once checks, as a table for people and one JSON object for scripts.
struct TeamResults {
    var backend: String
    var location: String
    var agents: Int
    var seconds: Double
    var intakeRate: Double
    var thinkMilliseconds: Double
    var conversations = 0
    /// From the agents' start to the last agent's end (each finishes the conversation in hand).
    var elapsed = 0.0
    var tally = TeamAgent.Tally()
    /// Where the processor time went during the run.
    var cpu: CPUUse?
    var intake = IntakeStream.Tally()
    var live: LiveWatch.Figures?
    var claimSamples = 0
    var claimViolations: [String] = []
    var repliesToldSent = 0
    var repliesStored = 0
    var repliesLost = 0
    var repliesExtra = 0
    var doubleAnswers = 0
    var messagesStored = 0
    var messagesLost = 0
    var messagesExtra = 0
    var messagesDoubled = 0
    /// Messages posted without an answer (a timeout) that serve stored nonetheless.
    var messagesInDoubtStored = 0

    /// The actions in the order an agent takes them.
    static let kinds = [
        "queue page", "claim", "open", "note", "tag", "priority", "suggestion taken", "reply", "resolve",
    ]

    var all: Percentiles { Percentiles(tally.latencies.values.flatMap { $0 }) }
    var throughput: Double { elapsed > 0 ? Double(tally.actions) / elapsed : 0 }
    /// Milliseconds of the machine's busy processor time per action.
    var cpuPerAction: Double {
        cpu.map { tally.actions > 0 ? $0.machine * 1000 / Double(tally.actions) : .nan } ?? .nan
    }
    var errors: Int { tally.errors.values.reduce(0, +) + (live?.errors.values.reduce(0, +) ?? 0) }
    var appeared: Percentiles { Percentiles(live?.appeared ?? []) }
    var vanished: Percentiles { Percentiles(live?.vanished ?? []) }
    var liveAll: Percentiles { Percentiles((live?.appeared ?? []) + (live?.vanished ?? [])) }
    var intakeLatency: Percentiles { Percentiles(intake.latencies) }

    /// True when nothing was lost or doubled: no conversation held by two agents, the replies the agents were told
    /// were sent stored once each, and the messages serve accepted stored once each.
    var exactlyOnce: Bool {
        claimViolations.isEmpty && repliesLost == 0 && repliesExtra == 0 && messagesLost == 0 && messagesExtra == 0
            && messagesDoubled == 0
    }

    var json: JSONValue {
        func number(_ value: Double) -> JSONValue {
            value.isFinite ? .double((value * 1000).rounded() / 1000) : .null
        }
        func figures(_ percentiles: Percentiles) -> JSONValue {
            .object([
                "count": JSONValue(percentiles.count), "p50": number(percentiles.p50), "p99": number(percentiles.p99),
            ])
        }
        var actions: [String: JSONValue] = [:]
        for (kind, samples) in tally.latencies { actions[kind] = figures(Percentiles(samples)) }
        return .object([
            "backend": .string(backend), "agents": JSONValue(agents), "seconds": number(seconds),
            "intake_rate": number(intakeRate), "think_ms": number(thinkMilliseconds),
            "conversations": JSONValue(conversations), "elapsed_seconds": number(elapsed),
            "actions": .object(actions), "all_actions": figures(all), "actions_per_second": number(throughput),
            "cpu": cpu.map { cpu in
                .object([
                    "cores": JSONValue(cpu.cores), "machine_busy_cores": number(cpu.machineCores),
                    "this_process_cores": number(cpu.processCores), "other_processes_cores": number(cpu.otherCores),
                    "cpu_ms_per_action": number(cpuPerAction),
                ])
            } ?? .null,
            "claims_refused": JSONValue(tally.claimsRefused),
            "refused_as_overtaken": JSONValue(tally.overtaken),
            "errors": .object(tally.errors.mapValues { JSONValue($0) }),
            "live_update_ms": figures(liveAll), "live_appear_ms": figures(appeared),
            "live_vanish_ms": figures(vanished), "live_missed": JSONValue(live?.missed ?? 0),
            "live_errors": .object((live?.errors ?? [:]).mapValues { JSONValue($0) }),
            "intake": .object([
                "requests": JSONValue(intake.requests),
                "statuses": .object(
                    Dictionary(uniqueKeysWithValues: intake.statuses.map { ("\($0.key)", JSONValue($0.value)) })),
                "accepted": JSONValue(intake.accepted.count), "refused": JSONValue(intake.refused.count),
                "unanswered": JSONValue(intake.unanswered.count),
                "stored": JSONValue(intake.stored), "duplicates": JSONValue(intake.duplicates),
                "failures": .object(intake.failures.mapValues { JSONValue($0) }),
                "latency_ms": figures(intakeLatency),
            ]),
            "checks": .object([
                "exactly_once": .bool(exactlyOnce), "claim_samples": JSONValue(claimSamples),
                "claim_violations": .array(claimViolations.map(JSONValue.string)),
                "replies_told_sent": JSONValue(repliesToldSent), "replies_stored": JSONValue(repliesStored),
                "replies_lost": JSONValue(repliesLost), "replies_extra": JSONValue(repliesExtra),
                "double_answers": JSONValue(doubleAnswers),
                "messages_accepted": JSONValue(intake.accepted.count), "messages_stored": JSONValue(messagesStored),
                "messages_lost": JSONValue(messagesLost), "messages_refused_but_stored": JSONValue(messagesExtra),
                "messages_doubled": JSONValue(messagesDoubled),
                "messages_unanswered_stored": JSONValue(messagesInDoubtStored),
            ]),
        ])
    }

    var table: String {
        func ms(_ value: Double) -> String {
            guard value.isFinite else { return "-" }
            return value >= 100 ? String(format: "%.0f ms", value) : String(format: "%.1f ms", value)
        }
        func row(_ columns: String...) -> String {
            zip(columns, [34, 10, 12, 12, 14]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined() + (columns.count > 5 ? columns[5] : "")
        }
        func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
        func check(_ ok: Bool) -> String { ok ? "ok" : "FAILED" }
        var lines = [
            "tanggap-bench --team \(agents) on \(backend) (\(location)): \(conversations) conversations, "
                + String(
                    format: "%.0f s, intake %.0f messages/s, think %.0f ms", seconds, intakeRate, thinkMilliseconds),
            row("action", "count", "p50", "p99", "goal"),
        ]
        for kind in Self.kinds {
            guard let samples = tally.latencies[kind] else { continue }
            let figures = Percentiles(samples)
            lines.append(row("  " + kind, "\(figures.count)", ms(figures.p50), ms(figures.p99)))
        }
        lines.append(
            row("all actions", "\(all.count)", ms(all.p50), ms(all.p99), "p99 ≤ 50 ms", verdict(all.p99 <= 50)))
        lines.append(row("throughput", String(format: "%.0f/s", throughput), "", "", ""))
        if let cpu {
            lines.append("where the processor time went")
            lines.append(
                row("  machine busy", String(format: "%.2f", cpu.machineCores), "of \(cpu.cores) cores"))
            lines.append(
                row(
                    "  this process", String(format: "%.2f", cpu.processCores), "cores", "", "",
                    "(the agents and their store connections)"))
            lines.append(
                row(
                    "  other processes", String(format: "%.2f", cpu.otherCores), "cores", "", "",
                    backend == "sqlite" ? "(serve, the console)" : "(the PostgreSQL server, serve, the console)"))
            lines.append(row("  per action", ms(cpuPerAction), "", "", "", "(all the machine's busy time)"))
        }
        lines.append(row("claims refused (held by another)", "\(tally.claimsRefused)"))
        lines.append(row("overtaken (answered since read)", "\(tally.overtaken)"))
        lines.append(row("errors reaching an agent", "\(errors)", "", "", "0", verdict(errors == 0)))
        for (kind, count) in tally.errors.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind): \(count) (\(tally.errorSamples[kind] ?? ""))")
        }
        for (kind, count) in (live?.errors ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind): \(count)")
        }
        if live != nil {
            lines.append(
                row(
                    "live update (both)", "\(liveAll.count)", ms(liveAll.p50), ms(liveAll.p99), "p99 ≤ 1 s",
                    verdict(liveAll.p99 <= 1000)))
            lines.append(row("  intake 202 → on screen", "\(appeared.count)", ms(appeared.p50), ms(appeared.p99)))
            lines.append(row("  resolve → off screen", "\(vanished.count)", ms(vanished.p50), ms(vanished.p99)))
            lines.append(row("  not seen within 10 s", "\(live?.missed ?? 0)"))
        }
        let statuses = intake.statuses.sorted { $0.key < $1.key }.map {
            "\($0.key == 0 ? "none" : "\($0.key)"): \($0.value)"
        }
        lines.append(
            row(
                "intake requests", "\(intake.requests)", ms(intakeLatency.p50), ms(intakeLatency.p99), "",
                statuses.joined(separator: ", ")))
        lines.append(
            "  messages accepted \(intake.accepted.count), refused \(intake.refused.count), without an answer "
                + "\(intake.unanswered.count) (\(messagesInDoubtStored) of them stored); serve said stored "
                + "\(intake.stored), duplicates \(intake.duplicates)")
        for (failure, count) in intake.failures.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(failure): \(count)")
        }
        lines.append("exactly-once checks (from the store after the run)")
        lines.append(
            row(
                "  one holder per conversation", "\(claimViolations.count)", "", "", "0", check(claimViolations.isEmpty)
            )
        )
        for violation in claimViolations.prefix(10) { lines.append("    " + violation) }
        lines.append(
            "    (\(tally.claimed.count) conversations claimed, \(claimSamples) holdings sampled during the run)")
        lines.append(
            row(
                "  replies: told sent / stored", "\(repliesToldSent)", "\(repliesStored)", "", "equal",
                check(repliesLost == 0 && repliesExtra == 0)))
        if repliesLost + repliesExtra > 0 { lines.append("    lost \(repliesLost), extra \(repliesExtra)") }
        lines.append(
            row(
                "  messages: accepted / stored", "\(intake.accepted.count)", "\(messagesStored)", "", "equal",
                check(messagesLost == 0 && messagesExtra == 0 && messagesDoubled == 0)))
        if messagesLost + messagesExtra + messagesDoubled > 0 {
            lines.append("    lost \(messagesLost), refused but stored \(messagesExtra), doubled \(messagesDoubled)")
        }
        lines.append(row("  double answers (two agents)", "\(doubleAnswers)", "", "", "reported"))
        return lines.joined(separator: "\n")
    }
}
