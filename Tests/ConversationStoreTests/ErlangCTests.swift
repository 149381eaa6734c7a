import Foundation
import Testing

@testable import ConversationStore

/// Erlang C against a computation apart from the product's: `Tests/Fixtures/erlang-c/grid.py` (exact factorials and
/// fractions, the textbook formula) wrote `grid.txt`, 90 cases of arrivals, handling times, SLA targets and target
/// shares; the product (the Erlang B recursion) must find the same number of agents and the same service level.
@Suite struct ErlangCTests {
    @Test func theGridAgreesWithAnIndependentComputation() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/erlang-c/grid.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 90)
        for line in lines {
            let fields = line.split(separator: " ").compactMap { Double($0) }
            guard fields.count == 7 else {
                Issue.record("bad line \(line)")
                continue
            }
            let result = ErlangC.agentsNeeded(
                arrivalsPerHour: fields[0], handlingSeconds: fields[1], targetSeconds: fields[2],
                serviceLevel: fields[3])
            #expect(result?.agents == Int(fields[4]), "\(line)")
            #expect(abs((result?.serviceLevel ?? -1) - fields[5]) < 1e-5, "\(line): \(String(describing: result))")
            #expect(abs((result?.occupancy ?? -1) - fields[6]) < 1e-5, "\(line)")
        }
    }

    @Test func theIssuesExampleAndTheEdges() {
        let example = ErlangC.agentsNeeded(
            arrivalsPerHour: 120, handlingSeconds: 300, targetSeconds: 1800, serviceLevel: 0.8)
        #expect(example?.agents == 11 && abs((example?.occupancy ?? 0) - 10.0 / 11.0) < 1e-12)
        #expect(
            ErlangC.agentsNeeded(arrivalsPerHour: 0, handlingSeconds: 300, targetSeconds: 60, serviceLevel: 0.9)?
                .agents == 0)
        #expect(
            ErlangC.staffing(agents: 10, arrivalsPerHour: 120, handlingSeconds: 300, targetSeconds: 60) == nil,
            "ten agents cannot keep up with ten Erlangs")
        // Three conversations at once: a third of the agents (rounded up) as servers.
        let concurrent = ErlangC.agentsNeeded(
            arrivalsPerHour: 120, handlingSeconds: 300, targetSeconds: 1800, serviceLevel: 0.8, concurrency: 3)
        #expect(concurrent?.agents == 4)
        // A large centre stays finite (no factorial overflows).
        let large = ErlangC.agentsNeeded(
            arrivalsPerHour: 50_000, handlingSeconds: 600, targetSeconds: 20, serviceLevel: 0.95)
        #expect((large?.agents ?? 0) > 8_333 && (large?.serviceLevel ?? 0) >= 0.95)
    }

    /// A store a week old is forecast from its one week, not at a quarter of its traffic over four.
    @Test func aStoreYoungerThanTheWeeksIsMeanedOverTheWeeksItHas() throws {
        let now = Date(timeIntervalSince1970: 1_795_341_600)  // 2026-11-22 10:00 UTC, a Sunday
        let utc = try #require(TimeZone(identifier: "UTC"))
        // Eight conversations on the Sunday 09:00 three days ago... and six days ago: the store's only week.
        let facts = (0..<8).map { index in
            let at = now.addingTimeInterval(-Double(index % 2 == 0 ? 7 : 6) * 86_400 + 3600 + Double(index) * 60)
            return ConversationFacts(
                id: ConversationID(Int64(index + 1)), channel: .twitter, account: "brand", priority: .normal,
                firstResponder: nil, firstMessageAt: at, firstInboundAt: at, firstResponseAt: nil, resolvedAt: nil,
                needsResponse: true)
        }
        let plan = StaffingPlan(
            facts: facts, events: [], weeks: 4, now: now, timeZone: utc, targetSeconds: 1800, serviceLevel: 0.8,
            concurrency: 1)
        #expect(plan.weeks == 4 && plan.weeksMeasured == 1)
        #expect(plan.cells.map(\.forecast).reduce(0, +) == 8, "every arrival of the one week, not a quarter")
        let old =
            facts + [
                ConversationFacts(
                    id: ConversationID(99), channel: .twitter, account: "brand", priority: .normal, firstResponder: nil,
                    firstMessageAt: now.addingTimeInterval(-27 * 86_400),
                    firstInboundAt: now.addingTimeInterval(-27 * 86_400),
                    firstResponseAt: nil, resolvedAt: nil, needsResponse: true)
            ]
        let four = StaffingPlan(
            facts: old, events: [], weeks: 4, now: now, timeZone: utc, targetSeconds: 1800, serviceLevel: 0.8,
            concurrency: 1)
        #expect(four.weeksMeasured == 4 && four.cells.map(\.forecast).reduce(0, +) == 9.0 / 4)
    }
}
