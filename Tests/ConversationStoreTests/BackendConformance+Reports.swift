import Foundation
import Testing

@testable import ConversationStore

extension BackendConformance {
    /// Targets per priority and per channel.
    static let targets = SLAPolicy(
        defaultTargetSeconds: 1_800, priorityTargets: [.urgent: 300, .low: 7_200], channelTargets: [.whatsapp: 600])

    /// A store under `targets` with answers after 4, 8, 12 … minutes (inside some targets, outside others) and some
    /// conversations made urgent or low: its reports, whole and by channel and by agent, count both targets met and
    /// targets missed.
    func reportsFollowThePolicysTargets() async throws -> [Report] {
        let fresh = try await make(Self.targets)
        defer { fresh.close() }
        let backend = fresh.backend
        var messages: [IncomingMessage] = []
        for n in 0..<12 {
            let channel: ConversationStore.Channel = n % 3 == 0 ? .whatsapp : .twitter
            messages.append(Make.inbound("q\(n)", at: Double(n), from: "k\(n)", channel: channel))
            if n % 4 != 3 {
                messages.append(
                    Make.outbound("a\(n)", replyTo: "q\(n)", at: Double(n) + Double(4 * (n % 5 + 1)), channel: channel))
            }
        }
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        for (id, priority) in [(1, Priority.urgent), (2, .low), (5, .urgent), (8, .low)] {
            _ = try await backend.apply(
                .setPriority(priority), on: ConversationID(Int64(id)), by: "ani", at: Make.at(30), entry: nil)
        }
        var reports: [Report] = []
        for grouping in [nil, ReportQuery.Grouping.channel, .agent] {
            let query = ReportQuery(grouping: grouping, timeZone: try #require(TimeZone(identifier: "UTC")))
            let report = Report(
                facts: try await backend.reportFacts(since: nil, until: nil), query: query, policy: Self.targets,
                now: Make.at(45))
            #expect(report.totals.slaMet > 0 && report.totals.slaBreached > 0, "\(String(describing: grouping))")
            reports.append(report)
        }
        return reports
    }
}
