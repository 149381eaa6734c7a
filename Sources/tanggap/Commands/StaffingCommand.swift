import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct StaffingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "The agents each weekday × hour needs (Erlang C), against those who worked then.",
        discussion: """
            From the last weeks of the store: the conversations needing a reply in each weekday × hour (their mean \
            is the forecast), the agents' handling time (an agent's claim of a conversation to their reply in it, \
            from the journal; 5 minutes when there is none), the agents needed so that the target share is answered \
            within the SLA (the store's policy, or --sla), and the agents who acted in that hour. An agent who works \
            several conversations at once counts as --concurrency servers. With --arrivals-per-hour, --aht and \
            --sla it answers one case instead.
            """)

    @Option(help: "How many past weeks the forecast and the worked agents are the mean of (1–52).")
    var weeks = 4

    @Option(help: "The share to answer within the SLA, above 0 and below 1.")
    var target = 0.8

    @Option(help: "Conversations one agent works at once (1–20).")
    var concurrency = 1

    @Option(help: "One case: conversations arriving per hour.")
    var arrivalsPerHour: Double?

    @Option(help: "One case: the mean handling time, like 5m or 90s.")
    var aht: String?

    @Option(help: "The SLA target, like 30m (default: the store's policy).")
    var sla: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard target > 0, target < 1 else { throw ValidationError("--target is a share above 0 and below 1, like 0.8") }
        guard (1...20).contains(concurrency) else { throw ValidationError("--concurrency is 1 to 20") }
        guard (1...52).contains(weeks) else { throw ValidationError("--weeks is 1 to 52") }
        if let sla, SLAPolicy.targetSeconds(sla) == nil {
            throw ValidationError("--sla '\(sla)' is not a time between 1m and 7d, like 30m")
        }
        if let aht, SLAPolicy.seconds(aht, within: 1...86_400) == nil {
            throw ValidationError("--aht '\(aht)' is not a time between 1s and 1d, like 5m or 90s")
        }
        if let arrivalsPerHour, !(arrivalsPerHour >= 0 && arrivalsPerHour <= 1_000_000) {
            throw ValidationError("--arrivals-per-hour is 0 to 1,000,000")
        }
        if (arrivalsPerHour != nil) != (aht != nil) {
            throw ValidationError("one case needs both --arrivals-per-hour and --aht (and --sla)")
        }
        if arrivalsPerHour != nil && sla == nil { throw ValidationError("one case needs --sla too") }
    }

    func run() async throws {
        try await runReportingErrors {
            if let arrivals = arrivalsPerHour, let aht, let sla {
                try calculate(arrivals: arrivals, aht: aht, sla: sla)
                return
            }
            let store = try await options.openStore()
            let plan = try await store.staffingPlan(
                weeks: weeks, serviceLevel: target, concurrency: concurrency,
                targetSeconds: sla.flatMap(SLAPolicy.targetSeconds))
            print(json ? Self.json(plan) : Self.table(plan), terminator: json ? "\n" : "")
        }
    }

    func calculate(arrivals: Double, aht: String, sla: String) throws {
        let handling = Double(SLAPolicy.seconds(aht, within: 1...86_400) ?? 300)
        let target = Double(SLAPolicy.targetSeconds(sla) ?? 1800)
        guard
            let staffing = ErlangC.agentsNeeded(
                arrivalsPerHour: arrivals, handlingSeconds: handling, targetSeconds: target, serviceLevel: self.target,
                concurrency: concurrency)
        else {
            throw StoreError.invalid("no number of agents up to \(ErlangC.maximumAgents) reaches that target")
        }
        if json {
            print(
                JSONValue.object([
                    "agents": JSONValue(staffing.agents), "service_level": JSONValue(staffing.serviceLevel),
                    "occupancy": JSONValue(staffing.occupancy),
                ]).serialized())
        } else {
            print(
                String(
                    format: "%d agents: %.1f%% answered within %@, occupancy %.1f%%", staffing.agents,
                    staffing.serviceLevel * 100, DurationText.compact(target), staffing.occupancy * 100))
        }
    }

    static func json(_ plan: StaffingPlan) -> String {
        JSONValue.object([
            "weeks": JSONValue(plan.weeks), "weeks_measured": JSONValue(plan.weeksMeasured),
            "handling_seconds": JSONValue(plan.handlingSeconds),
            "handling_samples": JSONValue(plan.handlingSamples), "target_seconds": JSONValue(plan.targetSeconds),
            "service_level": JSONValue(plan.serviceLevel), "concurrency": JSONValue(plan.concurrency),
            "cells": .array(
                plan.cells.map { cell in
                    .object([
                        "weekday": .string(BusinessHours.weekdayNames[cell.weekday]), "hour": JSONValue(cell.hour),
                        "forecast": JSONValue(cell.forecast), "needed": JSONValue(cell.needed),
                        "worked": JSONValue(cell.worked), "shortfall": JSONValue(cell.shortfall),
                    ])
                }),
        ]).serialized()
    }

    /// The hours with work or workers, a line each.
    static func table(_ plan: StaffingPlan) -> String {
        let lines = [
            String(
                format: "handling time %@ (%@) · SLA %@ · %.0f%% within it · %d at once · mean of %d week%@%@",
                DurationText.compact(plan.handlingSeconds),
                plan.handlingSamples == 0
                    ? "the default: no claim-to-reply in the journal" : "\(plan.handlingSamples) replies",
                DurationText.compact(Double(plan.targetSeconds)), plan.serviceLevel * 100, plan.concurrency,
                plan.weeksMeasured, plan.weeksMeasured == 1 ? "" : "s",
                plan.weeksMeasured < plan.weeks ? " (the store's history is no longer)" : "")
        ]
        var table = TextTable(columns: ["WHEN", "FORECAST", "NEEDED", "WORKED", "SHORT"])
        for cell in plan.cells where cell.forecast > 0 || cell.worked > 0 {
            table.add([
                BusinessHours.weekdayNames[cell.weekday] + String(format: " %02d", cell.hour),
                String(format: "%.1f", cell.forecast), cell.needed.map(String.init) ?? "-",
                String(format: "%.1f", cell.worked), cell.shortfall > 0 ? String(format: "%.1f", cell.shortfall) : "",
            ])
        }
        return lines.joined(separator: "\n") + "\n" + table.render(width: nil)
    }
}
